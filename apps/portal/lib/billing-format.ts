import type { MemberRole } from '@llmguard/shared';
import type { StatusTone } from '@/components/ui/status-badge';

// How the billing and SLA pages word Stripe's records and the SLA's figures. Amounts from Stripe are
// integer minor units of their currency; spend and budgets are USD micros (see usage-format.ts).

/**
 * Whether the portal shows billing (plan, invoices, alerts) to the role: owners, admins and the
 * billing role, as in the control plane's matrix (billing.read); platform admins above it.
 */
export function canSeeBilling(role: MemberRole | null, isPlatformAdmin: boolean): boolean {
  return isPlatformAdmin || role === 'owner' || role === 'admin' || role === 'billing';
}

/** "$12.34", "€5.00", "¥500" from Stripe's minor units (cents for USD; none for JPY). */
export function formatMinorUnits(amount: number, currency: string): string {
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() });
  } catch {
    // A code Intl does not know: two decimals and the code, rather than nothing.
    return `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}

/** "99.90%" from basis points (9990). */
export function formatBasisPoints(basisPoints: number): string {
  return `${(basisPoints / 100).toFixed(2)}%`;
}

const MONTH_LABEL = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const DAY_LABEL = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

/** "November 2026" for `2026-11`, "Nov 5, 2026" for `2026-11-05` (budget periods, UTC). */
export function formatPeriod(period: string): string {
  if (/^\d{4}-\d{2}$/.test(period)) return MONTH_LABEL.format(new Date(`${period}-01T00:00:00Z`));
  if (/^\d{4}-\d{2}-\d{2}$/.test(period)) return DAY_LABEL.format(new Date(`${period}T00:00:00Z`));
  return period;
}

/** "Nov 1 – Nov 30, 2026" for an invoice's period (the end is exclusive in Stripe: the day before is shown). */
export function formatInvoicePeriod(startIso: string, endIso: string): string {
  const start = new Date(startIso);
  const lastDay = new Date(Math.max(start.getTime(), Date.parse(endIso) - 1));
  const short = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return `${short.format(start)} – ${DAY_LABEL.format(lastDay)}`;
}

/** A Stripe subscription status as a badge: live ones green, ones needing action red, the rest grey. */
export function subscriptionTone(status: string): StatusTone {
  if (status === 'active' || status === 'trialing') return 'success';
  if (status === 'past_due' || status === 'unpaid' || status === 'incomplete') return 'danger';
  return 'neutral';
}

/** An invoice status as a badge: paid green, open or uncollectible red (money is due), draft and void grey. */
export function invoiceTone(status: string): StatusTone {
  if (status === 'paid') return 'success';
  if (status === 'open' || status === 'uncollectible') return 'danger';
  return 'neutral';
}

/** "Past due" from `past_due`. */
export function humanizeStatus(status: string): string {
  const words = status.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The width of a budget bar, 0–100, from the spend endpoint's percentUsed (which may exceed 100). */
export function budgetBarPercent(percentUsed: number | null): number {
  if (percentUsed === null || !Number.isFinite(percentUsed)) return 0;
  return Math.min(100, Math.max(0, percentUsed));
}
