/** BullMQ queue of the worker's Stripe jobs. */
export const STRIPE_BILLING_QUEUE = 'stripe-billing';

/** Job (and job scheduler) names on that queue. */
export const SYNC_STRIPE_CUSTOMERS_JOB = 'sync-stripe-customers';
export const REPORT_USAGE_TO_STRIPE_JOB = 'report-usage-to-stripe';
