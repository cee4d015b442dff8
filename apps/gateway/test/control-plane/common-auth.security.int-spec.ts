import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiKeysContract,
  auditLogContract,
  authContract,
  endpointPath,
  membersContract,
  tenantsContract,
  type EndpointContract,
} from '@llmguard/shared';
import { errorOf } from './support/api-client';
import {
  startControlPlane,
  type ControlPlaneHarness,
  type SignedUpUser,
} from './support/control-plane-harness';

// Every /api route, enumerated from the contracts: without a session it answers 401 (the public routes are left
// out: sign-up, sign-in and the emailed-link steps), and every state-changing one refuses a session cookie without
// the CSRF header.

const PUBLIC = new Set<EndpointContract>([
  authContract.signup,
  authContract.login,
  authContract.confirmEmailVerification,
  authContract.requestPasswordReset,
  authContract.confirmPasswordReset,
]);
const ENDPOINTS = [
  ...Object.values(authContract),
  ...Object.values(tenantsContract),
  ...Object.values(membersContract),
  ...Object.values(apiKeysContract),
  ...Object.values(auditLogContract),
].filter((endpoint) => !PUBLIC.has(endpoint));

let harness: ControlPlaneHarness;
let owner: SignedUpUser;
let params: Record<string, string>;

beforeAll(async () => {
  harness = await startControlPlane();
  const tenant = await harness.tenantWithOwner();
  owner = tenant.owner;
  params = {
    tenantSlug: tenant.slug,
    keyId: 'key_0000000000000000000000',
    memberId: 'mem_0000000000000000000000',
  };
});

afterAll(async () => {
  await harness?.close();
});

const label = (endpoint: EndpointContract) => `${endpoint.method} ${endpoint.path}`;

const cases = (endpoints: EndpointContract[]) =>
  endpoints.map((endpoint) => ({ name: label(endpoint), endpoint }));

describe.each(cases(ENDPOINTS))('$name', ({ endpoint }) => {
  it('answers 401 unauthenticated without a session', async () => {
    const response = await harness.client().request(endpoint.method, endpointPath(endpoint.path, params), {
      body: endpoint.method === 'GET' ? undefined : {},
    });
    expect(response.status).toBe(401);
    expect(errorOf(response).code).toBe('unauthenticated');
  });
});

describe.each(cases(ENDPOINTS.filter((endpoint) => endpoint.method !== 'GET')))('$name', ({ endpoint }) => {
  it('answers 403 csrf_failed with a session but no CSRF header', async () => {
    const response = await owner.client.request(endpoint.method, endpointPath(endpoint.path, params), {
      body: {},
      csrf: false,
    });
    expect(response.status).toBe(403);
    expect(errorOf(response).code).toBe('csrf_failed');
  });
});

describe('health probes', () => {
  it('need no session on the control-plane port', async () => {
    const response = await harness.client().get('/healthz');
    expect(response.status).toBe(200);
  });
});
