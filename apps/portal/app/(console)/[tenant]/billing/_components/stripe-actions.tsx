'use client';

import { useActionState } from 'react';
import { FormFailure } from '@/components/forms/form-failure';
import { Button } from '@/components/ui/button';
import { initialFormState } from '@/lib/forms';
import { openBillingPortal, openCheckout } from '../actions';
import styles from './billing.module.css';

/**
 * The two ways into Stripe: Checkout (add a payment method) and the Billing Portal (plan, payment
 * methods, cancellation). Each is a form, so it works before JavaScript loads; a refusal (Stripe off,
 * the customer not ready yet, Stripe down) is shown here with its request id.
 */
export function StripeActions({ tenantSlug }: { tenantSlug: string }) {
  const [checkout, checkoutAction, checkoutPending] = useActionState(
    openCheckout.bind(null, tenantSlug),
    initialFormState,
  );
  const [portal, portalAction, portalPending] = useActionState(
    openBillingPortal.bind(null, tenantSlug),
    initialFormState,
  );
  const failure = [checkout, portal].find((state) => state.status === 'error');
  const pending = checkoutPending || portalPending;
  return (
    <div className={styles.stripeActions}>
      <div className={styles.buttonRow}>
        <form action={checkoutAction}>
          <Button type="submit" disabled={pending}>
            {checkoutPending ? 'Opening Stripe…' : 'Add payment method'}
          </Button>
        </form>
        <form action={portalAction}>
          <Button type="submit" variant="secondary" disabled={pending}>
            {portalPending ? 'Opening Stripe…' : 'Change plan or billing details'}
          </Button>
        </form>
      </div>
      {failure ? <FormFailure state={failure} pending={pending} title="Stripe could not be opened" /> : null}
    </div>
  );
}
