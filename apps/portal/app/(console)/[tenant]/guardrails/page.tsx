import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { guardrailsContract, type GuardrailActivityResponse } from '@llmguard/shared';
import { ChartLegend } from '@/components/charts/chart-legend';
import { StackedBarChart } from '@/components/charts/stacked-bar-chart';
import { DateRangePicker } from '@/components/console/date-range-picker';
import { PageHeader } from '@/components/console/page-header';
import { Alert } from '@/components/ui/alert';
import { ApiFailureAlert } from '@/components/ui/api-failure-alert';
import { ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { MetricCard } from '@/components/ui/metric-card';
import { usageRangeFromParams } from '@/lib/admin-usage-range';
import { canReadAuditLog } from '@/lib/audit-permissions';
import { callControlPlane } from '@/lib/control-plane';
import {
  ACTION_SERIES,
  activityChartRows,
  describeBlockedBy,
  GUARDRAIL_ACTIONS,
  GUARDRAIL_PRESETS,
  guardrailsHref,
  GUARDRAILS_DESCRIPTION,
  totalActions,
} from '@/lib/guardrail-activity';
import type { SearchParams } from '@/lib/search-params';
import { getTenant, requireSession } from '@/lib/session';
import { formatInteger } from '@/lib/usage-format';
import { PiiTable, RecentActionsTable } from './_components/activity-tables';
import styles from './_components/guardrails.module.css';

export const metadata: Metadata = { title: 'Guardrails' };

/** The tenant's guardrail activity over a range (URL search params), from the guardrail entries of its audit log. */
export default async function GuardrailsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { tenant: slug } = await params;
  const search = await searchParams;
  const user = await requireSession(`/${slug}/guardrails`);
  const tenant = await getTenant(slug);
  if (!tenant) notFound();

  if (!canReadAuditLog(tenant.role, user.isPlatformAdmin)) {
    return (
      <>
        <PageHeader title="Guardrails" description={GUARDRAILS_DESCRIPTION} />
        <Alert title="Your role cannot see the guardrail activity">
          <p>
            It lists requests from the audit log, which owners and admins of {tenant.name} can see. Ask one of
            them if you need it.
          </p>
        </Alert>
      </>
    );
  }

  const range = usageRangeFromParams(search, new Date());
  const result = await callControlPlane(guardrailsContract.activity, {
    params: { tenantSlug: slug },
    query: { from: range.from, to: range.to },
  });
  return (
    <>
      <PageHeader
        title="Guardrails"
        description={GUARDRAILS_DESCRIPTION}
        actions={
          <ButtonLink href={`/${slug}/audit-log?action=guardrail.*`} variant="secondary" size="sm">
            Guardrail entries in the audit log
          </ButtonLink>
        }
      />
      <DateRangePicker
        action={`/${slug}/guardrails`}
        range={range}
        presets={GUARDRAIL_PRESETS.map((preset) => ({
          id: preset.value,
          label: preset.label,
          href: guardrailsHref(slug, preset.value),
        }))}
      />
      {range.problem ? (
        <Alert title="That range could not be used">
          <p>{range.problem} Showing the last 7 days instead.</p>
        </Alert>
      ) : null}
      {result.ok ? (
        <Activity tenantSlug={slug} activity={result.data} />
      ) : (
        <ApiFailureAlert title="Could not load the guardrail activity" failure={result.failure} />
      )}
    </>
  );
}

