import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import {
  billingContract,
  budgetAlertsContract,
  policiesContract,
  usageContract,
  type Budgets,
} from '@llmguard/shared';
import { PageHeader } from '@/components/console/page-header';
import { ApiFailureAlert } from '@/components/ui/api-failure-alert';
import { Card } from '@/components/ui/card';
import { canSeeBilling } from '@/lib/billing-format';
import { callControlPlane } from '@/lib/control-plane';
import { getTenant, requireSession } from '@/lib/session';
import { AlertsTable } from './_components/alerts-table';
import { BudgetMeter } from './_components/budget-meter';
import { InvoicesTable } from './_components/invoices-table';
import { PlanCard } from './_components/plan-card';
import { ReportingWarning } from './_components/reporting-warning';
import { WebhookForm } from './_components/webhook-form';
import styles from './_components/billing.module.css';

export const metadata: Metadata = { title: 'Billing' };

/** When a policy has caps but lists no thresholds, the worker uses these (billing-worker budget-thresholds.ts). */
const DEFAULT_THRESHOLDS_PERCENT = [50, 80, 100];
const INVOICES_SHOWN = 12;

/**
 * Plan and subscription, this month's spend against the budget, budget alerts and their webhook, and
 * invoices. Spend and budget are every member's to see; the rest is for owners, admins and billing.
 */
export default async function BillingPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const user = await requireSession(`/${slug}/billing`);
  const tenant = await getTenant(slug);
  if (!tenant) notFound();
  const tenantSlug = slug;
  const billingVisible = canSeeBilling(tenant.role, user.isPlatformAdmin);

  const [spend, policy, overview, alerts, webhook, invoices] = await Promise.all([
    callControlPlane(usageContract.spend, { params: { tenantSlug } }),
    callControlPlane(policiesContract.get, { params: { tenantSlug } }),
    billingVisible ? callControlPlane(billingContract.get, { params: { tenantSlug } }) : null,
    billingVisible ? callControlPlane(budgetAlertsContract.listAlerts, { params: { tenantSlug } }) : null,
    billingVisible ? callControlPlane(budgetAlertsContract.getWebhook, { params: { tenantSlug } }) : null,
    billingVisible
      ? callControlPlane(billingContract.listInvoices, {
          params: { tenantSlug },
          query: { limit: String(INVOICES_SHOWN) },
        })
      : null,
  ]);
  const budgets = policy.ok ? policy.data.effective.budgets : undefined;
  const thresholds = budgets?.alertThresholdsPercent ?? DEFAULT_THRESHOLDS_PERCENT;

  return (
    <>
      <PageHeader title="Billing" description={`Plan, spend and invoices of ${tenant.name}.`} />
      {overview?.ok ? <ReportingWarning reporting={overview.data.usageReporting} /> : null}
      <div className={styles.grid}>
        {overview === null ? (
          <Card title="Plan">
            <p className={styles.subtle}>
              Plans, invoices and budget alerts are for owners, admins and the billing role of {tenant.name}.
            </p>
          </Card>
        ) : overview.ok ? (
          <PlanCard tenantSlug={tenantSlug} overview={overview.data} />
        ) : (
          <ApiFailureAlert title="Could not load the plan" failure={overview.failure} />
        )}
        <Card id="budget" title="Spend and budget" description={budgetDescription(budgets, thresholds)}>
          {spend.ok ? (
            <div className={styles.meters}>
              <BudgetMeter
                label="This month (UTC)"
                period={spend.data.month}
                thresholdsPercent={thresholds}
              />
              <BudgetMeter label="Today (UTC)" period={spend.data.today} thresholdsPercent={thresholds} />
            </div>
          ) : (
            <ApiFailureAlert title="Could not load spend" failure={spend.failure} />
          )}
        </Card>
      </div>

      {alerts ? (
        <Card
          id="alerts"
          title="Budget alerts"
          description="Thresholds crossed this month and the two before."
        >
          {alerts.ok ? (
            <AlertsTable alerts={alerts.data.data} since={alerts.data.since} />
          ) : (
            <ApiFailureAlert title="Could not load the alerts" failure={alerts.failure} />
          )}
        </Card>
      ) : null}

      {webhook && invoices ? (
        <div className={styles.stack}>
          <Card
            id="invoices"
            title="Invoices"
            description="Issued by Stripe; open one to pay it or download the PDF."
          >
            {invoices.ok ? (
              <InvoicesTable invoices={invoices.data.data} />
            ) : (
              <ApiFailureAlert title="Could not load the invoices" failure={invoices.failure} />
            )}
          </Card>
          <Card
            id="alert-webhook"
            title="Alert webhook"
            description="Receive budget alerts in your own systems, signed so you can trust them."
          >
            {webhook.ok ? (
              <WebhookForm tenantSlug={tenantSlug} webhook={webhook.data} />
            ) : (
              <ApiFailureAlert title="Could not load the webhook" failure={webhook.failure} />
            )}
          </Card>
        </div>
      ) : null}
    </>
  );
}

function budgetDescription(budgets: Budgets | undefined, thresholds: readonly number[]): string {
  if (!budgets || (budgets.monthlyCapMicros === undefined && budgets.dailyCapMicros === undefined))
    return 'No budget is set; caps come from your workspace’s policy.';
  const at = thresholds.map((threshold) => `${threshold}%`).join(', ');
  const cap = budgets.action === 'block' ? 'Requests are refused at the cap' : 'Reaching the cap alerts only';
  return `Alerts at ${at} of the cap. ${cap}.`;
}
