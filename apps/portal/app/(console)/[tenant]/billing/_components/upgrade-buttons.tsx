'use client';

import { useActionState, useState } from 'react';
import { FormFailure } from '@/components/forms/form-failure';
import { Button } from '@/components/ui/button';
import { Dialog, DialogActions } from '@/components/ui/dialog';
import { humanizeStatus } from '@/lib/billing-format';
import { initialFormState } from '@/lib/forms';
import { subscribeToTier } from '../actions';
import styles from './billing.module.css';

/** One "Upgrade to <tier>" button per tier sold through Stripe; each asks for confirmation first. */
export function UpgradeButtons({ tenantSlug, tiers }: { tenantSlug: string; tiers: string[] }) {
  const [chosen, setChosen] = useState<string | null>(null);
  return (
    <>
      <div className={styles.buttonRow}>
        {tiers.map((tier) => (
          <Button key={tier} variant="secondary" onClick={() => setChosen(tier)}>
            Upgrade to {humanizeStatus(tier)}
          </Button>
        ))}
      </div>
      {chosen ? (
        <ConfirmUpgrade tenantSlug={tenantSlug} tierId={chosen} onClose={() => setChosen(null)} />
      ) : null}
    </>
  );
}

function ConfirmUpgrade({
  tenantSlug,
  tierId,
  onClose,
}: {
  tenantSlug: string;
  tierId: string;
  onClose: () => void;
}) {
  const [state, action, pending] = useActionState(
    subscribeToTier.bind(null, tenantSlug, tierId),
    initialFormState,
  );
  const tierName = humanizeStatus(tierId);
  if (state.status === 'success') {
    return (
      <Dialog title={`You are on ${tierName}`} onClose={onClose}>
        <p className={styles.subtle}>{state.message}</p>
        <DialogActions>
          <Button onClick={onClose}>Close</Button>
        </DialogActions>
      </Dialog>
    );
  }
  return (
    <Dialog
      title={`Upgrade to ${tierName}?`}
      description="Your usage is billed monthly through Stripe to the payment method on file, from now on. The tier’s SLA and limits apply at once."
      onClose={onClose}
      dismissible={!pending}
    >
      <form action={action}>
        <FormFailure state={state} pending={pending} title="The subscription was not made" />
        <DialogActions>
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            {pending ? 'Subscribing…' : `Upgrade to ${tierName}`}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
