import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { POLICY_SECTIONS, policiesContract, type PolicyVersionView } from '@llmguard/shared';
import { PageHeader } from '@/components/console/page-header';
import { ApiFailureAlert } from '@/components/ui/api-failure-alert';
import { formatDateTimeUtc, formatRelativeTime } from '@/lib/audit-display';
import { canEditPolicies } from '@/lib/audit-permissions';
import { callControlPlane } from '@/lib/control-plane';
import { POLICY_SECTION_INFO, rateLimitRows, sectionRows } from '@/lib/policy-display';
import { sectionEditorText } from '@/lib/policy-editor';
import { firstParam, type SearchParams } from '@/lib/search-params';
import { getTenant, requireSession } from '@/lib/session';
import { PolicySectionCard } from './_components/policy-section-card';
import { VersionHistory, type VersionRow } from './_components/version-history';
import { VersionDiff } from './_components/version-diff';
import styles from './_components/policies.module.css';

export const metadata: Metadata = { title: 'Policies' };

const HISTORY_PAGE_SIZE = 20;
const VERSION = /^[1-9][0-9]{0,8}$/;

export default async function PoliciesPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { tenant: slug } = await params;
  const search = await searchParams;
  const user = await requireSession(`/${slug}/policies`);
  const tenant = await getTenant(slug);
  if (!tenant) notFound();

  const historyCursor = firstParam(search, 'historyCursor');
  const [policy, versions] = await Promise.all([
    callControlPlane(policiesContract.get, { params: { tenantSlug: slug } }),
    callControlPlane(policiesContract.listVersions, {
      params: { tenantSlug: slug },
      query: { limit: String(HISTORY_PAGE_SIZE), cursor: historyCursor },
    }),
  ]);
  const description =
    'What the gateway enforces for this workspace: its tier’s defaults, with any overrides.';
  if (!policy.ok) {
    return (
      <>
        <PageHeader title="Policies" description={description} />
        <ApiFailureAlert title="Could not load the policy" failure={policy.failure} />
      </>
    );
  }

  const { currentVersion, document, effective, tierId } = policy.data;
  const editable = canEditPolicies(user.isPlatformAdmin);
  const requested = firstParam(search, 'version');
  const shownVersion = requested && VERSION.test(requested) ? Number(requested) : currentVersion;
  const selected:
    { ok: true; data: PolicyVersionView } | { ok: false; message: string; requestId?: string } | null =
    shownVersion === null
      ? null
      : await callControlPlane(policiesContract.getVersion, {
          params: { tenantSlug: slug, version: String(shownVersion) },
        }).then((result) =>
          result.ok
            ? { ok: true as const, data: result.data }
            : { ok: false as const, message: result.failure.message, requestId: result.failure.requestId },
        );
  const now = new Date();

  return (
    <>
      <PageHeader title="Policies" description={description} />
      <div className={styles.summary}>
        <span className={styles.summaryItem}>
          Tier <strong>{tierId}</strong>
        </span>
        <span className={styles.summaryItem}>
          {currentVersion === null ? (
            'No workspace version: the tier’s defaults apply'
          ) : (
            <>
              Version <strong>{currentVersion}</strong> in force
            </>
          )}
        </span>
        <span className={editable ? styles.summaryAdmin : styles.summaryReadOnly}>
          {editable
            ? 'You can edit as a platform admin'
            : 'Read-only: LLMGuard platform admins set these policies'}
        </span>
      </div>
      <p className={styles.legend}>
        <span className={styles.overrideTag}>Override</span> set for this workspace ·{' '}
        <span className={styles.tierTag}>Tier</span> the {tierId} tier’s default
      </p>

      <div className={styles.sections}>
        {POLICY_SECTIONS.map((section) => (
          <PolicySectionCard
            key={section}
            tenantSlug={slug}
            section={section}
            info={POLICY_SECTION_INFO[section]}
            rows={sectionRows(section, effective, document)}
            rateLimits={section === 'rateLimits' ? rateLimitRows(effective, document) : undefined}
            editor={
              editable
                ? {
                    text: sectionEditorText(document, section),
                    tierText: sectionEditorText(policy.data.tierDefaults, section),
                    expectedVersion: currentVersion,
                  }
                : null
            }
          />
        ))}
      </div>

      <section className={styles.history} aria-labelledby="history-title">
        <h2 id="history-title" className={styles.historyTitle}>
          Version history
        </h2>
        {versions.ok ? (
          <VersionHistory
            basePath={`/${slug}/policies`}
            rows={versions.data.data.map((version): VersionRow => ({
              version: version.version,
              comment: version.comment,
              author: version.author ? version.author.email : 'System',
              relativeTime: formatRelativeTime(version.createdAt, now),
              absoluteTime: formatDateTimeUtc(version.createdAt),
              createdAt: version.createdAt,
            }))}
            currentVersion={currentVersion}
            selectedVersion={shownVersion}
            historyCursor={historyCursor}
            nextCursor={versions.data.nextCursor}
          />
        ) : (
          <ApiFailureAlert title="Could not load the history" failure={versions.failure} />
        )}
        {selected?.ok === false ? (
          <ApiFailureAlert title={`Could not load version ${shownVersion}`} failure={selected} />
        ) : null}
        {selected?.ok ? (
          <VersionDiff
            tenantSlug={slug}
            version={selected.data.version}
            comment={selected.data.comment}
            author={selected.data.author?.email ?? 'System'}
            absoluteTime={formatDateTimeUtc(selected.data.createdAt)}
            changes={selected.data.changes}
            isCurrent={selected.data.version === currentVersion}
            canRestore={editable}
            currentVersion={currentVersion}
          />
        ) : null}
      </section>
    </>
  );
}
