import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { apiKeyScopeSchema, apiKeysContract, type ApiKeyView } from '@llmguard/shared';
import { PageHeader } from '@/components/console/page-header';
import { Alert } from '@/components/ui/alert';
import { ApiFailureAlert } from '@/components/ui/api-failure-alert';
import { ButtonLink } from '@/components/ui/button';
import { canListKeys, canManageKeys } from '@/lib/console-navigation';
import { callControlPlane } from '@/lib/control-plane';
import { getEnv } from '@/lib/env';
import { formatDate, formatLastUsed } from '@/lib/format';
import { firstParam, type SearchParams } from '@/lib/search-params';
import { getTenant, requireSession } from '@/lib/session';
import type { KeyRow } from './_components/key-row';
import { KeysView } from './_components/keys-view';
import styles from './_components/keys.module.css';

export const metadata: Metadata = { title: 'API keys' };

/** Shown in snippets when a key may call every model; the dialog says to replace it. */
const DEFAULT_SNIPPET_MODEL = 'gpt-4o-mini';
const PAGE_SIZE = 50;

export default async function KeysPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { tenant: slug } = await params;
  const query = await searchParams;
  const user = await requireSession(`/${slug}/keys`);
  const tenant = await getTenant(slug);
  if (!tenant) notFound();

  if (!canListKeys(tenant.role, user.isPlatformAdmin)) {
    return (
      <>
        <PageHeader title="API keys" />
        <Alert title="Your role cannot see API keys">
          <p>The billing role sees billing only. Ask an owner or admin of {tenant.name} for another role.</p>
        </Alert>
      </>
    );
  }

  const cursor = firstParam(query, 'cursor');
  const result = await callControlPlane(apiKeysContract.list, {
    params: { tenantSlug: slug },
    query: { limit: String(PAGE_SIZE), cursor },
  });
  if (!result.ok) {
    return (
      <>
        <PageHeader title="API keys" />
        <ApiFailureAlert title="Could not load the keys" failure={result.failure} />
      </>
    );
  }

  const now = new Date();
  const { data: keys, nextCursor } = result.data;
  return (
    <>
      <KeysView
        tenantSlug={slug}
        rows={keys.map((key) => toRow(key, now))}
        canManage={canManageKeys(tenant.role, user.isPlatformAdmin)}
        scopeOptions={apiKeyScopeSchema.options}
        gatewayUrl={getEnv().PUBLIC_GATEWAY_URL}
        defaultModel={DEFAULT_SNIPPET_MODEL}
        welcome={firstParam(query, 'welcome') === '1'}
      />
      {cursor || nextCursor ? (
        <nav aria-label="Pages" className={styles.pager}>
          {cursor ? (
            <ButtonLink href={`/${slug}/keys`} variant="secondary" size="sm">
              Newest keys
            </ButtonLink>
          ) : null}
          {nextCursor ? (
            <ButtonLink
              href={`/${slug}/keys?cursor=${encodeURIComponent(nextCursor)}`}
              variant="secondary"
              size="sm"
            >
              Older keys
            </ButtonLink>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

function toRow(key: ApiKeyView, now: Date): KeyRow {
  return {
    id: key.id,
    name: key.name,
    kind: key.kind,
    maskedKey: `${key.prefix}…${key.lastFour}`,
    scopes: key.scopes,
    allowedModels: key.allowedModels,
    status: key.status,
    createdAt: key.createdAt,
    createdLabel: formatDate(key.createdAt),
    lastUsedAt: key.lastUsedAt,
    lastUsedLabel: formatLastUsed(key.lastUsedAt, now),
    expiresLabel: key.expiresAt ? formatDate(key.expiresAt) : null,
  };
}
