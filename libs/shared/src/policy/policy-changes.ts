import { z } from 'zod';

/**
 * Redis pub/sub channel on which the control plane announces, after commit, that a tenant's policy or a tier's
 * defaults changed. Every gateway drops the effective policies it derived from them and reloads on next use.
 * Prefixed like every other Redis name, so environments sharing a Redis never hear each other.
 */
export function policyChangesChannel(keyPrefix: string): string {
  return `${keyPrefix}policies:changed`;
}

/**
 * A tenant's effective policy changed: it moved to a new version, or to another tier (version then null or the
 * unchanged current one). Or a tier's defaults changed, which affects every tenant of the tier.
 */
export const policyChangeMessageSchema = z.union([
  z.object({ tenantId: z.string().min(1), version: z.number().int().positive().nullable().optional() }),
  z.object({ tierId: z.string().min(1) }),
]);

export type PolicyChangeMessage = z.infer<typeof policyChangeMessageSchema>;
