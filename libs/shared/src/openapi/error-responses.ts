import type { EndpointContract } from '../contracts/endpoint';
import type { OpenApiReference, OpenApiResponse } from './openapi-document.types';

/** The component name of the shared error body (apiErrorBodySchema). */
export const API_ERROR_SCHEMA = 'ApiError';

const errorBody = (example: unknown) => ({
  'application/json': { schema: { $ref: `#/components/schemas/${API_ERROR_SCHEMA}` }, example },
});

const exampleError = (code: string, message: string, extra: object = {}) => ({
  error: {
    code,
    message,
    requestId: 'req_3x9LkQ2mZp7Vt4Hs1Nc8Wd',
    docs: `https://docs.llmguard.dev/errors#${code}`,
    ...extra,
  },
});

/** Error answers every endpoint shares, as `components.responses`, keyed by status. */
export const ERROR_RESPONSES = {
  400: {
    name: 'ValidationFailed',
    response: {
      description:
        'A field of the body or query is invalid (`validation_failed`): `error.errors` lists each field at fault with its location, a message and a fix.',
      content: errorBody(
        exampleError('validation_failed', 'The request body is invalid: body.name This field is required.', {
          errors: [{ location: 'body.name', message: 'This field is required.', fix: 'Provide this field.' }],
        }),
      ),
    },
  },
  401: {
    name: 'Unauthenticated',
    response: {
      description: 'No valid session or management key (`unauthenticated`).',
      content: errorBody(exampleError('unauthenticated', 'Sign in first.')),
    },
  },
  403: {
    name: 'Forbidden',
    response: {
      description:
        'The caller is known but may not do this: its role or key scope (`permission_denied`), a missing CSRF token (`csrf_failed`), an SSO requirement (`sso_required`) or a suspended tenant (`tenant_suspended`).',
      content: errorBody(exampleError('permission_denied', 'Your role may not do this.')),
    },
  },
  404: {
    name: 'NotFound',
    response: {
      description:
        "No such object, or one the caller may not see (another tenant's objects are missing, never forbidden).",
      content: errorBody(exampleError('not_found', 'Not found.')),
    },
  },
  409: {
    name: 'Conflict',
    response: {
      description:
        'The change conflicts with the current state (`conflict`): a name already taken, an object already revoked, or a version that is no longer current.',
      content: errorBody(exampleError('conflict', 'Already exists.')),
    },
  },
  429: {
    name: 'RateLimited',
    response: {
      description: 'Too many requests (`rate_limited`); retry later.',
      content: errorBody(exampleError('rate_limited', 'Too many requests.')),
    },
  },
} satisfies Record<number, { name: string; response: OpenApiResponse }>;

type ErrorStatus = keyof typeof ERROR_RESPONSES;

const STATE_CHANGING: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The errors an endpoint can answer with: 400 when it reads a body or query, 401 and 403 unless public, 404 when its
 * path names an object, 409 when it changes state (a taken name, a revoked key, a stale version, the last owner),
 * 429 always.
 */
export function errorResponsesFor(
  contract: EndpointContract,
  isPublic: boolean,
): Record<string, OpenApiReference> {
  const statuses: ErrorStatus[] = [];
  if (contract.body || contract.query) statuses.push(400);
  if (!isPublic) statuses.push(401, 403);
  if (contract.path.includes('/:')) statuses.push(404);
  if (STATE_CHANGING.has(contract.method)) statuses.push(409);
  statuses.push(429);
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` },
    ]),
  );
}

/** `components.responses`: each shared error answer by name. */
export function errorResponseComponents(): Record<string, OpenApiResponse> {
  return Object.fromEntries(Object.values(ERROR_RESPONSES).map(({ name, response }) => [name, response]));
}
