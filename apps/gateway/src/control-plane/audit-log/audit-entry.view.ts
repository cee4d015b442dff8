import type { AuditLogEntry } from '@llmguard/db';
import type { AuditEntryView } from '@llmguard/shared';
import type { JsonValue } from '@llmguard/server';

export function toAuditEntryView(entry: AuditLogEntry): AuditEntryView {
  return {
    id: entry.id,
    tenantId: entry.tenantId,
    sequence: Number(entry.sequence),
    actorType: entry.actorType,
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    ip: entry.ip,
    userAgent: entry.userAgent,
    before: entry.before as JsonValue,
    after: entry.after as JsonValue,
    previousHash: entry.previousHash,
    hash: entry.hash,
    occurredAt: entry.occurredAt.toISOString(),
  };
}
