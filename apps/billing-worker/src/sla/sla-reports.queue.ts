/** BullMQ queue of the daily SLA reports. */
export const SLA_REPORTS_QUEUE = 'sla-reports';

/** Recomputes the reports of the days since the newest stored one (at most a week back) through today. */
export const COMPUTE_SLA_REPORTS_JOB = 'compute-sla-reports';
