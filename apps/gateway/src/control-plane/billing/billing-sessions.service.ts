import { Inject, Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import type { Tenant } from '@llmguard/db';
import { GatewayError, type GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../config';
import { requireCustomer, requireStripe } from './billing.service';
import { callStripe } from './stripe-call';
import { STRIPE } from './stripe.provider';

/**
 * Stripe-hosted pages for the portal. The return URLs are built here from PORTAL_URL and the tenant's slug, never
 * taken from the request, so the endpoints cannot be used to send someone to another site.
 */
@Injectable()
export class BillingSessionsService {
  constructor(
    @Inject(STRIPE) private readonly stripe: Stripe | null,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  /** Checkout in setup mode: the tenant saves a payment method for its subscription's invoices. */
  async checkout(tenant: Tenant): Promise<{ url: string }> {
    const stripe = requireStripe(this.stripe);
    const customer = requireCustomer(tenant);
    const billingPage = this.billingPageUrl(tenant);
    const session = await callStripe('open a checkout page', () =>
      stripe.checkout.sessions.create({
        mode: 'setup',
        customer,
        currency: 'usd',
        success_url: `${billingPage}?setup=done`,
        cancel_url: billingPage,
        metadata: { tenant_id: tenant.id },
      }),
    );
    return { url: sessionUrl(session.url) };
  }

  /** The Billing Portal: payment methods, plan changes, cancellation and invoices, hosted by Stripe. */
  async portal(tenant: Tenant): Promise<{ url: string }> {
    const stripe = requireStripe(this.stripe);
    const customer = requireCustomer(tenant);
    const session = await callStripe('open the billing portal', () =>
      stripe.billingPortal.sessions.create({ customer, return_url: this.billingPageUrl(tenant) }),
    );
    return { url: sessionUrl(session.url) };
  }

  private billingPageUrl(tenant: Tenant): string {
    return new URL(`/${tenant.slug}/settings/billing`, this.env.PORTAL_URL).toString();
  }
}

function sessionUrl(url: string | null): string {
  if (url) return url;
  throw new GatewayError('upstream_error', { publicMessage: 'Stripe answered without a page to open.' });
}
