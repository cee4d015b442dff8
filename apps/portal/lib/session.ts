import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import {
  authContract,
  tenantSlugSchema,
  tenantsContract,
  type TenantView,
  type UserView,
} from '@llmguard/shared';
import type { ApiFailure } from './api-client';
import { callControlPlane } from './control-plane';
import { SESSION_COOKIE } from './forwarded-headers';
import { loginPathFor } from './navigation';

// Who is signed in, for server components. The control plane decides (GET /api/auth/me); the
// portal only asks once per request (React cache) and sends a signed-out browser to the login page.
// When the API cannot answer, pages show their error boundary instead of logging the user out.

/** A control-plane failure that a page cannot render around; error.tsx shows its message. */
export class ControlPlaneUnavailableError extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.message);
    this.name = 'ControlPlaneUnavailableError';
  }
}

/** The signed-in user, or null without a (valid) session. */
export const getSession = cache(async (): Promise<UserView | null> => {
  const jar = await cookies();
  if (!jar.get(SESSION_COOKIE)) return null;
  const result = await callControlPlane(authContract.me);
  if (result.ok) return result.data.user;
  if (result.failure.status === 401) return null;
  throw new ControlPlaneUnavailableError(result.failure);
});

/** The signed-in user; a signed-out browser goes to /login and comes back to `nextPath`. */
export async function requireSession(nextPath?: string): Promise<UserView> {
  const user = await getSession();
  if (!user) redirect(loginPathFor(nextPath));
  return user;
}

/** The tenants the user belongs to, oldest membership first (at most 100, the API's page size). */
export const getTenants = cache(async (): Promise<TenantView[]> => {
  const result = await callControlPlane(tenantsContract.list, { query: { limit: '100' } });
  if (!result.ok) throw new ControlPlaneUnavailableError(result.failure);
  return result.data.data;
});

/** One tenant the user may see (a member's, or any for a platform admin); null when it is not theirs. */
export const getTenant = cache(async (slug: string): Promise<TenantView | null> => {
  // Paths such as /favicon.ico reach the [tenant] segment too; they are not slugs, so ask nobody.
  if (!tenantSlugSchema.safeParse(slug).success) return null;
  const result = await callControlPlane(tenantsContract.get, { params: { tenantSlug: slug } });
  if (result.ok) return result.data;
  if (result.failure.status === 404) return null;
  throw new ControlPlaneUnavailableError(result.failure);
});
