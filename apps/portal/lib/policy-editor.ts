import {
  POLICY_SECTIONS,
  policyDocumentSchema,
  type PolicyDocument,
  type PolicyDocumentInput,
  type PolicySection,
} from '@llmguard/shared';

// The policy editor edits one section at a time as JSON: the same schema the control plane validates with checks
// it in the browser and again in the server action, and the API's own answer is the last word. Problems are
// reported by path inside the section (`tenant.tokensPerMinute`), so they show under the editor they concern.

export type SectionProblem = { path: string; message: string };

export type SectionParse =
  | { ok: true; value: PolicyDocumentInput[PolicySection] | undefined }
  | { ok: false; problems: SectionProblem[] };

/** The tenant's own settings of a section as editor text; `{}` when the section inherits everything. */
export function sectionEditorText(document: PolicyDocument, section: PolicySection): string {
  return JSON.stringify(document[section] ?? {}, null, 2);
}

export function isPolicySection(value: string): value is PolicySection {
  return (POLICY_SECTIONS as readonly string[]).includes(value);
}

/** Parses and validates the editor text of one section; `{}` or blank means "inherit the tier's defaults". */
export function parseSectionText(section: PolicySection, text: string): SectionParse {
  if (text.trim() === '') return { ok: true, value: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'not JSON';
    return { ok: false, problems: [{ path: '', message: `This is not valid JSON: ${reason}` }] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problems: [{ path: '', message: 'The section must be a JSON object, like {}.' }] };
  }
  const result = policyDocumentSchema.safeParse({ [section]: value });
  if (!result.success) {
    return {
      ok: false,
      problems: result.error.issues.map((issue) => ({
        path: issue.path.slice(1).map(String).join('.'),
        message: readableBound(issue.message),
      })),
    };
  }
  const empty = Object.keys(value).length === 0;
  return { ok: true, value: empty ? undefined : (value as PolicyDocumentInput[PolicySection]) };
}

/** The whole document to save: the current one with one section replaced (or dropped, to inherit the tier). */
export function documentWithSection(
  document: PolicyDocument,
  section: PolicySection,
  value: PolicyDocumentInput[PolicySection] | undefined,
): PolicyDocumentInput {
  const next: PolicyDocumentInput = { ...document };
  if (value === undefined) delete next[section];
  else (next as Record<string, unknown>)[section] = value;
  return next;
}

/** zod's "Too small: expected number to be >=1" as a sentence a form can show: "Use at least 1." */
export function readableBound(message: string): string {
  const bound = /^Too (small|big): expected number to be ([<>])=(\d+(?:\.\d+)?)$/.exec(message);
  if (!bound) return message;
  const limit = Number(bound[3]).toLocaleString('en-US', { maximumFractionDigits: 6 });
  return bound[2] === '>' ? `Use at least ${limit}.` : `Use at most ${limit}.`;
}

const LOCATION = /^body\.document\.([A-Za-z]+)\.?(\S*) (.+)$/;

/**
 * The API's validation problems of one section, read from its public message ("The request body is invalid:
 * body.document.rateLimits.tenant.tokensPerMinute must be…; …"): the typed client keeps field errors by top-level
 * field only, and all of a policy is one field (`document`).
 */
export function sectionProblemsFromApiMessage(message: string, section: PolicySection): SectionProblem[] {
  const marker = 'is invalid: ';
  const start = message.indexOf(marker);
  if (start < 0) return [];
  const problems: SectionProblem[] = [];
  for (const part of message.slice(start + marker.length).split('; ')) {
    const match = LOCATION.exec(part);
    if (match && match[1] === section)
      problems.push({ path: match[2] ?? '', message: readableBound(match[3] ?? part) });
  }
  return problems;
}
