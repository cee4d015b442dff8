/** Rows one maintenance DELETE removes at most: short transactions, so the writers they share a table with never wait long. */
export const DELETE_BATCH_ROWS = 5_000;

/** Runs `deleteBatch` (a DELETE of at most `limit` rows) until one deletes fewer than that; returns the total deleted. */
export async function deleteInBatches(deleteBatch: (limit: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deleteBatch(DELETE_BATCH_ROWS);
    total += deleted;
    if (deleted < DELETE_BATCH_ROWS) return total;
  }
}
