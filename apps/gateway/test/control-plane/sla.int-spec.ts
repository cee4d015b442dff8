import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, type SlaResponse } from '@llmguard/shared';
import { errorOf } from './support/api-client';
import { startControlPlane, uniqueTag, type ControlPlaneHarness } from './support/control-plane-harness';

let harness: ControlPlaneHarness;

beforeAll(async () => {
  harness = await startControlPlane();
});

afterAll(async () => {
  await harness?.close();
});

type Event = {
  occurredAt: string;
  latencyMs: number;
  status?: number;
  outcome?: string;
  stream?: boolean;
  ttftMs?: number;
};

/** Raw events as the billing worker stores them. */
async function insertEvents(tenantId: string, events: Event[]) {
  await harness.prisma.usageEvent.createMany({
    data: events.map((event) => ({
      requestId: newId('req'),
      tenantId,
      apiKeyId: 'key_sla',
      model: 'm1',
      inputTokens: 1,
      outputTokens: 1,
      costMicros: 1n,
      status: 200,
      outcome: 'success',
      stream: false,
      ...event,
      occurredAt: new Date(event.occurredAt),
    })),
  });
}

/** A tenant on a tier of its own: 99.90% availability, p95 latency 1000 ms, p95 TTFT 300 ms, 10% credit. */
async function slaTenant() {
  const { slug, tenantId, owner } = await harness.tenantWithOwner();
  const tierId = `sla-${uniqueTag()}`;
  await harness.prisma.slaTier.create({
    data: {
      id: tierId,
      name: 'Test tier',
      availabilityTargetBasisPoints: 9990,
      latencyP95TargetMs: 1000,
      ttftP95TargetMs: 300,
      creditPercent: 10,
    },
  });
  await harness.prisma.tenant.update({ where: { id: tenantId }, data: { tierId } });
  return { tenantId, tierId, owner: owner.client, path: `/api/tenants/${slug}/sla` };
}

