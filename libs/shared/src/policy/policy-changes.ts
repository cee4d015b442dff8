import { z } from 'zod';

/**
 * What the control plane announces after commit on the `policies` invalidation channel (libs/server
 * `invalidationChannel`). A tenant's effective policy changed: it moved to a new version, or to another tier (version
 * then null or the unchanged current one). Or a tier's defaults changed, which affects every tenant of the tier.
 */
export const policyChangeMessageSchema = z.union([
  z.object({ tenantId: z.string().min(1), version: z.number().int().positive().nullable().optional() }),
  z.object({ tierId: z.string().min(1) }),
]);

export type PolicyChangeMessage = z.infer<typeof policyChangeMessageSchema>;
