import * as contracts from '../contracts';
import * as policy from '../policy';
import { apiErrorBodySchema } from '../contracts/api-error.schema';
import type { EndpointContract } from '../contracts/endpoint';
import { collectEndpoints, type NamedEndpoint } from './collect-endpoints';
import { API_ERROR_SCHEMA, errorResponseComponents, errorResponsesFor } from './error-responses';
import type {
  OpenApiSchema,
  OpenApiDocument,
  OpenApiInfo,
  OpenApiOperation,
  OpenApiParameter,
  OpenApiPathItem,
  OpenApiResponse,
} from './openapi-document.types';
import { REDIRECT_ENDPOINTS, type RedirectEndpoint } from './redirect-operations';
import { PUBLIC_ENDPOINTS, SECURITY_SCHEMES, securityFor } from './security';
import { referencedSchemas, SchemaConverter } from './schema-converter';
import { schemaNames } from './schema-names';

/** Where the control plane serves this document (public, no session). */
export const OPENAPI_DOCUMENT_PATH = '/api/openapi.json';

/** The document's `info`, shared by the gateway's endpoint and `npm run openapi` so both give the same document. */
export const CONTROL_PLANE_API_INFO: OpenApiInfo = {
  title: 'LLMGuard control plane API',
  version: '0.1.0',
  description:
    'Accounts, tenants, members, API keys, policies, model routes, usage, SLAs and the audit log of LLMGuard, generated from the zod contracts in libs/shared. Errors are `{"error":{code,message,requestId,docs,errors?}}`; every answer carries `x-request-id`.',
};

type HttpVerb = keyof OpenApiPathItem;

/** The order operations appear in under one path. */
const VERBS: readonly HttpVerb[] = ['get', 'put', 'post', 'patch', 'delete'];

const SUCCESS_DESCRIPTIONS: Record<EndpointContract['successStatus'], string> = {
  200: 'OK.',
  201: 'Created.',
  204: 'Done; no body.',
};

/**
 * The control plane's OpenAPI 3.1 document, built from every EndpointContract the contracts module exports (plus the
 * SSO redirects), so a new contract appears here without being listed anywhere. Request bodies and queries are
 * described as clients send them (zod input), answers as the server returns them (zod output).
 */
export function buildOpenApiDocument(info: OpenApiInfo): OpenApiDocument {
  const schemas = new SchemaConverter(
    schemaNames([contracts, policy], [[apiErrorBodySchema, API_ERROR_SCHEMA]]),
  );
  const operations = documentedOperations(schemas);
  // Named ApiError through the preset above: the shared error responses refer to it.
  schemas.convert(apiErrorBodySchema, 'output');
  const components = schemas.finish();
  const paths = components.rewrite(pathsOf(operations));
  const responses = errorResponseComponents();
  return {
    openapi: '3.1.0',
    info,
    tags: [...new Set(operations.flatMap(({ operation }) => operation.tags))]
      .sort()
      .map((name) => ({ name })),
    paths,
    components: {
      // Query schemas are spelled out as parameters, so their own components would be unused.
      schemas: sortKeys(referencedSchemas(components.schemas, { paths, responses })),
      responses,
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}

type DocumentedOperation = { method: string; path: string; operation: OpenApiOperation };

function documentedOperations(schemas: SchemaConverter): DocumentedOperation[] {
  const endpoints = collectEndpoints(contracts);
  const declared = new Set(endpoints.map(({ contract }) => `${contract.method} ${contract.path}`));
  return [
    ...endpoints.map((endpoint) => ({
      method: endpoint.contract.method,
      path: endpoint.contract.path,
      operation: contractOperation(endpoint, schemas),
    })),
    ...REDIRECT_ENDPOINTS.filter((redirect) => !declared.has(`GET ${redirect.path}`)).map((redirect) => ({
      method: 'GET',
      path: redirect.path,
      operation: redirectOperation(redirect, schemas),
    })),
  ];
}

/** Paths in alphabetical order, operations under each in a fixed verb order, so the output is stable. */
function pathsOf(operations: DocumentedOperation[]): Record<string, OpenApiPathItem> {
  const paths: Record<string, OpenApiPathItem> = {};
  for (const { method, path, operation } of operations) {
    (paths[openApiPath(path)] ??= {})[method.toLowerCase() as HttpVerb] = operation;
  }
  return Object.fromEntries(
    Object.keys(paths)
      .sort()
      .map((path) => [path, orderVerbs(paths[path] ?? {})]),
  );
}

function contractOperation(
  { operationId, contract }: NamedEndpoint,
  schemas: SchemaConverter,
): OpenApiOperation {
  const isPublic = PUBLIC_ENDPOINTS.has(contract);
  const parameters = [
    ...pathParameters(contract.path),
    ...(contract.query ? queryParameters(schemas.convertInline(contract.query, 'input'), operationId) : []),
  ];
  return {
    operationId,
    tags: [tagOf(contract.path)],
    summary: contract.summary,
    security: securityFor(contract.method, isPublic),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(contract.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemas.convert(contract.body, 'input') } },
          },
        }
      : {}),
    responses: {
      [String(contract.successStatus)]: successResponse(contract, schemas),
      ...errorResponsesFor(contract, isPublic),
    },
  };
}

