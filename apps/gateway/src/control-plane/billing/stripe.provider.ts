import Stripe from 'stripe';
import { stripeHostOptions, type GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../config';

/** Injection token of the Stripe client; null when STRIPE_SECRET_KEY is unset (billing endpoints answer 503). */
export const STRIPE = Symbol('STRIPE');

/** The official SDK, pointed at STRIPE_API_BASE_URL when set (a local fake in tests). */
export const stripeProvider = {
  provide: STRIPE,
  inject: [GATEWAY_ENV],
  useFactory: (env: GatewayEnv): Stripe | null =>
    env.STRIPE_SECRET_KEY
      ? new Stripe(env.STRIPE_SECRET_KEY, {
          ...stripeHostOptions(env.STRIPE_API_BASE_URL),
          // A browser is waiting on these calls: fail fast rather than hold the request for Stripe's 80 s default.
          timeout: 10_000,
          maxNetworkRetries: 1,
          typescript: true,
        })
      : null,
};
