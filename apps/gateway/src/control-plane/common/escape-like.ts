/**
 * Escapes a user's search text for a LIKE pattern (and for Prisma's contains/startsWith, which pass it to LIKE
 * unescaped): `%`, `_` and `\` then match themselves, with backslash being Postgres's default escape character.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}
