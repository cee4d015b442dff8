import Stripe from 'stripe';
import { stripeHostOptions, type BillingWorkerEnv } from '@llmguard/shared';
import { WORKER_ENV } from '../config';

/** Injection token of the Stripe client; null when STRIPE_SECRET_KEY is unset (Stripe off). */
export const STRIPE = Symbol('STRIPE');

/**
 * The official SDK, pointed at STRIPE_API_BASE_URL when set (a local fake in tests). The SDK's own network retries
 * are off: every call here is retried by its job with the same idempotency key, which is where retries are counted
 * and backed off.
 */
export function createStripeClient(env: BillingWorkerEnv): Stripe | null {
  if (!env.STRIPE_SECRET_KEY) return null;
  return new Stripe(env.STRIPE_SECRET_KEY, {
    ...stripeHostOptions(env.STRIPE_API_BASE_URL),
    maxNetworkRetries: 0,
    timeout: 20_000,
    typescript: true,
  });
}

export const stripeProvider = {
  provide: STRIPE,
  inject: [WORKER_ENV],
  useFactory: createStripeClient,
};
