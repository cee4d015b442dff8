import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiErrorBodySchema,
  buildOpenApiDocument,
  CONTROL_PLANE_API_INFO,
  OPENAPI_DOCUMENT_PATH,
  type OpenApiDocument,
  type OpenApiOperation,
} from '@llmguard/shared';
import { startControlPlane, type ControlPlaneHarness } from './support/control-plane-harness';

type RegisteredRoute = { method: string; url: string };

/**
 * Records the routes of every Fastify instance created from now on. Fastify publishes each new instance on the
 * `fastify.initialization` diagnostics channel before anything is registered on it, so an onRoute hook added
 * there sees every route Nest registers: the table that really serves requests, without access to the app (which
 * startGateway does not expose) and without parsing printRoutes' tree or re-deriving paths from Nest's decorator
 * metadata, which would miss a route added any other way.
 */
function recordFastifyRoutes(): { routes: RegisteredRoute[]; stop(): void } {
  const routes: RegisteredRoute[] = [];
  const onInstance = (message: unknown) => {
    const { fastify } = message as { fastify: FastifyInstance };
    fastify.addHook('onRoute', (route: RouteOptions) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    });
  };
  subscribe('fastify.initialization', onInstance);
  return { routes, stop: () => unsubscribe('fastify.initialization', onInstance) };
}

/** `{tenantSlug}` → `:tenantSlug`, the way Nest and Fastify write paths. */
const routePath = (openApiPath: string) => openApiPath.replace(/\{([^}]+)\}/g, ':$1');

function operationsOf(document: OpenApiDocument) {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path: routePath(path),
      operation: operation as OpenApiOperation,
    })),
  );
}

describe('the control plane OpenAPI document', () => {
  let harness: ControlPlaneHarness;
  let registered: RegisteredRoute[];
  let document: OpenApiDocument;

  beforeAll(async () => {
    const recorder = recordFastifyRoutes();
    try {
      harness = await startControlPlane();
    } finally {
      recorder.stop();
    }
    registered = recorder.routes;
    const response = await harness.client().get<OpenApiDocument>(OPENAPI_DOCUMENT_PATH);
    expect(response.status).toBe(200);
    document = response.body;
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('is served without a session, as the generator builds it, the same on every call', async () => {
    const again = await fetch(new URL(OPENAPI_DOCUMENT_PATH, harness.gateway.controlPlaneUrl));
    expect(again.status).toBe(200);
    expect(again.headers.get('content-type')).toMatch(/^application\/json/);
    const generated: unknown = JSON.parse(JSON.stringify(buildOpenApiDocument(CONTROL_PLANE_API_INFO)));
    expect(document).toEqual(generated);
    expect(await again.json()).toEqual(document);
  });

  // Keeps controllers and contracts in step: a route without a contract, or a contract no controller serves, fails.
  it('has an operation for every route registered under /api, and a route for every operation', () => {
    const routes = registered
      .filter(
        ({ url, method }) => url.startsWith('/api/') && url !== OPENAPI_DOCUMENT_PATH && method !== 'HEAD',
      )
      .map(({ method, url }) => `${method} ${url}`);
    expect(routes.length).toBeGreaterThan(40);
    const operations = operationsOf(document).map(({ method, path }) => `${method} ${path}`);
    expect(
      routes.filter((route) => !operations.includes(route)),
      'routes without an operation',
    ).toEqual([]);
    expect(
      operations.filter((operation) => !routes.includes(operation)),
      'operations without a route',
    ).toEqual([]);
    expect(new Set(routes).size).toBe(routes.length);
  });

  // The document's `security: []` must match @Public on the server: an anonymous call of anything else is a 401.
  it('marks public exactly the operations that answer a caller without credentials', async () => {
    const mismatches: string[] = [];
    for (const { method, path, operation } of operationsOf(document)) {
      const url = new URL(path.replace(/:[A-Za-z]+/g, 'openapi-probe'), harness.gateway.controlPlaneUrl);
      const response = await fetch(url, {
        method,
        redirect: 'manual',
        ...(method === 'GET' || method === 'DELETE'
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: '{}' }),
      });
      const text = await response.text();
      const refusedAsAnonymous =
        response.status === 401 &&
        apiErrorBodySchema.parse(JSON.parse(text)).error.code === 'unauthenticated';
      const documentedPublic = operation.security.length === 0;
      if (documentedPublic === refusedAsAnonymous)
        mismatches.push(
          `${method} ${path}: documented ${documentedPublic ? 'public' : 'protected'}, answered ${response.status}`,
        );
    }
    expect(mismatches).toEqual([]);
  });

  it('names the session cookie and CSRF header the server really uses', async () => {
    const { sessionCookie, csrfToken } = document.components.securitySchemes;
    const user = await harness.signUp();
    expect(sessionCookie?.type === 'apiKey' && user.client.cookies.has(sessionCookie.name)).toBe(true);
    const withoutToken = await user.client.post('/api/tenants', { slug: 'x', name: 'x' }, { csrf: false });
    expect(withoutToken.status).toBe(403);
    const headerName = csrfToken?.type === 'apiKey' ? csrfToken.name : '';
    const withToken = await user.client.post(
      '/api/tenants',
      {},
      { csrf: false, headers: { [headerName]: user.client.csrfToken ?? '' } },
    );
    // Past the CSRF check, the empty body is refused field by field, as the 400 response documents.
    expect(withToken.status).toBe(400);
    expect(apiErrorBodySchema.parse(withToken.body).error.errors?.map((detail) => detail.location)).toEqual(
      expect.arrayContaining(['body.slug', 'body.name']),
    );
  });
});
