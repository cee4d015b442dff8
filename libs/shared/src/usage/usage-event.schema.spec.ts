import { describe, expect, it } from 'vitest';
import { usageEventSchema, usageEventV2Schema } from './usage-event.schema';

/** An event as a gateway before the A/B variant wrote it (version 1, degradedFrom absent as then). */
const versionOne = {
  v: 1,
  requestId: 'req_1',
  tenantId: 'tnt_a',
  apiKeyId: 'key_a',
  endUser: 'user-1',
  model: 'gpt-x',
  deploymentId: 'dep_a',
  provider: 'openai',
  inputTokens: 10,
  outputTokens: 20,
  cachedInputTokens: 0,
  tokenSource: 'upstream',
  costMicros: 45,
  latencyMs: 12,
  ttftMs: null,
  status: 200,
  outcome: 'success',
  cacheHit: 'none',
  stream: false,
  occurredAt: '2026-11-27T10:00:00.000Z',
};

describe('usage event versions', () => {
  // Events written before a deploy sit in the stream and in gateways' spools: the new reader must still bill them.
  it('reads a version 1 event as the current version, without a variant', () => {
    const event = usageEventSchema.parse(versionOne);
    expect(event).toEqual({ ...versionOne, v: 2, routeId: null, variant: null });
  });

  it('reads a version 2 event with its route and variant', () => {
    const written = usageEventV2Schema.parse({ ...versionOne, v: 2, routeId: 'rte_a', variant: 'canary' });
    expect(usageEventSchema.parse(JSON.parse(JSON.stringify(written)))).toEqual(written);
  });

  it('refuses a version 2 event without its variant fields, and versions it does not know', () => {
    expect(usageEventSchema.safeParse({ ...versionOne, v: 2 }).success).toBe(false);
    expect(usageEventSchema.safeParse({ ...versionOne, v: 3, routeId: null, variant: null }).success).toBe(
      false,
    );
  });
});
