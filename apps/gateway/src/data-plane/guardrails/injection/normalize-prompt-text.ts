// Characters that render as nothing, used to split trigger words ("ig\u200Bnore") past pattern matching.
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;
const NON_ASCII = /[\u0080-\uFFFF]/;

/**
 * The text the injection rules read: lower case, and, when it holds anything beyond ASCII, NFKC-folded
 * (full-width and styled letters become plain ones) with invisible characters removed. ASCII text skips the
 * Unicode work, which is most of the cost on long prompts.
 */
export function normalizePromptText(text: string): string {
  const lower = text.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  return lower.normalize('NFKC').replace(INVISIBLE, '');
}
