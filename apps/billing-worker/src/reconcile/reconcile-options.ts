import { parseArgs } from 'node:util';
import { z } from 'zod';

const HOUR_MS = 3_600_000;

/** What `reconcile` compares: a period of whole UTC hours, optionally one tenant and a gateway spool. */
export type ReconcileOptions = {
  from: Date;
  to: Date;
  tenantId: string | null;
  spoolDirectory: string | null;
  /** Differences printed per check; the count is always complete. */
  maxPrinted: number;
};

/** An ISO 8601 date (UTC midnight) or date-time; a time without a zone (Z, +hh:mm) is read in local time. */
const instant = z
  .string()
  .refine((value) => /^\d{4}-\d{2}-\d{2}(T|$)/.test(value) && !Number.isNaN(Date.parse(value)), {
    message: 'must be an ISO date or time, e.g. 2026-11-24 or 2026-11-24T13:00:00Z',
  });

const optionsSchema = z
  .object({
    from: instant,
    to: instant,
    tenant: z.string().min(1).optional(),
    'spool-dir': z.string().min(1).optional(),
    'max-printed': z.coerce.number().int().min(1).default(1000),
  })
  .refine((options) => Date.parse(options.from) < Date.parse(options.to), {
    message: 'must be after --from',
    path: ['to'],
  });

export const RECONCILE_USAGE =
  'usage: node apps/billing-worker/dist/reconcile.js --from <ISO time> --to <ISO time> ' +
  '[--tenant <tenant id>] [--spool-dir <gateway usage spool directory>] [--max-printed <n>]';

/**
 * Parses the command line. The period is widened to whole UTC hours, since rollups are per hour:
 * a partial hour would compare a part of the events with the whole rollup.
 */
export function parseReconcileOptions(argv: string[]): ReconcileOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      tenant: { type: 'string' },
      'spool-dir': { type: 'string' },
      'max-printed': { type: 'string' },
    },
    strict: true,
  });
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`${problems.join('; ')}\n${RECONCILE_USAGE}`);
  }
  const options = parsed.data;
  return {
    from: new Date(Math.floor(Date.parse(options.from) / HOUR_MS) * HOUR_MS),
    to: new Date(Math.ceil(Date.parse(options.to) / HOUR_MS) * HOUR_MS),
    tenantId: options.tenant ?? null,
    spoolDirectory: options['spool-dir'] ?? null,
    maxPrinted: options['max-printed'],
  };
}
