import { Redis } from 'ioredis';
import { createPrismaClient, type PrismaClient } from '@llmguard/db';
import { randomBase62, type SessionResponse } from '@llmguard/shared';
import { startGateway, type RunningGateway } from '../../../src/main';
import { ensureSlaTiers } from '../../support/fixtures';
import { TEST_ENV } from '../../support/test-env';
import { ApiClient } from './api-client';

/** A gateway for control-plane suites, with its own Redis key prefix so sessions and counters never leak across. */
export type ControlPlaneHarness = {
  gateway: RunningGateway;
  prisma: PrismaClient;
  redis: Redis;
  /** The Redis key prefix of this gateway (ends in ":"). */
  redisKeyPrefix: string;
  /** A new browser with an empty cookie jar. */
  client(): ApiClient;
  /** Signs up a new user in a new browser; the browser keeps the session. */
  signUp(overrides?: Partial<SignUpInput>): Promise<SignedUpUser>;
  /** A new tenant owned by a new user. */
  tenantWithOwner(): Promise<{ slug: string; tenantId: string; owner: SignedUpUser }>;
  close(): Promise<void>;
};

export type SignUpInput = { email: string; password: string; name: string };
export type SignedUpUser = SignUpInput & { id: string; client: ApiClient; csrfToken: string };

/** Cheap argon2 for tests only (production refuses these values). */
export const FAST_PASSWORD_HASHING = { PASSWORD_HASH_MEMORY_KIB: '1024', PASSWORD_HASH_TIME_COST: '1' };

export const TEST_PASSWORD = 'correct horse battery staple';

/** A random lower-case tag: unique emails and slugs keep suites independent and re-runnable. */
export function uniqueTag(): string {
  return randomBase62(10).toLowerCase();
}

export function uniqueEmail(label = 'user'): string {
  return `${label}-${uniqueTag()}@example.test`;
}

export async function startControlPlane(env: Record<string, string> = {}): Promise<ControlPlaneHarness> {
  const redisKeyPrefix = `llmguard-test-cp-${uniqueTag()}:`;
  const prisma = createPrismaClient(TEST_ENV.DATABASE_URL);
  const redis = new Redis(TEST_ENV.REDIS_URL);
  await ensureSlaTiers(prisma);
  const gateway = await startGateway({
    ...TEST_ENV,
    NODE_ENV: 'test',
    REDIS_KEY_PREFIX: redisKeyPrefix,
    DATA_PLANE_PORT: '0',
    CONTROL_PLANE_PORT: '0',
    ...FAST_PASSWORD_HASHING,
    ...env,
  });
  const client = () => new ApiClient(gateway.controlPlaneUrl);
  const signUp = async (overrides: Partial<SignUpInput> = {}): Promise<SignedUpUser> => {
    const input = { email: uniqueEmail(), password: TEST_PASSWORD, name: 'Test User', ...overrides };
    const browser = client();
    const response = await browser.post<SessionResponse>('/api/auth/signup', input);
    if (response.status !== 201)
      throw new Error(`sign-up failed: ${response.status} ${JSON.stringify(response.body)}`);
    return { ...input, id: response.body.user.id, client: browser, csrfToken: response.body.csrfToken };
  };
  return {
    gateway,
    prisma,
    redis,
    redisKeyPrefix,
    client,
    signUp,
    async tenantWithOwner() {
      const owner = await signUp();
      const slug = `t-${uniqueTag()}`;
      const response = await owner.client.post<{ id: string }>('/api/tenants', {
        slug,
        name: `Tenant ${slug}`,
      });
      if (response.status !== 201)
        throw new Error(`tenant creation failed: ${JSON.stringify(response.body)}`);
      return { slug, tenantId: response.body.id, owner };
    },
    async close() {
      await gateway.close();
      // Leave nothing behind in the shared test Redis database.
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisKeyPrefix}*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      await prisma.$disconnect();
      redis.disconnect();
    },
  };
}
