/** BullMQ queue of the worker's periodic usage housekeeping. */
export const USAGE_MAINTENANCE_QUEUE = 'usage-maintenance';

/** Job (and job scheduler) names on that queue. */
export const TRIM_USAGE_STREAM_JOB = 'trim-usage-stream';
export const DELETE_EXPIRED_USAGE_JOB = 'delete-expired-usage-events';

/** The retention sweep runs hourly: rows expire by the day, so more often would find nothing. */
export const DELETE_EXPIRED_USAGE_EVERY_MS = 3600 * 1000;

/** Expired semantic cache entries (the gateways ignore them already) are deleted every ten minutes. */
export const DELETE_EXPIRED_SEMANTIC_CACHE_JOB = 'delete-expired-semantic-cache';
export const DELETE_EXPIRED_SEMANTIC_CACHE_EVERY_MS = 10 * 60 * 1000;
