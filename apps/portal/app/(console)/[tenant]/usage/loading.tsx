import { PageHeader } from '@/components/console/page-header';
import { UsageDataSkeleton } from './_components/usage-data';

/** The first visit, before the session and view are known. */
export default function UsageLoading() {
  return (
    <>
      <PageHeader
        title="Usage"
        description="Requests, tokens and cost per hour or day (UTC), by model or API key."
      />
      <UsageDataSkeleton />
    </>
  );
}
