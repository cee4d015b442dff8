/** BullMQ queue of the spend counters and budget alerts. */
export const BUDGETS_QUEUE = 'budgets';

/** Recomputes the spend counters of tenants with new usage, then evaluates their budget alerts. */
export const SYNC_SPEND_JOB = 'sync-spend-and-alert';
