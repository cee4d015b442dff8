'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { billingContract, budgetAlertsContract } from '@llmguard/shared';
import { callControlPlaneFromAction } from '@/lib/control-plane';
import { failureState, type FormState, invalidState, readValues } from '@/lib/forms';

// Billing actions. The Stripe-hosted pages are made by the control plane (return URLs come from its
// PORTAL_URL, never from here) and the browser is sent there; the webhook's signing secret goes back to
// the form once and is never stored by the portal.

/** Stripe Checkout in setup mode: the tenant adds a payment method. */
export async function openCheckout(tenantSlug: string, _previous: FormState): Promise<FormState> {
  const result = await callControlPlaneFromAction(billingContract.createCheckoutSession, {
    params: { tenantSlug },
  });
  if (!result.ok) return failureState(result.failure);
  redirect(result.data.url);
}

/** The Stripe Billing Portal: payment methods, plan changes, cancellation. */
export async function openBillingPortal(tenantSlug: string, _previous: FormState): Promise<FormState> {
  const result = await callControlPlaneFromAction(billingContract.createPortalSession, {
    params: { tenantSlug },
  });
  if (!result.ok) return failureState(result.failure);
  redirect(result.data.url);
}

export type WebhookActionState = FormState | { status: 'saved'; url: string; signingSecret: string };

export async function saveAlertWebhook(
  tenantSlug: string,
  _previous: WebhookActionState,
  formData: FormData,
): Promise<WebhookActionState> {
  const values = readValues(formData, ['url']);
  const url = formData.get('url');
  if (typeof url !== 'string' || url.trim() === '') {
    return invalidState({ url: 'Enter the https URL of your receiver.' }, values);
  }
  const result = await callControlPlaneFromAction(budgetAlertsContract.putWebhook, {
    params: { tenantSlug },
    body: { url: url.trim() },
  });
  if (!result.ok) return failureState(result.failure, values);
  revalidatePath(`/${tenantSlug}/billing`);
  return { status: 'saved', url: result.data.webhook.url ?? url, signingSecret: result.data.signingSecret };
}

export async function removeAlertWebhook(tenantSlug: string, _previous: FormState): Promise<FormState> {
  const result = await callControlPlaneFromAction(budgetAlertsContract.removeWebhook, {
    params: { tenantSlug },
  });
  if (!result.ok) return failureState(result.failure);
  revalidatePath(`/${tenantSlug}/billing`);
  return { status: 'success', message: 'The webhook is removed; alerts go by email only.' };
}

/** Subscribes the tenant to a paying tier's metered price (the control plane refuses while one is live). */
export async function subscribeToTier(
  tenantSlug: string,
  tierId: string,
  _previous: FormState,
): Promise<FormState> {
  const result = await callControlPlaneFromAction(billingContract.subscribe, {
    params: { tenantSlug },
    body: { tierId },
  });
  if (!result.ok) return failureState(result.failure);
  revalidatePath(`/${tenantSlug}/billing`);
  return { status: 'success', message: `Subscribed: your workspace is on ${result.data.tierId} now.` };
}
