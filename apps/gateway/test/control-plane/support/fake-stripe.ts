/**
 * The billing worker's fake Stripe server (apps/billing-worker/test/support/fake-stripe.ts), shared so both apps test
 * against the same behaviour. It is loaded at run time: each app's tsconfig keeps its program inside the app's own
 * folder, so a static import across apps does not type-check. The type below is the part the gateway's suites use.
 */
export type FakeStripeRequest = {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  body: Record<string, unknown>;
};

export type FakeStripe = {
  url: string;
  requests: FakeStripeRequest[];
  failNext(path: string, status: number, times?: number): void;
  requestsTo(path: string): FakeStripeRequest[];
  close(): Promise<void>;
};

const FAKE_STRIPE_MODULE = '../../../../billing-worker/test/support/fake-stripe';

export async function startFakeStripe(): Promise<FakeStripe> {
  const module = (await import(FAKE_STRIPE_MODULE)) as { startFakeStripe(): Promise<FakeStripe> };
  return module.startFakeStripe();
}

/** Gateway settings for a fake Stripe: sessions, subscriptions and signed webhooks. */
export function stripeGatewayEnv(fake: FakeStripe): Record<string, string> {
  return {
    STRIPE_SECRET_KEY: 'sk_test_fake',
    STRIPE_API_BASE_URL: fake.url,
    STRIPE_TIER_PRICES: 'pro:price_pro_test,enterprise:price_enterprise_test',
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
  };
}

export const TEST_WEBHOOK_SECRET = 'whsec_test_llmguard_webhook_secret';
