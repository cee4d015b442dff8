import { z } from 'zod';
import { isoDateTimeSchema, pageSchema, paginationQueryShape } from './common.schemas';
import { defineEndpoint } from './endpoint';

export const auditActorTypeSchema = z.enum(['user', 'api_key', 'system']);

/** One audit entry, with its place in the tenant's hash chain. */
export const auditEntrySchema = z.object({
  id: z.string(),
  tenantId: z.string().nullable(),
  /** 1, 2, 3… per chain. */
  sequence: z.number().int().positive(),
  actorType: auditActorTypeSchema,
  actorId: z.string().nullable(),
  /** `<resource>.<verb>`, e.g. `api_key.created`. */
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** State before the change, secrets removed; null for creations. */
  before: z.json().nullable(),
  /** State after the change, secrets removed; null for deletions. */
  after: z.json().nullable(),
  previousHash: z.string().nullable(),
  hash: z.string(),
  occurredAt: isoDateTimeSchema,
});

/**
 * Who an entry's actor id names, looked up when the list is read (the chain stores ids only): a user's name and email,
 * or a key's name. Null for the system, or for a user or key that no longer exists.
 */
export const auditActorDetailsSchema = z.object({
  name: z.string(),
  /** The user's email; null for an API key. */
  email: z.string().nullable(),
  /** A platform operator, who acts on tenants without being one of their members. */
  isPlatformAdmin: z.boolean(),
});

/** An entry as the list returns it: the chained entry plus its actor's details. */
export const auditListEntrySchema = auditEntrySchema.extend({ actor: auditActorDetailsSchema.nullable() });

const filterText = z.string().min(1).max(200);

/** Filters shared by the list and the export. */
const auditFilterShape = {
  actorType: auditActorTypeSchema.optional(),
  actorId: filterText.optional(),
  /** Exact (`api_key.created`), or a prefix when it ends in `.` or `.*` (`api_key.`, `api_key.*`). */
  action: filterText.optional(),
  targetType: filterText.optional(),
  targetId: filterText.optional(),
  /** Inclusive lower bound of occurredAt. */
  from: isoDateTimeSchema.optional(),
  /** Exclusive upper bound of occurredAt. */
  to: isoDateTimeSchema.optional(),
  /**
   * Case-insensitive text found in the action, target type or id, or actor id, or in the email or name of the user
   * or the name of the key that acted.
   */
  search: filterText.optional(),
};

export const listAuditLogQuerySchema = z
  .strictObject({ ...auditFilterShape, ...paginationQueryShape })
  .refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), {
    message: 'must be before "to"',
    path: ['from'],
  });

/** Longest period one export may cover. */
export const AUDIT_EXPORT_RANGE_DAYS_MAX = 366;

const DAY_MS = 86_400_000;

export const auditExportFormatSchema = z.enum(['csv', 'jsonl']);

/**
 * The export takes the list's filters. `to` defaults to now and `from` to {@link AUDIT_EXPORT_RANGE_DAYS_MAX} days
 * before `to`; a longer period is refused, so one export is bounded.
 */
export const exportAuditLogQuerySchema = z
  .strictObject({ ...auditFilterShape, format: auditExportFormatSchema.default('csv') })
  .transform((query) => {
    const to = query.to ?? new Date().toISOString();
    const from = query.from ?? new Date(Date.parse(to) - AUDIT_EXPORT_RANGE_DAYS_MAX * DAY_MS).toISOString();
    return { ...query, from, to };
  })
  .superRefine((query, context) => {
    const span = Date.parse(query.to) - Date.parse(query.from);
    if (span <= 0) context.addIssue({ code: 'custom', message: 'must be before "to"', path: ['from'] });
    else if (span > AUDIT_EXPORT_RANGE_DAYS_MAX * DAY_MS)
      context.addIssue({
        code: 'custom',
        message: `must be at most ${AUDIT_EXPORT_RANGE_DAYS_MAX} days before "to"`,
        path: ['from'],
      });
  });

/** Why a chain link failed: a missing sequence number, a previous_hash that does not match, or an edited entry. */
export const chainBreakReasonSchema = z.enum(['sequence_gap', 'previous_hash_mismatch', 'hash_mismatch']);

export const verifyAuditLogResponseSchema = z.object({
  valid: z.boolean(),
  /** Entries examined, up to and including the first broken one. */
  checked: z.number().int().nonnegative(),
  firstBrokenAt: z
    .object({ id: z.string(), sequence: z.number().int(), reason: chainBreakReasonSchema })
    .optional(),
});

const auditPath = '/api/tenants/:tenantSlug/audit-log';

/** The tenant's audit log and the check of its hash chain. */
export const auditLogContract = {
  list: defineEndpoint({
    method: 'GET',
    path: auditPath,
    summary: 'Audit entries of the tenant, newest first, with filters.',
    successStatus: 200,
    query: listAuditLogQuerySchema,
    response: pageSchema(auditListEntrySchema),
  }),
  verify: defineEndpoint({
    method: 'GET',
    path: `${auditPath}/verify`,
    summary: "Recomputes the tenant's hash chain and reports the first broken link.",
    successStatus: 200,
    response: verifyAuditLogResponseSchema,
  }),
  /** A file download (CSV with a header row, or one JSON entry per line), oldest first; not JSON, so no schema. */
  export: defineEndpoint({
    method: 'GET',
    path: `${auditPath}/export`,
    summary:
      'Downloads the filtered audit entries of a bounded period as CSV or JSON lines; the export is audited.',
    successStatus: 200,
    query: exportAuditLogQuerySchema,
  }),
};

export type AuditEntryView = z.infer<typeof auditEntrySchema>;
export type AuditActorDetails = z.infer<typeof auditActorDetailsSchema>;
export type AuditListEntryView = z.infer<typeof auditListEntrySchema>;
export type ListAuditLogQuery = z.output<typeof listAuditLogQuerySchema>;
export type ExportAuditLogQuery = z.output<typeof exportAuditLogQuerySchema>;
export type AuditExportFormat = z.infer<typeof auditExportFormatSchema>;
/** The filters of a list or an export, without paging or format. */
export type AuditLogFilters = Omit<ListAuditLogQuery, 'cursor' | 'limit'>;
export type ChainBreakReason = z.infer<typeof chainBreakReasonSchema>;
export type VerifyAuditLogResponse = z.infer<typeof verifyAuditLogResponseSchema>;