function successResponse(contract: EndpointContract, schemas: SchemaConverter): OpenApiResponse {
  if (contract.response) {
    return {
      description: SUCCESS_DESCRIPTIONS[contract.successStatus],
      content: { 'application/json': { schema: schemas.convert(contract.response, 'output') } },
    };
  }
  if (contract.successStatus === 204) return { description: SUCCESS_DESCRIPTIONS[204] };
  // A contract without a response schema that still answers with a body: a download (CSV, JSON lines…).
  return { description: `${SUCCESS_DESCRIPTIONS[contract.successStatus]} The body is a file, not JSON.` };
}

function redirectOperation(redirect: RedirectEndpoint, schemas: SchemaConverter): OpenApiOperation {
  const parameters = [
    ...pathParameters(redirect.path),
    ...(redirect.query
      ? queryParameters(schemas.convertInline(redirect.query, 'input'), redirect.operationId)
      : []),
  ];
  return {
    operationId: redirect.operationId,
    tags: [tagOf(redirect.path)],
    summary: redirect.summary,
    security: securityFor('GET', true),
    ...(parameters.length > 0 ? { parameters } : {}),
    responses: {
      '302': {
        description: 'A redirect; failures redirect too, never an error body.',
        headers: { Location: { description: 'Where the browser goes next.', schema: { type: 'string' } } },
      },
    },
  };
}

/** `/api/tenants/:tenantSlug` → `/api/tenants/{tenantSlug}` (the same parameter syntax endpointPath fills). */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, '{$1}');
}

function pathParameters(path: string): OpenApiParameter[] {
  return [...path.matchAll(/:([A-Za-z]+)/g)].map(([, name = '']) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
}

/** One parameter per property of a query's (object) schema. */
function queryParameters(schema: OpenApiSchema, operationId: string): OpenApiParameter[] {
  const properties = schema.properties as Record<string, OpenApiSchema> | undefined;
  if (schema.type !== 'object' || !properties)
    throw new Error(`openapi: the query of ${operationId} must be an object schema`);
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

/**
 * The resource a path is about: the segment after the tenant (`/api/tenants/:tenantSlug/api-keys/…` → `api-keys`),
 * `admin-<resource>` for platform administration, else the first segment (`auth`, `tenants`, `invitations`).
 */
export function tagOf(path: string): string {
  const [first = '', second, third] = path.split('/').slice(2);
  if (first === 'tenants' && second?.startsWith(':') && third) return third;
  if (first === 'admin' && second) return `admin-${second}`;
  return first;
}

function orderVerbs(item: OpenApiPathItem): OpenApiPathItem {
  return Object.fromEntries(VERBS.filter((verb) => item[verb]).map((verb) => [verb, item[verb]]));
}

function sortKeys<Value>(record: Record<string, Value>): Record<string, Value> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