describe('SLA read model', () => {
  it('measures a closed month per day and in total, with a breach, preferring stored daily reports', async () => {
    const { tenantId, tierId, owner, path } = await slaTenant();
    await insertEvents(tenantId, [
      // 2 March: 20 non-streamed requests at 100, 200 … 2000 ms.
      ...Array.from({ length: 20 }, (_, index): Event => ({
        occurredAt: `2025-03-02T10:${String(index).padStart(2, '0')}:00Z`,
        latencyMs: (index + 1) * 100,
      })),
      // 21 streamed requests, TTFT 10 … 210 ms; their long latency must not enter the latency p95.
      ...Array.from({ length: 21 }, (_, index): Event => ({
        occurredAt: `2025-03-02T11:${String(index).padStart(2, '0')}:00Z`,
        latencyMs: 9_000,
        stream: true,
        ttftMs: (index + 1) * 10,
      })),
    ]);
    // Outcomes of four of the 2 March requests: two server-side errors, a client error and a client disconnect.
    const marchSecond = await harness.prisma.usageEvent.findMany({
      where: { tenantId, stream: false },
      orderBy: { occurredAt: 'asc' },
      take: 4,
    });
    const outcomes = [
      { status: 502, outcome: 'upstream_error' },
      { status: 503, outcome: 'rejected' },
      { status: 400, outcome: 'client_error' },
      { status: 502, outcome: 'client_disconnected' },
    ];
    for (const [index, event] of marchSecond.entries()) {
      await harness.prisma.usageEvent.update({
        where: { requestId: event.requestId },
        data: outcomes[index]!,
      });
    }
    // 5 March has a stored report; its raw events (all failures) must not replace it.
    await harness.prisma.slaReportDaily.create({
      data: {
        tenantId,
        day: new Date('2025-03-05T00:00:00Z'),
        tierId,
        requests: 1000n,
        errors: 0n,
        availabilityBasisPoints: 10_000,
        latencyP95Ms: 500,
        ttftP95Ms: null,
      },
    });
    await insertEvents(
      tenantId,
      Array.from({ length: 5 }, (_, index): Event => ({
        occurredAt: `2025-03-05T08:0${index}:00Z`,
        latencyMs: 100,
        status: 502,
        outcome: 'upstream_error',
      })),
    );
    // Another tenant's failures on the same day never count.
    const other = await harness.tenantWithOwner();
    await insertEvents(other.tenantId, [
      { occurredAt: '2025-03-02T10:00:00Z', latencyMs: 60_000, status: 500, outcome: 'upstream_error' },
    ]);

    const response = await owner.get<SlaResponse>(path, { query: { month: '2025-03' } });
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body).toMatchObject({
      month: '2025-03',
      from: '2025-03-01T00:00:00.000Z',
      to: '2025-04-01T00:00:00.000Z',
      targets: {
        tierId,
        tierName: 'Test tier',
        availabilityBasisPoints: 9990,
        latencyP95Ms: 1000,
        ttftP95Ms: 300,
        creditPercent: 10,
      },
    });
    expect(body.days).toHaveLength(31);
    expect(body.days[0]).toEqual({
      day: '2025-03-01',
      source: 'live',
      requests: 0,
      serverErrors: 0,
      availabilityBasisPoints: 10_000,
      latencyP50Ms: null,
      latencyP95Ms: null,
      ttftP95Ms: null,
      availabilityBreached: false,
      latencyBreached: false,
      ttftBreached: false,
    });
    // 39 of 41 available = 95.12% (rounded down); p50 and p95 of 100…2000 = 1050 and 1905 (continuous); TTFT p95
    // of 10…210 = 200.
    expect(body.days[1]).toEqual({
      day: '2025-03-02',
      source: 'live',
      requests: 41,
      serverErrors: 2,
      availabilityBasisPoints: 9512,
      latencyP50Ms: 1050,
      latencyP95Ms: 1905,
      ttftP95Ms: 200,
      availabilityBreached: true,
      latencyBreached: true,
      ttftBreached: false,
    });
    expect(body.days[4]).toMatchObject({
      day: '2025-03-05',
      source: 'report',
      requests: 1000,
      serverErrors: 0,
      availabilityBasisPoints: 10_000,
      latencyP95Ms: 500,
      availabilityBreached: false,
    });
    // Month: 1039 of 1041 = 99.80% < 99.90%; latency p50 and p95 over all 25 non-streamed events of the month
    // (100 six times, then 200…2000) = 800 and 1880.
    expect(body.total).toEqual({
      requests: 1041,
      serverErrors: 2,
      availabilityBasisPoints: 9980,
      latencyP50Ms: 800,
      latencyP95Ms: 1880,
      ttftP95Ms: 200,
      availabilityBreached: true,
      latencyBreached: true,
      ttftBreached: false,
      breached: true,
    });
  });

  it('defaults to the current month, measured live up to now, including today', async () => {
    const { tenantId, owner, path } = await slaTenant();
    const now = new Date();
    await insertEvents(tenantId, [
      { occurredAt: new Date(now.getTime() - 1_000).toISOString(), latencyMs: 42 },
    ]);
    const response = await owner.get<SlaResponse>(path);
    expect(response.status).toBe(200);
    expect(response.body.month).toBe(now.toISOString().slice(0, 7));
    expect(response.body.days).toHaveLength(now.getUTCDate());
    expect(response.body.days.at(-1)).toMatchObject({
      day: now.toISOString().slice(0, 10),
      source: 'live',
      requests: 1,
      latencyP50Ms: 42,
      latencyP95Ms: 42,
    });
    expect(response.body.total).toMatchObject({
      requests: 1,
      availabilityBasisPoints: 10_000,
      breached: false,
    });
  });

  it('refuses a malformed or future month, naming the field', async () => {
    const { owner, path } = await slaTenant();
    for (const month of ['2025-13', '2025-3', 'March', '2999-01']) {
      const response = await owner.get(path, { query: { month } });
      expect(response.status).toBe(400);
      expect(errorOf(response).errors?.map((error) => error.location)).toEqual(['query.month']);
    }
  });
});
