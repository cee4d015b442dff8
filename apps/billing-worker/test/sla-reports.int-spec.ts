import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { newId, randomBase62 } from '@llmguard/shared';
import { createWorkerClients, WorkerClientsModule } from '../src/clients/worker-clients';
import { SlaReportComputer } from '../src/sla/sla-report.computer';
import { testWorkerEnv } from './support/usage-fixtures';

const prisma = createPrismaClient(
  process.env.DATABASE_URL ?? 'postgresql://llmguard_app@127.0.0.1:5432/llmguard_test',
);
// A day of its own, so other suites' events never fall into it.
const DAY = new Date('2030-06-15T00:00:00Z');
const at = (minutes: number) => new Date(DAY.getTime() + minutes * 60_000);

const tierId = `sla-test-${randomBase62(8).toLowerCase()}`;
const tenantIds: string[] = [];
let computer: SlaReportComputer;
let close: () => Promise<void>;

async function tenant(): Promise<string> {
  const id = newId('tnt');
  const slug = `sla-${randomBase62(10).toLowerCase()}`;
  await prisma.tenant.create({ data: { id, slug, name: slug, tierId, createdAt: at(-60 * 24 * 30) } });
  tenantIds.push(id);
  return id;
}

type EventShape = {
  latencyMs?: number;
  ttftMs?: number | null;
  stream?: boolean;
  status?: number;
  outcome?: string;
};

async function event(tenantId: string, minute: number, shape: EventShape): Promise<void> {
  await prisma.usageEvent.create({
    data: {
      requestId: newId('req'),
      tenantId,
      apiKeyId: 'key_sla_test',
      model: 'demo-chat',
      inputTokens: 1,
      outputTokens: 1,
      costMicros: 1000,
      latencyMs: shape.latencyMs ?? 10,
      ttftMs: shape.ttftMs ?? null,
      status: shape.status ?? 200,
      outcome: shape.outcome ?? 'success',
      cacheHit: 'none',
      stream: shape.stream ?? false,
      occurredAt: at(minute),
    },
  });
}

const reportOf = (tenantId: string) =>
  prisma.slaReportDaily.findUniqueOrThrow({ where: { tenantId_day: { tenantId, day: DAY } } });

beforeAll(async () => {
  // Targets: 99.50% availability, p95 latency 100 ms, p95 TTFT 50 ms; 10% of the day's fee credited on a miss.
  await prisma.slaTier.create({
    data: {
      id: tierId,
      name: tierId,
      availabilityTargetBasisPoints: 9950,
      latencyP95TargetMs: 100,
      ttftP95TargetMs: 50,
      creditPercent: 10,
    },
  });
  const clients = createWorkerClients(testWorkerEnv());
  const module = await Test.createTestingModule({
    imports: [WorkerClientsModule.forClients(clients)],
    providers: [SlaReportComputer],
  }).compile();
  computer = module.get(SlaReportComputer);
  close = async () => {
    await module.close();
    await clients.close();
  };
});

afterAll(async () => {
  // computeDay writes every tenant's row for DAY; remove them all, not only this file's tenants'.
  await prisma.slaReportDaily.deleteMany({ where: { day: DAY } });
  await prisma.usageEvent.deleteMany({ where: { tenantId: { in: tenantIds } } });
  await prisma.tenant.deleteMany({ where: { id: { in: tenantIds } } });
  await prisma.slaTier.delete({ where: { id: tierId } });
  await close();
  await prisma.$disconnect();
});

