import { z } from 'zod';
import type { GuardrailRecentAction } from '@llmguard/shared';
import { activityActionOf, type RecentEntryRow } from './guardrail-activity.repository';

/**
 * The `after` of a guardrail audit entry (apps/billing-worker/src/usage-stream/guardrail-audit.ts), read loosely:
 * a field missing or of another shape reads as nothing found rather than failing the page.
 */
const auditAfterSchema = z.object({
  model: z.string().nullable().catch(null),
  status: z.number().int().nullable().catch(null),
  piiFound: z.record(z.string(), z.unknown()).catch({}),
  outputPiiFound: z.record(z.string(), z.unknown()).catch({}),
  injectionFlagged: z.boolean().catch(false),
  blockedBy: z.enum(['pii', 'prompt_injection', 'content_filter']).nullable().catch(null),
  termHits: z.number().int().nonnegative().catch(0),
  outputTermHits: z.number().int().nonnegative().catch(0),
  categoriesFlagged: z.array(z.string()).catch([]),
  outputCategoriesFlagged: z.array(z.string()).catch([]),
});

/** The API view of one recent entry: what was found (kinds, counts), never a value; undefined if not a guardrail's. */
export function toRecentAction(
  entry: RecentEntryRow,
  keyNames: ReadonlyMap<string, string>,
): GuardrailRecentAction | undefined {
  const action = activityActionOf(entry.action);
  if (!action) return undefined;
  const after = auditAfterSchema.parse(isObject(entry.after) ? entry.after : {});
  return {
    id: entry.id,
    occurredAt: entry.occurredAt.toISOString(),
    action,
    requestId: entry.targetId,
    apiKeyId: entry.actorId,
    apiKeyName: (entry.actorId && keyNames.get(entry.actorId)) || null,
    model: after.model,
    status: after.status,
    blockedBy: after.blockedBy,
    inputPiiKinds: Object.keys(after.piiFound).sort(),
    outputPiiKinds: Object.keys(after.outputPiiFound).sort(),
    injectionFlagged: after.injectionFlagged,
    termHits: after.termHits + after.outputTermHits,
    categories: [...new Set([...after.categoriesFlagged, ...after.outputCategoriesFlagged])],
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
