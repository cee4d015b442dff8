/**
 * Stripe settings shared by the gateway (sessions, webhooks) and the billing worker (customers, meter events):
 * pure functions over the validated environment, no SDK import, so libs/shared stays framework-free.
 */

/** Stripe price id per paying SLA tier, e.g. `{ pro: 'price_123', enterprise: 'price_456' }`. */
export type TierPrices = Readonly<Record<string, string>>;

/** Parses `pro:price_123,enterprise:price_456` (validated by the env schema first). */
export function parseTierPrices(value: string | undefined): TierPrices {
  const prices: Record<string, string> = {};
  for (const entry of (value ?? '').split(',')) {
    const [tier, price] = entry.trim().split(':');
    if (tier && price) prices[tier] = price;
  }
  return prices;
}

/** The tier a subscription grants: the first of its prices that a paying tier is sold at; null when none is ours. */
export function tierForStripePrices(prices: TierPrices, priceIds: readonly string[]): string | null {
  for (const [tier, price] of Object.entries(prices)) {
    if (priceIds.includes(price)) return tier;
  }
  return null;
}

/** The SDK's host, port and protocol options for an API base URL (a local fake in tests); {} = api.stripe.com. */
export function stripeHostOptions(apiBaseUrl: string | undefined): {
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
} {
  if (!apiBaseUrl) return {};
  const url = new URL(apiBaseUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443,
    protocol,
  };
}
