import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf } from './support/api-client';
import {
  startControlPlane,
  TEST_PASSWORD,
  uniqueEmail,
  uniqueTag,
  type ControlPlaneHarness,
} from './support/control-plane-harness';

// Sign-up is limited per client address (SIGNUP_MAX_PER_IP per SIGNUP_WINDOW_SECONDS), failed attempts included.

let harness: ControlPlaneHarness;

beforeAll(async () => {
  harness = await startControlPlane({ SIGNUP_MAX_PER_IP: '3', SIGNUP_WINDOW_SECONDS: '600' });
});

afterAll(async () => {
  await harness?.close();
});

const signUp = (email: string) =>
  harness.client().post('/api/auth/signup', { email, password: TEST_PASSWORD, name: 'Throttled' });

describe('sign-up throttling', () => {
  it('counts every attempt from an address and answers 429 with retry-after past the limit', async () => {
    const label = `throttled-${uniqueTag()}`;
    const taken = uniqueEmail(label);
    expect((await signUp(taken)).status).toBe(201);
    expect((await signUp(taken)).status).toBe(409); // a refused attempt counts too
    expect((await signUp(uniqueEmail(label))).status).toBe(201);

    const refused = await signUp(uniqueEmail(label));
    expect(refused.status).toBe(429);
    expect(errorOf(refused).code).toBe('rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    // Nothing was created for the refused attempt.
    expect(await harness.prisma.user.count({ where: { email: { startsWith: label } } })).toBe(2);
  });
});
