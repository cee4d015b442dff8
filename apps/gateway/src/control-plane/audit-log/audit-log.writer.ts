import { Injectable } from '@nestjs/common';
import { Prisma, type ActorType } from '@llmguard/db';
import { newId } from '@llmguard/shared';
import { chainHash, type JsonObject, type JsonValue } from '@llmguard/server';

/** Who made a change, and from where. */
export type AuditActor = { type: ActorType; id: string | null; ip: string | null; userAgent: string | null };

/** What changed. `before` and `after` must already be free of secrets and hashes (use the API views). */
export type AuditEvent = {
  /** The chain: a tenant's, or null for platform events (sign-up, sign-in). */
  tenantId: string | null;
  /** `<resource>.<verb>`, e.g. `api_key.created`. */
  action: string;
  target?: { type: string; id: string };
  before?: object | null;
  after?: object | null;
};

// First key of the two-key advisory lock: keeps audit chain locks apart from any other advisory lock users.
const AUDIT_CHAIN_LOCK_NAMESPACE = 0x4c474155; // "LGAU"

/**
 * Appends entries to the hash-chained audit log. It takes the caller's transaction, so an entry commits or rolls
 * back with the change it records. Writers of one chain are serialised by a transaction-scoped advisory lock keyed
 * by the tenant, so two concurrent changes cannot both extend the same head and fork the chain; the lock is
 * released at commit. Call it last in the transaction so the lock is held briefly.
 */
@Injectable()
export class AuditLogWriter {
  async append(tx: Prisma.TransactionClient, actor: AuditActor, event: AuditEvent): Promise<void> {
    const chainKey = event.tenantId ?? 'platform';
    // The address is normalised by Postgres (inet's text form) before hashing, so the verifier, which reads the
    // stored inet back, recomputes exactly the same text.
    const [locked] = await tx.$queryRaw<{ ip: string | null }[]>`
      SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_NAMESPACE}::int, hashtext(${chainKey}))::text AS locked,
             host(CAST(${actor.ip} AS inet)) AS ip`;
    const head = await tx.auditLogEntry.findFirst({
      where: { tenantId: event.tenantId },
      orderBy: { sequence: 'desc' },
      select: { sequence: true, hash: true },
    });
    const fields = {
      id: newId('aud'),
      tenantId: event.tenantId,
      sequence: (head?.sequence ?? 0n) + 1n,
      actorType: actor.type,
      actorId: actor.id,
      action: event.action,
      targetType: event.target?.type ?? null,
      targetId: event.target?.id ?? null,
      ip: locked?.ip ?? null,
      userAgent: actor.userAgent,
      before: toJson(event.before),
      after: toJson(event.after),
      // Milliseconds, which timestamptz(6) stores exactly, so the stored instant hashes the same when read back.
      occurredAt: new Date(),
    };
    const previousHash = head?.hash ?? null;
    await tx.auditLogEntry.create({
      data: {
        ...fields,
        before: fields.before === null ? Prisma.DbNull : (fields.before as Prisma.InputJsonValue),
        after: fields.after === null ? Prisma.DbNull : (fields.after as Prisma.InputJsonValue),
        previousHash,
        hash: chainHash(previousHash, fields),
      },
    });
  }
}

/** Plain JSON exactly as jsonb will return it: dates as ISO strings, undefined fields dropped. */
function toJson(value: object | null | undefined): JsonValue {
  if (value === null || value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}
