import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { ConsoleShell } from '@/components/console/console-shell';
import { VerifyEmailBanner } from '@/components/console/verify-email-banner';
import { requestPath } from '@/lib/request-path';
import { getSession, getTenant, getTenants, requireSession } from '@/lib/session';

/** Every page of a tenant: signed in, a tenant the user may see (else 404), inside the console frame. */
export default async function TenantLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ tenant: string }>;
}) {
  const { tenant: slug } = await params;
  const user = await requireSession(await requestPath(`/${slug}`));
  const [tenant, tenants] = await Promise.all([getTenant(slug), getTenants()]);
  if (!tenant) notFound();
  const choices = tenants.map(({ slug: tenantSlug, name, role }) => ({ slug: tenantSlug, name, role }));
  // A platform admin may open a tenant they are not a member of: list it too.
  if (!choices.some((choice) => choice.slug === tenant.slug)) {
    choices.push({ slug: tenant.slug, name: tenant.name, role: tenant.role });
  }
  return (
    <ConsoleShell
      user={user}
      tenant={{ slug: tenant.slug, name: tenant.name, role: tenant.role }}
      tenants={choices}
      banner={user.emailVerifiedAt ? null : <VerifyEmailBanner email={user.email} />}
    >
      {children}
    </ConsoleShell>
  );
}

export async function generateMetadata({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  // The page itself reports failures; the title just falls back to a generic one.
  const tenant = await getSession()
    .then((user) => (user ? getTenant(slug) : null))
    .catch(() => null);
  const name = tenant?.name ?? 'Console';
  return { title: { default: name, template: `%s · ${name} · LLMGuard` } };
}
