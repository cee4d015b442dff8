import type { z } from 'zod';

/** HTTP methods the control-plane API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One control-plane endpoint, shared by the server (which binds its route and validates with these schemas) and the
 * portal's typed client (which builds requests and parses answers with them).
 */
export type EndpointContract = {
  method: HttpMethod;
  /** Path template with `:param` segments, exactly as the server registers it, e.g. `/api/tenants/:tenantSlug`. */
  path: string;
  /** One sentence for generated documentation. */
  summary: string;
  /** Status of a successful answer; 204 answers have no body and no response schema. */
  successStatus: 200 | 201 | 204;
  /** JSON request body; absent when the endpoint takes none. */
  body?: z.ZodType;
  /** Query string, as strings coerced by the schema. */
  query?: z.ZodType;
  /** JSON response body of a success; absent for 204. */
  response?: z.ZodType;
};

/** Declares an endpoint, keeping the literal types of its fields for the typed client. */
export function defineEndpoint<const Contract extends EndpointContract>(contract: Contract): Contract {
  return contract;
}

/** What a client sends as the body of an endpoint. */
export type EndpointBody<Contract extends EndpointContract> = Contract['body'] extends z.ZodType
  ? z.input<Contract['body']>
  : never;

/** What a client sends as the query of an endpoint. */
export type EndpointQuery<Contract extends EndpointContract> = Contract['query'] extends z.ZodType
  ? z.input<Contract['query']>
  : never;

/** The body as the server sees it after parsing (defaults applied, strings normalised). */
export type ParsedBody<Contract extends EndpointContract> = Contract['body'] extends z.ZodType
  ? z.output<Contract['body']>
  : never;

/** The query as the server sees it after parsing (numbers coerced, defaults applied). */
export type ParsedQuery<Contract extends EndpointContract> = Contract['query'] extends z.ZodType
  ? z.output<Contract['query']>
  : never;

/** What a successful call of an endpoint returns (undefined for 204). */
export type EndpointResponse<Contract extends EndpointContract> = Contract['response'] extends z.ZodType
  ? z.output<Contract['response']>
  : undefined;

/** Fills the `:param` segments of a path template, URL-encoding each value. */
export function endpointPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined)
      throw new Error(`endpointPath: missing path parameter "${name}" for ${template}`);
    return encodeURIComponent(value);
  });
}
