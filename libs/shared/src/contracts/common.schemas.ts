import { z } from 'zod';
import type { IdPrefix } from '../ids/new-id';

/** A prefixed public id such as `key_3x9Lk…` (see newId). */
export function prefixedIdSchema(prefix: IdPrefix) {
  return z.string().regex(new RegExp(`^${prefix}_[0-9A-Za-z]{22}$`), `must be a ${prefix}_… id`);
}

/** Portal paths that a tenant slug must not shadow (`/login`, `/admin`…). */
export const RESERVED_TENANT_SLUGS: readonly string[] = [
  'admin',
  'api',
  'app',
  'auth',
  'forgot-password',
  'healthz',
  'invitations',
  'invite',
  'login',
  'logout',
  'new',
  'readyz',
  'reset-password',
  'settings',
  'signup',
  'static',
  'verify-email',
  'www',
];

/** URL name of a tenant: 3–40 lower-case letters, digits and inner dashes. */
export const tenantSlugSchema = z
  .string()
  .min(3)
  .max(40)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'must be lower-case letters, digits and inner dashes')
  .refine((slug) => !RESERVED_TENANT_SLUGS.includes(slug), 'is reserved');

// Control characters would end up in audit JSON (Postgres jsonb rejects \u0000) and confuse displays.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** A human-readable name (user, tenant, key): trimmed, 1–100 characters, no control characters. */
export const displayNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((name) => !CONTROL_CHARACTERS.test(name), 'must not contain control characters');

/** An email address, trimmed and lower-cased (users.email is stored lower-cased). */
export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());

/** An ISO 8601 date-time with `Z` or an offset; responses always use `Z`. */
export const isoDateTimeSchema = z.iso.datetime({ offset: true });

/** Largest page any list endpoint returns. */
export const MAX_PAGE_SIZE = 100;

/** `?limit=&cursor=`: pages of at most {@link MAX_PAGE_SIZE}; the cursor is opaque. */
export const paginationQueryShape = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  cursor: z.string().min(1).max(200).optional(),
};

/** One page of a list: the items, and the cursor of the next page (null on the last one). */
export function pageSchema<Item extends z.ZodType>(item: Item) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}
