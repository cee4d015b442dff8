/** A page request after contract parsing: `limit` is bounded by the contract. */
export type PageRequest = { limit: number; cursor?: string };

/**
 * Repositories fetch `limit + 1` rows; the extra row only says whether another page exists, and the last row
 * shown becomes the opaque cursor of the next page.
 */
export function toPage<Row, Item>(
  rows: Row[],
  page: PageRequest,
  view: (row: Row) => Item,
  cursorOf: (row: Row) => string,
): { data: Item[]; nextCursor: string | null } {
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    data: shown.map(view),
    nextCursor: rows.length > page.limit && last !== undefined ? cursorOf(last) : null,
  };
}
