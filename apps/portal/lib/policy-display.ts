import type { PolicyDocument, PolicySection } from '@llmguard/shared';

// How the policies page reads a policy: each setting's effective value, and whether it is the tier's default or
// this workspace's override. Pure functions over the API's three documents (tier defaults, the tenant's own
// document, the effective merge), so they render on the server and the tests pin them.

export type PolicySource = 'override' | 'tier';

/** One setting in force: where it sits, what it reads as, and where it comes from. */
export type PolicyRow = { path: string; label: string; value: string; source: PolicySource };

export const POLICY_SECTION_INFO: Record<
  PolicySection,
  { title: string; description: string; empty: string }
> = {
  rateLimits: {
    title: 'Rate limits',
    description: 'Requests, tokens and concurrency per workspace, key, end user and model.',
    empty: 'No limits: traffic is not throttled.',
  },
  budgets: {
    title: 'Budgets',
    description: 'Spend caps per UTC day and month, and when to alert.',
    empty: 'No spend cap.',
  },
  guardrails: {
    title: 'Guardrails',
    description: 'Personal data, prompt injection and content filtering on prompts and completions.',
    empty: 'No guardrails: prompts and completions pass unchecked.',
  },
  cache: {
    title: 'Cache',
    description: 'Exact and semantic answer caching.',
    empty: 'Caching is off.',
  },
  routing: {
    title: 'Routing rules',
    description:
      'Which providers, regions and deployments requests may use: content rules, data sensitivity, overflow, fallbacks and degradation.',
    empty: 'Every provider and region of the routes is allowed.',
  },
  dataResidency: {
    title: 'Data residency',
    description: 'Where prompts may be processed and stored.',
    empty: 'No residency restriction.',
  },
};

export const RATE_LIMIT_FIELDS = [
  { key: 'requestsPerMinute', label: 'Requests / min' },
  { key: 'tokensPerMinute', label: 'Tokens / min' },
  { key: 'requestsPerDay', label: 'Requests / day' },
  { key: 'tokensPerDay', label: 'Tokens / day' },
  { key: 'concurrentRequests', label: 'Concurrent' },
] as const;

export type RateLimitCell = { value: string; source: PolicySource } | null;
export type RateLimitScopeRow = { scope: string; label: string; cells: RateLimitCell[] };

type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (value: Json): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function valueAt(document: Json, path: readonly string[]): Json {
  let current = document;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

function sourceOf(tenantDocument: PolicyDocument, path: readonly string[]): PolicySource {
  return valueAt(tenantDocument, path) === undefined ? 'tier' : 'override';
}

/** The rate-limit matrix: one row per scope that has any limit, one cell per limit kind. */
export function rateLimitRows(
  effective: PolicyDocument,
  tenantDocument: PolicyDocument,
): RateLimitScopeRow[] {
  const limits = effective.rateLimits ?? {};
  const scopes: { scope: string; label: string; path: string[] }[] = [
    { scope: 'tenant', label: 'Whole workspace', path: ['rateLimits', 'tenant'] },
    { scope: 'perKey', label: 'Each API key', path: ['rateLimits', 'perKey'] },
    { scope: 'perEndUser', label: 'Each end user', path: ['rateLimits', 'perEndUser'] },
    ...Object.keys(limits.perModel ?? {})
      .sort()
      .map((model) => ({
        scope: `perModel.${model}`,
        label: `Model ${model}`,
        path: ['rateLimits', 'perModel', model],
      })),
  ];
  const rows: RateLimitScopeRow[] = [];
  for (const { scope, label, path } of scopes) {
    const cells = RATE_LIMIT_FIELDS.map(({ key }): RateLimitCell => {
      const value = valueAt(effective, [...path, key]);
      if (typeof value !== 'number') return null;
      return { value: value.toLocaleString('en-US'), source: sourceOf(tenantDocument, [...path, key]) };
    });
    if (cells.some((cell) => cell !== null)) rows.push({ scope, label, cells });
  }
  return rows;
}

/** Every setting of a section in force, at its leaves (arrays count as one value), in document order. */
export function sectionRows(
  section: PolicySection,
  effective: PolicyDocument,
  tenantDocument: PolicyDocument,
): PolicyRow[] {
  const rows: PolicyRow[] = [];
  const walk = (value: Json, path: string[]) => {
    if (isObject(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
      return;
    }
    if (value === undefined) return;
    rows.push({
      path: path.join('.'),
      label: path.slice(1).map(humanize).join(' · '),
      value: formatPolicyValue(path.at(-1) ?? '', value),
      source: sourceOf(tenantDocument, path),
    });
  };
  walk(effective[section], [section]);
  return rows;
}

/** `tokensPerMinute` → "Tokens per minute", `pii` → "PII". */
export function humanize(key: string): string {
  const special: Record<string, string> = { pii: 'PII', ttlSeconds: 'TTL', perKey: 'Per key' };
  if (special[key]) return special[key];
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A setting's value as text, by the unit its name carries (micros, percent, seconds). */
export function formatPolicyValue(key: string, value: Json): string {
  if (key.endsWith('Micros') && (typeof value === 'string' || typeof value === 'number')) {
    return formatUsdMicros(String(value));
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    // Lists of objects (routing rules) show each item as JSON; they have no unit of their own.
    if (value.some(isObject)) return value.map((item) => JSON.stringify(item)).join('; ');
    return value.map((item) => (key.endsWith('Percent') ? `${String(item)}%` : String(item))).join(', ');
  }
  if (typeof value === 'boolean') return value ? 'On' : 'Off';
  if (typeof value === 'number') {
    const text = value.toLocaleString('en-US', { maximumFractionDigits: 6 });
    return key.endsWith('Seconds') ? `${text} s` : text;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** USD micros (a decimal string, possibly beyond 2^53) as dollars: "$1,234.50", or six decimals when needed. */
export function formatUsdMicros(micros: string): string {
  if (!/^\d+$/.test(micros)) return micros;
  const amount = BigInt(micros);
  const dollars = amount / 1_000_000n;
  const fraction = (amount % 1_000_000n).toString().padStart(6, '0');
  const cents = fraction.endsWith('0000') ? fraction.slice(0, 2) : fraction.replace(/0+$/, '').padEnd(2, '0');
  return `$${dollars.toLocaleString('en-US')}.${cents}`;
}

/** A value in a diff (path as the API gives it): "not set" for absent (the API's null), else by its unit. */
export function formatChangeValue(path: string, value: Json): string {
  if (value === null || value === undefined) return 'not set';
  const key = /([A-Za-z0-9_]+)$/.exec(path)?.[1] ?? '';
  return isObject(value) ? JSON.stringify(value) : formatPolicyValue(key, value);
}
