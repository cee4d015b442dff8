import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { apiKeysContract } from '@llmguard/shared';
import { PageHeader } from '@/components/console/page-header';
import { DashboardUsage, DashboardUsageSkeleton } from '@/components/dashboard/dashboard-usage';
import { Card } from '@/components/ui/card';
import { ButtonLink } from '@/components/ui/button';
import { CodeTabs } from '@/components/ui/code-tabs';
import { CopyButton } from '@/components/ui/copy-button';
import { canListKeys, canManageKeys } from '@/lib/console-navigation';
import { callControlPlane } from '@/lib/control-plane';
import { getEnv } from '@/lib/env';
import { buildSnippets, SNIPPET_LABELS, type SnippetLanguage } from '@/lib/snippets';
import { getTenant, requireSession } from '@/lib/session';
import styles from './dashboard.module.css';

/**
 * The workspace at a glance: today's and this month's usage with a chart (streamed in apart, so the
 * rest shows at once), then its keys, the gateway's address, and a first call to copy.
 */
export default async function DashboardPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const user = await requireSession(`/${slug}`);
  const tenant = await getTenant(slug);
  if (!tenant) notFound();

  const keys = canListKeys(tenant.role, user.isPlatformAdmin)
    ? await callControlPlane(apiKeysContract.list, { params: { tenantSlug: slug }, query: { limit: '100' } })
    : undefined;
  const activeKeys = keys?.ok ? keys.data.data.filter((key) => key.status === 'active').length : undefined;
  const baseUrl = `${getEnv().PUBLIC_GATEWAY_URL.replace(/\/+$/, '')}/v1`;
  const snippets = buildSnippets({
    gatewayUrl: getEnv().PUBLIC_GATEWAY_URL,
    apiKey: '$LLMGUARD_API_KEY',
    model: 'gpt-4o-mini',
  });
  const firstName = user.name.split(/\s+/)[0] ?? user.name;

  return (
    <>
      <PageHeader
        title={`Welcome, ${firstName}`}
        description={`${tenant.name} · ${tenant.role ?? 'platform admin'}`}
        actions={
          <ButtonLink href={`/${slug}/usage`} variant="secondary" size="sm">
            View usage
          </ButtonLink>
        }
      />
      <Suspense fallback={<DashboardUsageSkeleton />}>
        <DashboardUsage tenantSlug={slug} canCreateKeys={canManageKeys(tenant.role, user.isPlatformAdmin)} />
      </Suspense>
      <div className={styles.grid}>
        <Card title="API keys" description="Keys your apps call the gateway with.">
          <p className={styles.metric}>{activeKeys === undefined ? '—' : activeKeys}</p>
          <p className={styles.metricLabel}>
            {activeKeys === undefined
              ? 'Not available to your role'
              : activeKeys === 1
                ? 'active key'
                : 'active keys'}
          </p>
          <ButtonLink href={`/${slug}/keys`} variant="secondary" size="sm" className={styles.cardAction}>
            {activeKeys === 0 ? 'Create your first key' : 'Manage keys'}
          </ButtonLink>
        </Card>
        <Card title="Gateway base URL" description="Point the OpenAI or Anthropic SDK here.">
          <div className={styles.urlRow}>
            <code className={styles.url}>{baseUrl}</code>
            <CopyButton value={baseUrl} />
          </div>
        </Card>
      </div>
      <Card
        id="first-call"
        title="Make your first call"
        description="Set LLMGUARD_API_KEY to one of your keys, then run:"
      >
        <CodeTabs
          label="First call"
          tabs={(Object.keys(snippets) as SnippetLanguage[]).map((language) => ({
            id: language,
            label: SNIPPET_LABELS[language],
            code: snippets[language],
          }))}
        />
      </Card>
    </>
  );
}
