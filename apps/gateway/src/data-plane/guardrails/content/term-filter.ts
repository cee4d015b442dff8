/** One blocked term found in a text: where, and which list entry matched (never more of the text). */
export type TermHit = { start: number; end: number; term: string };

/** Finds a tenant's blocked terms in a text, skipping those inside its allowed phrases. */
export type TermFilter = { find(text: string): TermHit[] };

const WORD_CHAR = '[\\p{L}\\p{N}]';

/** A list entry as a regex source: literal text, `*` as letters within a word, any run of spaces as one or more. */
function termSource(term: string): string {
  return term
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'))
    .join(`${WORD_CHAR}*`);
}

/** One alternation over every entry, bounded by non-word characters, so a text is scanned once per list. */
function listRegex(terms: readonly string[]): RegExp | undefined {
  if (terms.length === 0) return undefined;
  // Longest first: "hack tool" wins over "hack" where both match.
  const sources = [...terms].sort((a, b) => b.length - a.length).map(termSource);
  return new RegExp(
    `(?<!${WORD_CHAR})(?:${sources.map((source) => `(${source})`).join('|')})(?!${WORD_CHAR})`,
    'giu',
  );
}

/**
 * Compiles a blocklist and an allowlist. Terms are literal words with `*` wildcards, never regular expressions,
 * so every compiled pattern is linear: one alternation of literals and `[\p{L}\p{N}]*` runs.
 */
export function compileTermFilter(
  blocked: readonly string[],
  allowed: readonly string[],
): TermFilter | undefined {
  const blockedRegex = listRegex(blocked);
  if (!blockedRegex) return undefined;
  const sortedBlocked = [...blocked].sort((a, b) => b.length - a.length);
  const allowedRegex = listRegex(allowed);
  return {
    find(text) {
      const hits: TermHit[] = [];
      for (const match of text.matchAll(blockedRegex)) {
        const group = match.slice(1).findIndex((value) => value !== undefined);
        hits.push({
          start: match.index,
          end: match.index + match[0].length,
          term: sortedBlocked[group] ?? '',
        });
      }
      if (hits.length === 0 || !allowedRegex) return hits;
      const allowedSpans = [...text.matchAll(allowedRegex)].map((match) => [
        match.index,
        match.index + match[0].length,
      ]);
      return hits.filter(
        (hit) => !allowedSpans.some(([start = 0, end = 0]) => hit.start >= start && hit.end <= end),
      );
    },
  };
}