function Activity({ tenantSlug, activity }: { tenantSlug: string; activity: GuardrailActivityResponse }) {
  return (
    <div className={styles.data}>
      <Totals activity={activity} />
      {totalActions(activity.totals) === 0 ? (
        <NoActivity tenantSlug={tenantSlug} />
      ) : (
        <>
          <Card
            title="Actions per day"
            description="Requests the guardrails acted on, by what they did (UTC)"
          >
            <StackedBarChart
              rows={activityChartRows(activity.days)}
              series={ACTION_SERIES}
              granularity="day"
              format="count"
              label="Guardrail actions per day, stacked by action"
            />
            <ChartLegend series={ACTION_SERIES} />
          </Card>
          <div className={styles.split}>
            <Card
              id="guardrails-pii"
              title="Personal data by kind"
              description="Values found, and in how many requests, in prompts and in completions"
            >
              <PiiTable rows={activity.pii} />
            </Card>
            <div className={styles.side}>
              <InjectionCard activity={activity} />
              <ContentFilterCard activity={activity} />
            </div>
          </div>
          <Card
            id="guardrails-recent"
            title="Recent actions"
            description="The latest requests the guardrails acted on; a request opens its audit log entries"
          >
            <RecentActionsTable tenantSlug={tenantSlug} rows={activity.recent} now={new Date()} />
          </Card>
        </>
      )}
    </div>
  );
}

/** One card per action; the blocked one says which guardrails refused. */
function Totals({ activity }: { activity: GuardrailActivityResponse }) {
  return (
    <div className={styles.totals} role="group" aria-label="Totals of the range">
      {GUARDRAIL_ACTIONS.map((info) => (
        <MetricCard
          key={info.action}
          label={info.label}
          value={formatInteger(activity.totals[info.action])}
          detail={
            info.action === 'blocked'
              ? (describeBlockedBy(activity.blockedBy) ?? info.description)
              : info.description
          }
        />
      ))}
    </div>
  );
}

function InjectionCard({ activity }: { activity: GuardrailActivityResponse }) {
  return (
    <Card
      id="guardrails-injection"
      title="Prompt injection"
      description="Prompts scored at or above the policy's threshold"
    >
      <dl className={styles.figures}>
        <div>
          <dt>Blocked</dt>
          <dd data-testid="injection-blocked">{formatInteger(activity.promptInjection.blocked)}</dd>
        </div>
        <div>
          <dt>Flagged</dt>
          <dd data-testid="injection-flagged">{formatInteger(activity.promptInjection.flagged)}</dd>
        </div>
      </dl>
    </Card>
  );
}

function ContentFilterCard({ activity }: { activity: GuardrailActivityResponse }) {
  const { contentFilter } = activity;
  return (
    <Card id="guardrails-content" title="Content filter" description="Blocked terms and categories">
      <dl className={styles.figures}>
        <div>
          <dt>Requests blocked</dt>
          <dd data-testid="content-blocked">{formatInteger(contentFilter.blocked)}</dd>
        </div>
        <div>
          <dt>Terms found</dt>
          <dd data-testid="content-terms" title="In prompts, and masked in completions">
            {formatInteger(contentFilter.termHits + contentFilter.outputTermHits)}
          </dd>
        </div>
      </dl>
      {contentFilter.outputTermHits > 0 ? (
        <p className={styles.subtle}>
          {formatInteger(contentFilter.outputTermHits)} of them masked in completions.
        </p>
      ) : null}
      {contentFilter.categories.length > 0 ? (
        <ul className={styles.categories} aria-label="Categories found">
          {contentFilter.categories.map((item) => (
            <li key={item.category}>
              {item.category.replace(/_/g, ' ')}: {formatInteger(item.requests)}
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}

/** Nothing in the range: how guardrails get turned on. */
function NoActivity({ tenantSlug }: { tenantSlug: string }) {
  return (
    <EmptyState
      title="No guardrail actions in this range"
      testId="guardrails-empty"
      action={
        <ButtonLink href={`/${tenantSlug}/policies`} variant="secondary" size="sm">
          See your policy
        </ButtonLink>
      }
    >
      <p>
        Guardrails act only where your workspace&apos;s policy turns them on. Its <strong>guardrails</strong>{' '}
        section says what happens to personal data in prompts and completions (detect, mask, redact or block),
        to prompt injection (flag or block) and to blocked terms or content categories. LLMGuard platform
        admins set policies; ask yours to turn guardrails on.
      </p>
      <p>Once they are on, each request they act on shows here a few seconds after it reaches the gateway.</p>
    </EmptyState>
  );
}
