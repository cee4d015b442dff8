import type pg from 'pg';
import { chainHash, type JsonObject } from '@llmguard/server';
import {
  contentCategorySchema,
  newId,
  piiEntityTypeSchema,
  type GuardrailSummary,
  type UsageEvent,
} from '@llmguard/shared';
import type { WorkerMetrics } from '../metrics/worker-metrics';

// The audit chain lock namespace the gateway's AuditLogWriter uses ("LGAU"): both append to the same chains.
const AUDIT_CHAIN_LOCK_NAMESPACE = 0x4c474155;

/**
 * The audit action for what a request's guardrails did (on the prompt and on the completion), most severe first;
 * undefined when they found nothing (a request that merely passed its checks is not audited). A completion the
 * moderation model refused is `guardrail.blocked` (blockedBy `content_filter` with outputCategoriesFlagged).
 */
export function guardrailAuditAction(summary: GuardrailSummary | undefined): string | undefined {
  if (!summary) return undefined;
  if (summary.blockedBy) return 'guardrail.blocked';
  const actions = new Set(Object.values(summary.piiActions));
  if (actions.has('redact')) return 'guardrail.redacted';
  // Output kinds set to mask, redact or block were all masked (a completion has nothing to restore or refuse).
  const output = new Set(Object.values(summary.outputPiiActions ?? {}));
  if (actions.has('mask') || [...output].some((action) => action !== 'detect')) return 'guardrail.masked';
  const terms =
    (summary.termHits ?? 0) +
    (summary.outputTermHits ?? 0) +
    (summary.categoriesFlagged?.length ?? 0) +
    (summary.outputCategoriesFlagged?.length ?? 0);
  if (actions.size > 0 || output.size > 0 || terms > 0 || summary.injectionFlagged)
    return 'guardrail.flagged';
  return undefined;
}

/**
 * Appends one audit entry per event whose guardrails acted to its tenant's hash chain, inside the caller's
 * transaction (the one that stored the events, so a replayed event is never audited twice). Entries carry the
 * counts and actions, never a value. Chains are locked one tenant at a time, in tenant order, like the gateway's
 * writer, so the two never fork a chain.
 */
export async function appendGuardrailAudit(
  client: pg.PoolClient,
  events: readonly UsageEvent[],
): Promise<number> {
  const byTenant = new Map<string, { event: UsageEvent; action: string }[]>();
  for (const event of events) {
    const action = guardrailAuditAction(event.guardrails);
    if (action) byTenant.set(event.tenantId, [...(byTenant.get(event.tenantId) ?? []), { event, action }]);
  }
  let appended = 0;
  for (const tenantId of [...byTenant.keys()].sort()) {
    await client.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [
      AUDIT_CHAIN_LOCK_NAMESPACE,
      tenantId,
    ]);
    const { rows } = await client.query<{ sequence: string; hash: string }>(
      'SELECT sequence::text AS sequence, hash FROM audit_log WHERE tenant_id = $1 ORDER BY sequence DESC LIMIT 1',
      [tenantId],
    );
    let sequence = BigInt(rows[0]?.sequence ?? '0');
    let previousHash = rows[0]?.hash ?? null;
    for (const { event, action } of byTenant.get(tenantId) ?? []) {
      sequence += 1n;
      const fields = {
        id: newId('aud'),
        tenantId,
        sequence,
        actorType: 'api_key',
        actorId: event.apiKeyId,
        action,
        targetType: 'request',
        targetId: event.requestId,
        ip: null,
        userAgent: null,
        before: null,
        after: auditAfter(event),
        occurredAt: new Date(event.occurredAt),
      };
      const hash = chainHash(previousHash, fields);
      await client.query(INSERT_AUDIT_SQL, [
        fields.id,
        tenantId,
        sequence.toString(),
        fields.actorId,
        action,
        fields.targetId,
        JSON.stringify(fields.after),
        previousHash,
        hash,
        fields.occurredAt.toISOString(),
      ]);
      previousHash = hash;
      appended += 1;
    }
  }
  return appended;
}

const INSERT_AUDIT_SQL = `
  INSERT INTO audit_log (id, tenant_id, sequence, actor_type, actor_id, action, target_type, target_id, ip,
    user_agent, before, after, previous_hash, hash, occurred_at)
  VALUES ($1, $2, $3::bigint, 'api_key', $4, $5, 'request', $6, NULL, NULL, NULL, $7::jsonb, $8, $9, $10::timestamptz)`;

function auditAfter(event: UsageEvent): JsonObject {
  const summary = event.guardrails as GuardrailSummary;
  return {
    model: event.model,
    status: event.status,
    piiFound: summary.piiFound,
    piiActions: summary.piiActions,
    injectionScore: summary.injectionScore,
    injectionFlagged: summary.injectionFlagged,
    blockedBy: summary.blockedBy,
    outputPiiFound: summary.outputPiiFound ?? {},
    outputPiiActions: summary.outputPiiActions ?? {},
    termHits: summary.termHits ?? 0,
    categoriesFlagged: summary.categoriesFlagged ?? [],
    outputTermHits: summary.outputTermHits ?? 0,
    outputCategoriesFlagged: summary.outputCategoriesFlagged ?? [],
    ...(summary.outputModeration ? { outputModeration: summary.outputModeration } : {}),
  };
}

const PII_KINDS: ReadonlySet<string> = new Set(piiEntityTypeSchema.options);
const CONTENT_CATEGORIES: ReadonlySet<string> = new Set(contentCategorySchema.options);

/** Counts newly stored events' guardrail actions and findings; label values come from closed sets only. */
export function countGuardrailMetrics(metrics: WorkerMetrics, events: readonly UsageEvent[]): void {
  for (const event of events) {
    const action = guardrailAuditAction(event.guardrails);
    if (!action || !event.guardrails) continue;
    metrics.guardrailActions.inc({ action: action.slice('guardrail.'.length) });
    const directions = { input: event.guardrails.piiFound, output: event.guardrails.outputPiiFound ?? {} };
    for (const [direction, found] of Object.entries(directions)) {
      for (const [kind, count] of Object.entries(found)) {
        if (PII_KINDS.has(kind)) metrics.guardrailPiiFound.inc({ kind, direction }, count);
      }
    }
    const categories = {
      input: event.guardrails.categoriesFlagged ?? [],
      output: event.guardrails.outputCategoriesFlagged ?? [],
    };
    for (const [direction, flagged] of Object.entries(categories)) {
      for (const category of flagged) {
        if (CONTENT_CATEGORIES.has(category)) metrics.guardrailCategoriesFlagged.inc({ category, direction });
      }
    }
  }
}
