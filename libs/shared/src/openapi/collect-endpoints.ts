import type { EndpointContract, HttpMethod } from '../contracts/endpoint';

/** An endpoint found among a module's exports, with the operationId its place there gives it. */
export type NamedEndpoint = { operationId: string; contract: EndpointContract };

const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Every EndpointContract reachable from a module's exports, walking plain objects (so `apiKeysContract.create` and
 * nested groups are found without anyone listing them). The operationId comes from where the endpoint sits: the
 * export's name without its `Contract` suffix, then each key, e.g. `apiKeysContract.create` → `apiKeysCreate`.
 * Exports are visited in name order, so an endpoint reachable twice keeps the first name; two different endpoints
 * with the same method and path are a mistake and throw.
 */
export function collectEndpoints(moduleExports: Record<string, unknown>): NamedEndpoint[] {
  const found = new Map<EndpointContract, NamedEndpoint>();
  const visited = new Set<object>();
  const visit = (value: unknown, namePath: string[]) => {
    if (!isPlainObject(value) || visited.has(value)) return;
    visited.add(value);
    if (isEndpointContract(value)) {
      found.set(value, { operationId: operationIdOf(namePath), contract: value });
      return;
    }
    for (const key of Object.keys(value).sort()) visit(value[key], [...namePath, key]);
  };
  for (const name of Object.keys(moduleExports).sort()) visit(moduleExports[name], [name]);
  const endpoints = [...found.values()];
  assertUnique(endpoints, (endpoint) => `${endpoint.contract.method} ${endpoint.contract.path}`, 'route');
  assertUnique(endpoints, (endpoint) => endpoint.operationId, 'operationId');
  return endpoints;
}

/** An object shaped like {@link EndpointContract}: method, path, summary and success status. */
export function isEndpointContract(value: unknown): value is EndpointContract {
  return (
    isPlainObject(value) &&
    HTTP_METHODS.includes(value.method as HttpMethod) &&
    typeof value.path === 'string' &&
    value.path.startsWith('/') &&
    typeof value.summary === 'string' &&
    typeof value.successStatus === 'number'
  );
}

function operationIdOf(namePath: string[]): string {
  const [exportName = '', ...keys] = namePath;
  const base = exportName.replace(/(Contract|Endpoint)$/, '');
  return [base, ...keys.map((key) => key.charAt(0).toUpperCase() + key.slice(1))].join('');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function assertUnique(endpoints: NamedEndpoint[], keyOf: (endpoint: NamedEndpoint) => string, what: string) {
  const seen = new Map<string, string>();
  for (const endpoint of endpoints) {
    const key = keyOf(endpoint);
    const other = seen.get(key);
    if (other !== undefined)
      throw new Error(`openapi: ${other} and ${endpoint.operationId} declare the same ${what} (${key})`);
    seen.set(key, endpoint.operationId);
  }
}
