import { PHONE_REGIONS, type PolicySection } from '@llmguard/shared';
import { parseSectionText, type SectionProblem } from './policy-editor';

// The per-field forms of the common policy sections (rate limits, budgets, cache, guardrails), beside the JSON editor. A form
// edits the workspace's overrides: an empty field inherits the tier's default, and whatever the form does not show
// (per-model limits, input/output token limits) is kept as it is. The result goes through the same schema check
// and the same save as the JSON editor, so both editors agree on every rule.

/** How a field is typed, and how its text becomes a policy value. */
export type PolicyFieldKind =
  /** A whole number from 1 (a limit). */
  | 'count'
  /** A whole number from 0 (a wait in ms). */
  | 'integer'
  /** A decimal number (a similarity threshold). */
  | 'decimal'
  /** US dollars, stored as micros in a decimal string. */
  | 'usd'
  /** Whole percentages separated by commas. */
  | 'percentList'
  /** Region codes (ISO 3166-1 alpha-2) separated by commas. */
  | 'regionList'
  /** On, off, or the tier's default. */
  | 'toggle'
  /** One of `options`, or the tier's default. */
  | 'choice';

export type PolicyFormField = {
  /** Dotted path inside the section (`tenant.tokensPerMinute`), as the schema's problems name it. */
  path: string;
  label: string;
  kind: PolicyFieldKind;
  options?: readonly { value: string; label: string }[];
};

export type PolicyFormGroup = { title: string; fields: PolicyFormField[]; note?: string };

const SCOPE_LIMITS = [
  ['requestsPerMinute', 'Requests / min'],
  ['tokensPerMinute', 'Tokens / min'],
  ['requestsPerDay', 'Requests / day'],
  ['tokensPerDay', 'Tokens / day'],
  ['concurrentRequests', 'Concurrent requests'],
] as const;

const PII_ACTIONS = [
  { value: 'off', label: 'Off' },
  { value: 'detect', label: 'Detect and report' },
  { value: 'mask', label: 'Mask ([EMAIL])' },
  { value: 'redact', label: 'Redact (reversible)' },
  { value: 'block', label: 'Block' },
] as const;

const KNOWN_REGIONS: ReadonlySet<string> = new Set(PHONE_REGIONS);

const scopeGroup = (scope: string, title: string): PolicyFormGroup => ({
  title,
  fields: SCOPE_LIMITS.map(([key, label]) => ({ path: `${scope}.${key}`, label, kind: 'count' })),
});

/** The sections that have a form, and its fields in order; the others are edited as JSON only. */
export const POLICY_FORMS: Partial<Record<PolicySection, readonly PolicyFormGroup[]>> = {
  rateLimits: [
    scopeGroup('tenant', 'Whole workspace'),
    scopeGroup('perKey', 'Each API key'),
    scopeGroup('perEndUser', 'Each end user'),
    {
      title: 'Admission',
      note: 'Per-model limits and separate input and output token limits are edited as JSON.',
      fields: [
        { path: 'defaultMaxOutputTokens', label: 'Output tokens reserved without max_tokens', kind: 'count' },
        {
          path: 'onLimiterUnavailable',
          label: 'When the limiter is unreachable',
          kind: 'choice',
          options: [
            { value: 'fail_open', label: 'Admit (fail open)' },
            { value: 'fail_closed', label: 'Refuse (fail closed)' },
          ],
        },
        { path: 'fairShareWeight', label: 'Fair-share weight in queues', kind: 'count' },
        { path: 'maxQueueWaitMs', label: 'Longest queue wait (ms)', kind: 'integer' },
      ],
    },
  ],
  budgets: [
    {
      title: 'Spend caps',
      fields: [
        { path: 'dailyCapMicros', label: 'Daily cap (USD)', kind: 'usd' },
        { path: 'monthlyCapMicros', label: 'Monthly cap (USD)', kind: 'usd' },
        {
          path: 'action',
          label: 'At a cap',
          kind: 'choice',
          options: [
            { value: 'block', label: 'Refuse requests' },
            { value: 'alert', label: 'Alert only' },
          ],
        },
        { path: 'alertThresholdsPercent', label: 'Alert at (% of a cap)', kind: 'percentList' },
      ],
    },
  ],
  cache: [
    {
      title: 'Exact cache',
      fields: [
        { path: 'exact.enabled', label: 'Exact matches', kind: 'toggle' },
        { path: 'exact.ttlSeconds', label: 'Lifetime (s)', kind: 'count' },
      ],
    },
    {
      title: 'Semantic cache',
      fields: [
        { path: 'semantic.enabled', label: 'Similar prompts', kind: 'toggle' },
        { path: 'semantic.ttlSeconds', label: 'Lifetime (s)', kind: 'count' },
        { path: 'semantic.similarityThreshold', label: 'Similarity from (0.5–1)', kind: 'decimal' },
        { path: 'storePromptText', label: 'Store prompt text', kind: 'toggle' },
      ],
    },
  ],
  guardrails: [
    {
      title: 'Personal data',
      note: 'Actions per kind of data, terms, categories and the classifier and moderation models are edited as JSON.',
      fields: [
        { path: 'pii.inputAction', label: 'In prompts', kind: 'choice', options: PII_ACTIONS },
        {
          path: 'pii.outputAction',
          label: 'In answers',
          kind: 'choice',
          options: PII_ACTIONS.filter((option) => option.value !== 'redact'),
        },
        {
          path: 'pii.phoneRegions',
          label: 'Phone numbers without +, from (e.g. GB, DE)',
          kind: 'regionList',
        },
      ],
    },
    {
      title: 'Prompt injection',
      fields: [
        {
          path: 'promptInjection.action',
          label: 'Likely injections',
          kind: 'choice',
          options: [
            { value: 'off', label: 'Off' },
            { value: 'flag', label: 'Flag (header and audit)' },
            { value: 'block', label: 'Block' },
          ],
        },
        { path: 'promptInjection.threshold', label: 'Score from (0–1)', kind: 'decimal' },
      ],
    },
    {
      title: 'Content filter',
      fields: [
        {
          path: 'contentFilter.action',
          label: 'Blocked terms and categories',
          kind: 'choice',
          options: [
            { value: 'block', label: 'Block' },
            { value: 'flag', label: 'Flag' },
          ],
        },
      ],
    },
  ],
};

