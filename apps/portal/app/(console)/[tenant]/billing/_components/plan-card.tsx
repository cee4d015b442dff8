import type { BillingOverview } from '@llmguard/shared';
import { Card } from '@/components/ui/card';
import { StatusBadge } from '@/components/ui/status-badge';
import { humanizeStatus, subscriptionTone } from '@/lib/billing-format';
import { formatDate } from '@/lib/format';
import { StripeActions } from './stripe-actions';
import { UpgradeButtons } from './upgrade-buttons';
import styles from './billing.module.css';

/** The tier, the Stripe subscription's state and dates, and the ways into Stripe. */
export function PlanCard({ tenantSlug, overview }: { tenantSlug: string; overview: BillingOverview }) {
  const subscription = overview.subscription;
  return (
    <Card
      id="plan"
      title="Plan"
      description="Your tier sets your SLA and default limits."
      action={
        subscription ? (
          <StatusBadge tone={subscriptionTone(subscription.status)}>
            {humanizeStatus(subscription.status)}
          </StatusBadge>
        ) : (
          <StatusBadge tone="neutral">No subscription</StatusBadge>
        )
      }
    >
      <p className={styles.planName} data-testid="plan-tier">
        {humanizeStatus(overview.tierId)}
      </p>
      <p className={styles.subtle}>{planLine(overview)}</p>
      {!overview.enabled ? (
        <p className={styles.notice}>
          Payments through Stripe are not set up on this installation, so plans cannot be bought or changed
          here.
        </p>
      ) : !overview.customerReady ? (
        <p className={styles.notice}>Your billing account is being set up; this takes about a minute.</p>
      ) : null}
      <StripeActions tenantSlug={tenantSlug} />
      {upgradeTiers(overview).length > 0 ? (
        <div className={styles.upgrade}>
          <UpgradeButtons tenantSlug={tenantSlug} tiers={upgradeTiers(overview)} />
        </div>
      ) : null}
    </Card>
  );
}

/** Statuses of a subscription still alive in Stripe: the control plane refuses a second one (billing.service). */
const LIVE_STATUSES: readonly string[] = ['active', 'trialing', 'past_due', 'incomplete', 'unpaid', 'paused'];

/** Tiers the tenant can subscribe to here: Stripe on, its customer made, and no live subscription. */
function upgradeTiers({
  enabled,
  customerReady,
  subscription,
  subscribableTiers,
  tierId,
}: BillingOverview): string[] {
  if (!enabled || !customerReady) return [];
  if (subscription && LIVE_STATUSES.includes(subscription.status)) return [];
  return subscribableTiers.filter((tier) => tier !== tierId);
}

function planLine({ subscription, tierId }: BillingOverview): string {
  if (!subscription)
    return tierId === 'free' ? 'Free tier: usage is not billed.' : 'Granted by the platform operator.';
  if (subscription.trialEndsAt && subscription.status === 'trialing')
    return `Trial ends ${formatDate(subscription.trialEndsAt)}.`;
  if (subscription.canceledAt || subscription.status === 'canceled')
    return `Canceled${subscription.canceledAt ? ` on ${formatDate(subscription.canceledAt)}` : ''}.`;
  if (subscription.cancelAtPeriodEnd) return `Cancels on ${formatDate(subscription.currentPeriodEnd)}.`;
  return `Current period ${formatDate(subscription.currentPeriodStart)} – ${formatDate(subscription.currentPeriodEnd)}; renews automatically.`;
}
