import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { PageHeader } from '@/components/console/page-header';
import { getTenant, requireSession } from '@/lib/session';
import type { SearchParams } from '@/lib/search-params';
import { parseUsageView, usageViewSearch } from '@/lib/usage-range';
import { RouteVariants } from './_components/route-variants';
import { UsageData, UsageDataSkeleton } from './_components/usage-data';
import { UsageToolbar } from './_components/usage-toolbar';
import styles from './_components/usage.module.css';

export const metadata: Metadata = { title: 'Usage' };

/** Requests, tokens and cost over a range, split by model or key; the view lives in the URL. */
export default async function UsagePage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { tenant: slug } = await params;
  const query = await searchParams;
  await requireSession(`/${slug}/usage`);
  const tenant = await getTenant(slug);
  if (!tenant) notFound();

  const view = parseUsageView(query, new Date());
  const search = usageViewSearch(view);
  return (
    <>
      <PageHeader
        title="Usage"
        description="Requests, tokens and cost per hour or day (UTC), by model or API key."
        actions={
          // A file download from the portal's route handler, which asks the API for the same view.
          <a className={styles.downloadLink} href={`/${slug}/usage/export${search}`} download>
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
              <path
                d="M8 2v8m0 0L5 7m3 3 3-3M3 12.5h10"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.5"
                strokeLinecap="round"
                strokeLinejoin="round"
              />
            </svg>
            Download CSV
          </a>
        }
      />
      <UsageToolbar tenantSlug={slug} view={view} />
      {view.notice ? (
        <p role="status" className={styles.notice}>
          {view.notice}
        </p>
      ) : null}
      {/* Keyed by the view, so changing it shows the skeleton again instead of stale charts. */}
      <Suspense key={search} fallback={<UsageDataSkeleton />}>
        <UsageData tenantSlug={slug} view={view} />
      </Suspense>
      {/* A/B tests and canaries of the same range; loads on its own, after the usage above. */}
      <Suspense key={`variants${search}`} fallback={null}>
        <RouteVariants tenantSlug={slug} view={view} />
      </Suspense>
    </>
  );
}
