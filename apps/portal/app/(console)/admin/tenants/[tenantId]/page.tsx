import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { adminTenantsContract, adminTiersContract } from '@llmguard/shared';
import { PageHeader } from '@/components/console/page-header';
import { ApiFailureAlert } from '@/components/ui/api-failure-alert';
import { ButtonLink } from '@/components/ui/button';
import { ArrowLeftIcon } from '@/components/ui/icons';
import { callControlPlane } from '@/lib/control-plane';
import { formatDate } from '@/lib/format';
import { TenantStatusBadge } from '../_components/tenant-status-badge';
import { SuspensionCard, TierCard } from './_components/tenant-actions';
import styles from './_components/tenant-detail.module.css';

export const metadata: Metadata = { title: 'Tenant' };

/** One tenant: what it is, how big, and the platform's levers (suspension, tier). */
export default async function AdminTenantPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const [result, tiers] = await Promise.all([
    callControlPlane(adminTenantsContract.get, { params: { tenantId } }),
    callControlPlane(adminTiersContract.list),
  ]);
  if (!result.ok && result.failure.status === 404) notFound();

  const back = (
    <ButtonLink href="/admin/tenants" variant="ghost" size="sm" className={styles.back}>
      <ArrowLeftIcon />
      All tenants
    </ButtonLink>
  );
  if (!result.ok) {
    return (
      <>
        {back}
        <PageHeader title="Tenant" />
        <ApiFailureAlert title="Could not load the tenant" failure={result.failure} />
      </>
    );
  }

  const tenant = result.data;
  const facts: [string, ReactNode][] = [
    ['Slug', <code key="slug">{tenant.slug}</code>],
    ['Tenant ID', <code key="id">{tenant.id}</code>],
    ['Tier', tenant.tierId],
    ['Created', formatDate(tenant.createdAt)],
    ['Members', tenant.memberCount.toLocaleString('en-US')],
    ['Active API keys', tenant.activeApiKeyCount.toLocaleString('en-US')],
    ['Single sign-on', tenant.requireSso ? 'Required' : 'Optional'],
  ];
  return (
    <>
      {back}
      <PageHeader
        title={tenant.name}
        description={
          <span className={styles.headerStatus}>
            <TenantStatusBadge status={tenant.status} />
            <span>Last changed {formatDate(tenant.updatedAt)}</span>
          </span>
        }
        actions={
          tenant.status !== 'deleted' ? (
            <ButtonLink href={`/${tenant.slug}`} variant="secondary">
              Open workspace
            </ButtonLink>
          ) : null
        }
      />
      {tenant.status === 'suspended' ? (
        <div className={styles.suspendedNote} role="note">
          <p className={styles.suspendedTitle}>
            Suspended{tenant.suspendedAt ? ` on ${formatDate(tenant.suspendedAt)}` : ''}
          </p>
          <p>Reason: {tenant.suspensionReason ?? 'none given'}</p>
          <p className={styles.suspendedHint}>
            Its API keys get 403 tenant_suspended; its members can read but change nothing.
          </p>
        </div>
      ) : null}
      <div className={styles.grid}>
        <section aria-labelledby="facts-title" className={styles.card}>
          <h2 id="facts-title" className={styles.cardTitle}>
            Details
          </h2>
          <dl className={styles.facts}>
            {facts.map(([label, value]) => (
              <div key={label} className={styles.fact}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </section>
        <div className={styles.side}>
          {tiers.ok ? (
            <TierCard
              tenantId={tenant.id}
              tenantName={tenant.name}
              currentTierId={tenant.tierId}
              tiers={tiers.data.data}
            />
          ) : (
            <ApiFailureAlert title="Could not load the SLA tiers" failure={tiers.failure} />
          )}
          {tenant.status !== 'deleted' ? (
            <SuspensionCard tenantId={tenant.id} tenantName={tenant.name} status={tenant.status} />
          ) : null}
        </div>
      </div>
    </>
  );
}