/** The text of each field of a form: `''` where the section leaves it to the tier. */
export type PolicyFormValues = Record<string, string>;

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const fieldsOf = (section: PolicySection) => (POLICY_FORMS[section] ?? []).flatMap((group) => group.fields);

/** The form's text for a section's settings (the workspace's overrides, or the tier's defaults for placeholders). */
export function formValuesOf(section: PolicySection, settings: unknown): PolicyFormValues {
  const values: PolicyFormValues = {};
  for (const field of fieldsOf(section)) values[field.path] = textOf(field, valueAt(settings, field.path));
  return values;
}

/**
 * The section's overrides from the form: each field set, or removed when empty, on top of `overrides` (so what the
 * form does not show stays), then checked with the policy schema. Problems name the field's path.
 */
export function sectionFromFormValues(
  section: PolicySection,
  values: PolicyFormValues,
  overrides: unknown,
): { ok: true; json: string } | { ok: false; problems: SectionProblem[] } {
  const next: JsonObject = structuredClone(isObject(overrides) ? overrides : {});
  const problems: SectionProblem[] = [];
  for (const field of fieldsOf(section)) {
    const parsed = valueOf(field, values[field.path] ?? '');
    if (parsed.problem) problems.push({ path: field.path, message: parsed.problem });
    else setAt(next, field.path, parsed.value);
  }
  if (problems.length > 0) return { ok: false, problems };
  const json = JSON.stringify(next, null, 2);
  const checked = parseSectionText(section, json);
  return checked.ok ? { ok: true, json } : { ok: false, problems: checked.problems };
}

function textOf(field: PolicyFormField, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (field.kind === 'usd') return microsToDollars(String(value));
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

type Parsed = { value: unknown; problem?: undefined } | { value?: undefined; problem: string };

function valueOf(field: PolicyFormField, text: string): Parsed {
  const trimmed = text.trim();
  if (trimmed === '') return { value: undefined };
  switch (field.kind) {
    case 'count':
    case 'integer':
      return /^\d+$/.test(trimmed) ? { value: Number(trimmed) } : { problem: 'Enter a whole number.' };
    case 'decimal':
      return /^\d+(\.\d+)?$/.test(trimmed) ? { value: Number(trimmed) } : { problem: 'Enter a number.' };
    case 'usd': {
      const micros = dollarsToMicros(trimmed);
      return micros === null
        ? { problem: 'Enter an amount in dollars, like 250 or 0.5.' }
        : { value: micros };
    }
    case 'percentList': {
      const parts = trimmed.split(/[\s,]+/).filter(Boolean);
      return parts.every((part) => /^\d+$/.test(part))
        ? { value: parts.map(Number) }
        : { problem: 'Enter whole percentages separated by commas, like 50, 80, 100.' };
    }
    case 'regionList': {
      const codes = trimmed
        .toUpperCase()
        .split(/[\s,]+/)
        .filter(Boolean);
      const unknown = codes.find((code) => !KNOWN_REGIONS.has(code));
      return unknown === undefined
        ? { value: codes }
        : { problem: `${unknown} is not a region code: use ISO 3166-1 codes such as GB, DE or US.` };
    }
    case 'toggle':
      return trimmed === 'true' || trimmed === 'false'
        ? { value: trimmed === 'true' }
        : { problem: 'Choose on or off.' };
    case 'choice':
      return field.options?.some((option) => option.value === trimmed)
        ? { value: trimmed }
        : { problem: 'Choose one of the options.' };
  }
}

/** "12.5" dollars → "12500000" micros; null when not an amount with at most 6 decimals. */
export function dollarsToMicros(text: string): string | null {
  const match = /^(\d{1,13})(?:\.(\d{1,6}))?$/.exec(text.replace(/^\$/, ''));
  if (!match) return null;
  const micros = BigInt(match[1]!) * 1_000_000n + BigInt((match[2] ?? '').padEnd(6, '0') || '0');
  return micros.toString();
}

/** "12500000" micros → "12.5" dollars (no trailing zeros). */
export function microsToDollars(micros: string): string {
  if (!/^\d+$/.test(micros)) return micros;
  const amount = BigInt(micros);
  const fraction = (amount % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return fraction === '' ? (amount / 1_000_000n).toString() : `${amount / 1_000_000n}.${fraction}`;
}

function valueAt(settings: unknown, path: string): unknown {
  let current = settings;
  for (const key of path.split('.')) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** Sets or (for undefined) removes a value at a dotted path; an object left empty goes too (it would inherit). */
function setAt(target: JsonObject, path: string, value: unknown): void {
  const [key, ...rest] = path.split('.');
  if (key === undefined) return;
  if (rest.length === 0) {
    if (value === undefined) delete target[key];
    else target[key] = value;
    return;
  }
  const child = isObject(target[key]) ? target[key] : {};
  setAt(child, rest.join('.'), value);
  if (Object.keys(child).length === 0) delete target[key];
  else target[key] = child;
}
