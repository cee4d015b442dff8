import { describe, expect, it } from 'vitest';
import * as contracts from '../contracts';
import { buildOpenApiDocument, CONTROL_PLANE_API_INFO, openApiPath, tagOf } from './build-openapi-document';
import { collectEndpoints } from './collect-endpoints';
import type { OpenApiOperation, OpenApiParameter } from './openapi-document.types';

const document = buildOpenApiDocument(CONTROL_PLANE_API_INFO);

const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({
    path,
    method,
    operation: operation as OpenApiOperation,
  })),
);

/** Every `$ref` in a part of the document, with where it was found. */
function references(node: unknown, at = '#'): { at: string; reference: string }[] {
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string'
      ? [{ at, reference: value }]
      : references(value, `${at}/${key}`),
  );
}

/** Resolves a local JSON pointer (`#/components/schemas/ApiKey`) against the document. */
function resolvePointer(pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (node, part) =>
        node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined,
      document,
    );
}

describe('the control-plane OpenAPI document', () => {
  it('is OpenAPI 3.1 with every reference resolving inside the document', () => {
    expect(document.openapi).toBe('3.1.0');
    const found = references(document);
    expect(found.length).toBeGreaterThan(100);
    const broken = found.filter(
      ({ reference }) => !reference.startsWith('#/') || resolvePointer(reference) === undefined,
    );
    expect(broken).toEqual([]);
  });

  it('declares each path parameter of every operation exactly once, and no others', () => {
    for (const { path, method, operation } of operations) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => name);
      const declared = (operation.parameters ?? [])
        .filter((parameter: OpenApiParameter) => parameter.in === 'path')
        .map((parameter) => parameter.name);
      expect(declared, `${method} ${path}`).toEqual(inPath);
      expect(
        (operation.parameters ?? []).every((parameter) => parameter.in !== 'path' || parameter.required),
      ).toBe(true);
    }
  });

  it('gives every operation a unique operationId, a tag listed at the top, a summary and a success answer', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set(document.tags.map((tag) => tag.name));
    for (const { path, method, operation } of operations) {
      expect(
        operation.tags.every((tag) => tags.has(tag)),
        `${method} ${path}`,
      ).toBe(true);
      expect(operation.summary.length).toBeGreaterThan(0);
      expect(Object.keys(operation.responses).some((status) => /^[23]\d\d$/.test(status))).toBe(true);
    }
  });

  it('has an operation for every endpoint the contracts export', () => {
    for (const { contract, operationId } of collectEndpoints(contracts)) {
      const operation = document.paths[openApiPath(contract.path)]?.[
        contract.method.toLowerCase() as 'get'
      ] as OpenApiOperation | undefined;
      expect(operation?.operationId, `${contract.method} ${contract.path}`).toBe(operationId);
    }
  });

  it('keeps no provisional or unused schema in the components', () => {
    const names = Object.keys(document.components.schemas);
    expect(names.filter((name) => !/^[A-Z][A-Za-z0-9]*$/.test(name))).toEqual([]);
    const used = new Set(
      references({ paths: document.paths, components: document.components }).map(
        ({ reference }) => reference,
      ),
    );
    expect(names.filter((name) => !used.has(`#/components/schemas/${name}`))).toEqual([]);
  });

  it('describes revoking a key exactly', () => {
    expect(document.paths['/api/tenants/{tenantSlug}/api-keys/{keyId}/revoke']).toEqual({
      post: {
        operationId: 'apiKeysRevoke',
        tags: ['api-keys'],
        summary: 'Revokes a key at once, on every gateway.',
        security: [{ sessionCookie: [], csrfToken: [] }, { managementKey: [] }],
        parameters: [
          { name: 'tenantSlug', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'keyId', in: 'path', required: true, schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            description: 'OK.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiKey' } } },
          },
          '401': { $ref: '#/components/responses/Unauthenticated' },
          '403': { $ref: '#/components/responses/Forbidden' },
          '404': { $ref: '#/components/responses/NotFound' },
          '409': { $ref: '#/components/responses/Conflict' },
          '429': { $ref: '#/components/responses/RateLimited' },
        },
      },
    });
  });

  it('describes listing tenants exactly: paging as query parameters, a session or a management key', () => {
    expect(document.paths['/api/tenants']?.get).toEqual({
      operationId: 'tenantsList',
      tags: ['tenants'],
      summary: "The caller's tenants, oldest membership first.",
      security: [{ sessionCookie: [] }, { managementKey: [] }],
      parameters: [
        {
          name: 'limit',
          in: 'query',
          required: false,
          schema: { default: 50, type: 'integer', minimum: 1, maximum: 100 },
        },
        {
          name: 'cursor',
          in: 'query',
          required: false,
          schema: { type: 'string', minLength: 1, maxLength: 200 },
        },
      ],
      responses: {
        '200': {
          description: 'OK.',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  data: { type: 'array', items: { $ref: '#/components/schemas/Tenant' } },
                  nextCursor: { type: ['string', 'null'] },
                },
                required: ['data', 'nextCursor'],
                additionalProperties: false,
              },
            },
          },
        },
        '400': { $ref: '#/components/responses/ValidationFailed' },
        '401': { $ref: '#/components/responses/Unauthenticated' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '429': { $ref: '#/components/responses/RateLimited' },
      },
    });
  });

  it('describes sign-in exactly: public, the body as sent, no 401/403', () => {
    expect(document.paths['/api/auth/login']?.post).toEqual({
      operationId: 'authLogin',
      tags: ['auth'],
      summary: expect.any(String),
      security: [],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/LoginRequest' } } },
      },
      responses: {
        '200': {
          description: 'OK.',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/SessionResponse' } } },
        },
        '400': { $ref: '#/components/responses/ValidationFailed' },
        '409': { $ref: '#/components/responses/Conflict' },
        '429': { $ref: '#/components/responses/RateLimited' },
      },
    });
  });

  it('gives every error the shared error body, with field details on 400', () => {
    const { responses, schemas } = document.components;
    for (const response of Object.values(responses)) {
      expect(response.content?.['application/json']?.schema).toEqual({
        $ref: '#/components/schemas/ApiError',
      });
    }
    expect(responses.ValidationFailed?.content?.['application/json']?.example).toMatchObject({
      error: { code: 'validation_failed', errors: [expect.objectContaining({ location: 'body.name' })] },
    });
    expect(
      contracts.apiErrorBodySchema.safeParse(
        responses.ValidationFailed?.content?.['application/json']?.example,
      ).success,
    ).toBe(true);
    expect(schemas.ApiError).toMatchObject({
      required: ['error'],
      properties: { error: { required: ['code', 'message', 'requestId', 'docs'] } },
    });
  });

  it('documents the SSO redirects, which have no JSON contract', () => {
    expect(document.paths['/api/auth/sso/{tenantSlug}/start']?.get).toMatchObject({
      operationId: 'ssoLoginStart',
      security: [],
      responses: {
        '302': expect.objectContaining({ headers: expect.objectContaining({ Location: expect.anything() }) }),
      },
    });
  });
});

describe('tagOf', () => {
  it('names the resource a path is about', () => {
    expect(tagOf('/api/tenants')).toBe('tenants');
    expect(tagOf('/api/tenants/:tenantSlug')).toBe('tenants');
    expect(tagOf('/api/tenants/:tenantSlug/api-keys/:keyId/revoke')).toBe('api-keys');
    expect(tagOf('/api/tenants/:tenantSlug/audit-log/verify')).toBe('audit-log');
    expect(tagOf('/api/admin/tiers/:tierId/policy')).toBe('admin-tiers');
    expect(tagOf('/api/auth/login')).toBe('auth');
  });
});
