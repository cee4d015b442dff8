import { createHash } from 'node:crypto';

/** A JSON value as stored in audit_log.before / after (jsonb). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** The fields of an entry that its hash covers: everything except previous_hash (the prefix) and hash itself. */
export type ChainedFields = {
  id: string;
  tenantId: string | null;
  sequence: bigint;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  before: JsonValue;
  after: JsonValue;
  occurredAt: Date;
};

/**
 * JSON with object keys sorted at every depth and no whitespace, so the same entry always serialises to the same
 * text, whatever key order jsonb hands back.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`).join(',')}}`;
}

/** `sha256(previousHash + canonical JSON of the entry)`, hex; the first entry of a chain has no previous hash. */
export function chainHash(previousHash: string | null, fields: ChainedFields): string {
  const entry: JsonObject = {
    id: fields.id,
    tenantId: fields.tenantId,
    // bigint has no JSON form; a decimal string keeps every digit.
    sequence: fields.sequence.toString(),
    actorType: fields.actorType,
    actorId: fields.actorId,
    action: fields.action,
    targetType: fields.targetType,
    targetId: fields.targetId,
    ip: fields.ip,
    userAgent: fields.userAgent,
    before: fields.before,
    after: fields.after,
    occurredAt: fields.occurredAt.toISOString(),
  };
  return createHash('sha256')
    .update((previousHash ?? '') + canonicalJson(entry))
    .digest('hex');
}