describe('daily SLA reports', () => {
  it('measures a day exactly, flags the breaches and credits 10% of the day’s spend', async () => {
    const measured = await tenant();
    const quiet = await tenant();
    for (let i = 1; i <= 10; i++) await event(measured, i, { latencyMs: i * 10 });
    // Server-side error: counts as a request and an error.
    await event(measured, 20, { latencyMs: 100, status: 502, outcome: 'upstream_error' });
    // A 500 after the client left, and a client error: requests, never errors.
    await event(measured, 21, { latencyMs: 100, status: 500, outcome: 'client_disconnected' });
    await event(measured, 22, { latencyMs: 100, status: 429, outcome: 'rejected' });
    for (const ttftMs of [10, 20, 30, 110])
      await event(measured, 30, { stream: true, ttftMs, latencyMs: 900 });
    // The next day's event is not part of this report.
    await event(measured, 24 * 60 + 1, { status: 503, outcome: 'upstream_error' });

    await computer.computeDay(DAY);

    expect(await reportOf(measured)).toMatchObject({
      tierId,
      requests: 17n,
      errors: 1n,
      availabilityBasisPoints: 9411, // floor(16 / 17 × 10 000)
      latencyP50Ms: 70, // the 7th of the 13 non-streamed latencies
      latencyP95Ms: 100, // 13 non-streamed latencies 10…90, 100 ×4: p95 = 100, not above the target
      ttftP95Ms: 98, // percentile_cont over 10, 20, 30, 110
      availabilityBreached: true,
      latencyBreached: false,
      ttftBreached: true,
      creditMicros: 1700n, // 10% of 17 × 1 000 micros
    });
    expect(await reportOf(quiet)).toMatchObject({
      requests: 0n,
      errors: 0n,
      availabilityBasisPoints: 10_000,
      latencyP50Ms: null,
      latencyP95Ms: null,
      ttftP95Ms: null,
      availabilityBreached: false,
      creditMicros: 0n,
    });
  });

  it('recomputing a day updates its one row in place', async () => {
    const tenantId = await tenant();
    await event(tenantId, 5, { latencyMs: 40 });
    await computer.computeDay(DAY);
    expect(await reportOf(tenantId)).toMatchObject({
      requests: 1n,
      availabilityBreached: false,
      creditMicros: 0n,
    });

    await event(tenantId, 6, { latencyMs: 300 }); // a late event pushes the p95 over the target
    await computer.computeDay(DAY);
    await computer.computeDay(DAY);
    expect(await prisma.slaReportDaily.count({ where: { tenantId } })).toBe(1);
    expect(await reportOf(tenantId)).toMatchObject({
      requests: 2n,
      latencyP50Ms: 170, // 40 + 0.5 × 260
      latencyP95Ms: 287, // 40 + 0.95 × 260
      latencyBreached: true,
      creditMicros: 200n,
    });
  });

  it('skips a tenant deleted between measuring and storing, and still stores the others', async () => {
    const kept = await tenant();
    const gone = await tenant();
    await event(kept, 7, { latencyMs: 40 });
    const rows = await computer.measureDay(DAY);
    expect(rows.map((row) => row.tenantId)).toEqual(expect.arrayContaining([kept, gone]));
    await prisma.tenant.delete({ where: { id: gone } });

    // Before, the foreign key on the deleted tenant failed the whole day's insert.
    await expect(computer.storeReports(rows, DAY)).resolves.toBeGreaterThanOrEqual(1);
    expect(await reportOf(kept)).toMatchObject({ requests: 1n });
    expect(await prisma.slaReportDaily.count({ where: { tenantId: gone } })).toBe(0);
  });

  it('schedules yesterday and today, and after a gap every day since the newest report, a week back at most', async () => {
    // The newest stored report is DAY (written above; nothing in the test database is later).
    const isoDays = async (now: string) =>
      (await computer.dueDays(new Date(now))).map((day) => day.toISOString().slice(0, 10));
    expect(await isoDays('2030-06-16T09:00:00Z')).toEqual(['2030-06-15', '2030-06-16']);
    expect(await isoDays('2030-06-18T09:00:00Z')).toEqual([
      '2030-06-15',
      '2030-06-16',
      '2030-06-17',
      '2030-06-18',
    ]);
    expect(await isoDays('2030-07-30T09:00:00Z')).toHaveLength(8);
    expect((await isoDays('2030-07-30T09:00:00Z'))[0]).toBe('2030-07-23');
    // A clock behind the newest report still gets yesterday and today.
    expect(await isoDays('2030-06-10T09:00:00Z')).toEqual(['2030-06-09', '2030-06-10']);
  });
});
