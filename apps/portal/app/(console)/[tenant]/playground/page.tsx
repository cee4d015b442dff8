import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getEnv } from '@/lib/env';
import { getTenant, requireSession } from '@/lib/session';
import { PlaygroundView } from './_components/playground-view';

export const metadata: Metadata = { title: 'Playground' };

/**
 * The playground needs nothing from the control plane beyond the session: the user brings a
 * data-plane key, and every call goes to the gateway (through the portal's /api/playground proxy).
 */
export default async function PlaygroundPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  await requireSession(`/${slug}/playground`);
  if (!(await getTenant(slug))) notFound();
  return <PlaygroundView tenantSlug={slug} gatewayUrl={getEnv().PUBLIC_GATEWAY_URL} />;
}
