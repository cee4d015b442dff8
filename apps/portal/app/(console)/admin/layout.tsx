import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { requestPath } from '@/lib/request-path';
import { requireSession } from '@/lib/session';
import { AdminShell } from './_components/admin-shell';

export const metadata: Metadata = {
  title: { default: 'Platform admin', template: '%s · Platform admin · LLMGuard' },
};

/**
 * The platform admin area. Anyone else gets the same 404 as for a page that does not exist; the
 * control plane refuses its endpoints to them anyway (403).
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requireSession(await requestPath('/admin'));
  if (!user.isPlatformAdmin) notFound();
  return <AdminShell user={user}>{children}</AdminShell>;
}
