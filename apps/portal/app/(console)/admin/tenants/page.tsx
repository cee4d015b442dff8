import type { Metadata } from 'next';
import Link from 'next/link';
import { adminTenantsContract, type AdminTenantView, tenantStatusSchema } from '@llmguard/shared';
import { PageHeader } from '@/components/console/page-header';
import { ApiFailureAlert } from '@/components/ui/api-failure-alert';
import { Button, ButtonLink } from '@/components/ui/button';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { SelectField } from '@/components/ui/select-field';
import { TextField } from '@/components/ui/text-field';
import { callControlPlane } from '@/lib/control-plane';
import { formatDate } from '@/lib/format';
import { firstParam, type SearchParams } from '@/lib/search-params';
import {
  TENANT_STATUS_LABELS,
  TenantStatusBadge,
  type TenantStatus,
} from './_components/tenant-status-badge';
import styles from './_components/tenants.module.css';

export const metadata: Metadata = { title: 'Tenants' };

const PAGE_SIZE = 50;

/** Every tenant, newest first, searched by name or slug and filtered by status (all in the URL). */
export default async function AdminTenantsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const query = await searchParams;
  const search = firstParam(query, 'search')?.trim() ?? '';
  const statusParam = firstParam(query, 'status') ?? '';
  const status = tenantStatusSchema.safeParse(statusParam).success
    ? (statusParam as TenantStatus)
    : undefined;
  const cursor = firstParam(query, 'cursor');

  const result = await callControlPlane(adminTenantsContract.list, {
    query: { search: search || undefined, status, cursor, limit: String(PAGE_SIZE) },
  });
  const filtered = search !== '' || status !== undefined;
  const hrefWith = (extra: Record<string, string>) => {
    const params = new URLSearchParams({
      ...(search ? { search } : {}),
      ...(status ? { status } : {}),
      ...extra,
    });
    const text = params.toString();
    return text ? `/admin/tenants?${text}` : '/admin/tenants';
  };

  return (
    <>
      <PageHeader
        title="Tenants"
        description="Every workspace on the platform. Open one to suspend it or change its tier."
      />
      <form method="get" action="/admin/tenants" role="search" className={styles.filters}>
        <div className={styles.searchField}>
          <TextField
            name="search"
            label="Search"
            type="search"
            placeholder="Name or slug"
            defaultValue={search}
            autoComplete="off"
          />
        </div>
        <SelectField
          name="status"
          label="Status"
          defaultValue={status ?? ''}
          options={[
            { value: '', label: 'Any status' },
            ...tenantStatusSchema.options.map((value) => ({ value, label: TENANT_STATUS_LABELS[value] })),
          ]}
        />
        <Button type="submit" variant="secondary" className={styles.filterButton}>
          Search
        </Button>
      </form>

      {!result.ok ? (
        <ApiFailureAlert title="Could not load the tenants" failure={result.failure} />
      ) : (
        <>
          <DataTable
            caption="Tenants, newest first"
            columns={TENANT_COLUMNS}
            rows={result.data.data}
            rowKey={(tenant) => tenant.id}
            hoverable
            empty={
              <EmptyState
                title={filtered ? 'No tenant matches' : 'No tenants yet'}
                action={
                  filtered ? (
                    <ButtonLink href="/admin/tenants" variant="secondary" size="sm">
                      Clear the search
                    </ButtonLink>
                  ) : null
                }
              >
                {filtered
                  ? 'Try part of the name or the slug, or another status.'
                  : 'Workspaces appear here as people sign up.'}
              </EmptyState>
            }
          />
          {cursor || result.data.nextCursor ? (
            <nav aria-label="Pages" className={styles.pager}>
              {cursor ? (
                <ButtonLink href={hrefWith({})} variant="secondary" size="sm">
                  Newest tenants
                </ButtonLink>
              ) : null}
              {result.data.nextCursor ? (
                <ButtonLink href={hrefWith({ cursor: result.data.nextCursor })} variant="secondary" size="sm">
                  Older tenants
                </ButtonLink>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </>
  );
}

const TENANT_COLUMNS: DataTableColumn<AdminTenantView>[] = [
  {
    id: 'tenant',
    header: 'Tenant',
    cell: (tenant) => (
      <>
        <Link href={`/admin/tenants/${tenant.id}`} className={styles.tenantLink}>
          {tenant.name}
        </Link>
        <span className={styles.slug}>{tenant.slug}</span>
      </>
    ),
  },
  { id: 'status', header: 'Status', cell: (tenant) => <TenantStatusBadge status={tenant.status} /> },
  {
    id: 'tier',
    header: 'Tier',
    hideOnPhone: true,
    cell: (tenant) => <span className={styles.tier}>{tenant.tierId}</span>,
  },
  {
    id: 'created',
    header: 'Created',
    hideOnPhone: true,
    cell: (tenant) => <time dateTime={tenant.createdAt}>{formatDate(tenant.createdAt)}</time>,
  },
];
