import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { auditLogContract, type AuditListEntryView } from '@llmguard/shared';
import { PageHeader } from '@/components/console/page-header';
import { Alert } from '@/components/ui/alert';
import { ButtonLink } from '@/components/ui/button';
import { describeActor, formatDateTimeUtc, formatRelativeTime, prettyJson } from '@/lib/audit-display';
import {
  auditPageSearch,
  hasAuditFilters,
  parseAuditFilters,
  type AuditFilterValues,
} from '@/lib/audit-filters';
import { canReadAuditLog } from '@/lib/audit-permissions';
import { callControlPlane } from '@/lib/control-plane';
import { firstParam, type SearchParams } from '@/lib/search-params';
import { getTenant, requireSession } from '@/lib/session';
import { AuditFiltersBar } from './_components/audit-filters-bar';
import type { AuditRow } from './_components/audit-row';
import { AuditTable } from './_components/audit-table';
import { ChainStatusCard } from './_components/chain-status';
import { ExportMenu } from './_components/export-menu';
import styles from './_components/audit-log.module.css';

export const metadata: Metadata = { title: 'Audit log' };

const PAGE_SIZE = 50;

export default async function AuditLogPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { tenant: slug } = await params;
  const search = await searchParams;
  const user = await requireSession(`/${slug}/audit-log`);
  const tenant = await getTenant(slug);
  if (!tenant) notFound();

  const description =
    'Every change in this workspace: who made it, when and from where, in a tamper-evident hash chain.';
  if (!canReadAuditLog(tenant.role, user.isPlatformAdmin)) {
    return (
      <>
        <PageHeader title="Audit log" description={description} />
        <Alert title="Your role cannot see the audit log">
          <p>Owners and admins of {tenant.name} can. Ask one of them if you need an entry.</p>
        </Alert>
      </>
    );
  }

  const filters = parseAuditFilters(search);
  const cursor = firstParam(search, 'cursor');
  const [list, verify] = await Promise.all([
    callControlPlane(auditLogContract.list, {
      params: { tenantSlug: slug },
      query: { ...filters.query, limit: String(PAGE_SIZE), cursor },
    }),
    callControlPlane(auditLogContract.verify, { params: { tenantSlug: slug } }),
  ]);
  const basePath = `/${slug}/audit-log`;

  return (
    <>
      <PageHeader
        title="Audit log"
        description={description}
        actions={
          <ExportMenu href={(format) => `${basePath}/export${auditPageSearch(filters.values, { format })}`} />
        }
      />
      <ChainStatusCard
        tenantSlug={slug}
        initial={
          verify.ok
            ? { status: 'verified', report: verify.data, checkedAt: new Date().toISOString() }
            : { status: 'error', message: verify.failure.message, requestId: verify.failure.requestId }
        }
      />
      <AuditFiltersBar basePath={basePath} values={filters.values} errors={filters.errors} />
      {list.ok ? (
        <>
          <AuditTable
            rows={list.data.data.map((entry) => toRow(entry, basePath, filters.values, new Date()))}
            filtered={hasAuditFilters(filters.values)}
            clearHref={basePath}
          />
          <Pager
            basePath={basePath}
            values={filters.values}
            cursor={cursor}
            nextCursor={list.data.nextCursor}
          />
        </>
      ) : (
        <Alert title="Could not load the audit log">
          <p>{list.failure.message}</p>
          {list.failure.requestId ? (
            <p className={styles.requestId}>Request ID: {list.failure.requestId}</p>
          ) : null}
        </Alert>
      )}
    </>
  );
}

function Pager({
  basePath,
  values,
  cursor,
  nextCursor,
}: {
  basePath: string;
  values: AuditFilterValues;
  cursor: string | undefined;
  nextCursor: string | null;
}) {
  if (!cursor && !nextCursor) return null;
  return (
    <nav aria-label="Pages" className={styles.pager}>
      {cursor ? (
        <ButtonLink href={`${basePath}${auditPageSearch(values)}`} variant="secondary" size="sm">
          Newest entries
        </ButtonLink>
      ) : null}
      {nextCursor ? (
        <ButtonLink
          href={`${basePath}${auditPageSearch(values, { cursor: nextCursor })}`}
          variant="secondary"
          size="sm"
        >
          Older entries
        </ButtonLink>
      ) : null}
    </nav>
  );
}

function toRow(entry: AuditListEntryView, basePath: string, values: AuditFilterValues, now: Date): AuditRow {
  return {
    id: entry.id,
    sequence: entry.sequence,
    actor: describeActor(entry),
    actorHref: entry.actorId
      ? `${basePath}${auditPageSearch(values, { actor: entry.actorId, actorType: entry.actorType, cursor: '' })}`
      : null,
    action: entry.action,
    target: entry.targetType ? [entry.targetType, entry.targetId].filter(Boolean).join(' ') : null,
    occurredAt: entry.occurredAt,
    relativeTime: formatRelativeTime(entry.occurredAt, now),
    absoluteTime: formatDateTimeUtc(entry.occurredAt),
    ip: entry.ip,
    userAgent: entry.userAgent,
    beforeJson: prettyJson(entry.before),
    afterJson: prettyJson(entry.after),
    hash: entry.hash,
  };
}
