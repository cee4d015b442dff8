'use client';

import { useState } from 'react';
import type { AdminTierView } from '@llmguard/shared';
import { ActionDialog } from '@/components/forms/action-dialog';
import { Button } from '@/components/ui/button';
import { DialogText } from '@/components/ui/dialog';
import { SelectField } from '@/components/ui/select-field';
import { TextAreaField } from '@/components/ui/text-field';
import { keptValue } from '@/lib/forms';
import { changeTenantTier, reactivateTenant, suspendTenant } from '../actions';
import styles from './tenant-detail.module.css';

const percent = (basisPoints: number) => `${(basisPoints / 100).toFixed(2)}%`;

/** The SLA tier: pick another, confirm, and the tenant's default policy follows on every gateway. */
export function TierCard({
  tenantId,
  tenantName,
  currentTierId,
  tiers,
}: {
  tenantId: string;
  tenantName: string;
  currentTierId: string;
  tiers: AdminTierView[];
}) {
  const [tierId, setTierId] = useState(currentTierId);
  const [confirming, setConfirming] = useState(false);
  const chosen = tiers.find((tier) => tier.id === tierId);
  return (
    <section aria-labelledby="tier-title" className={styles.card}>
      <h2 id="tier-title" className={styles.cardTitle}>
        SLA tier
      </h2>
      <p className={styles.cardText}>
        The tier sets the SLA targets and the default policy (limits, budgets).
      </p>
      <div className={styles.inlineForm}>
        <SelectField
          name="tierId"
          label="Tier"
          value={tierId}
          onChange={(event) => setTierId(event.target.value)}
          options={tiers.map((tier) => ({ value: tier.id, label: `${tier.name} (${tier.id})` }))}
        />
        <Button variant="secondary" disabled={tierId === currentTierId} onClick={() => setConfirming(true)}>
          Change tier
        </Button>
      </div>
      {chosen ? (
        <p className={styles.tierTargets}>
          Availability {percent(chosen.availabilityTargetBasisPoints)}
          {chosen.latencyP95TargetMs !== null ? ` · p95 latency ${chosen.latencyP95TargetMs} ms` : ''}
          {chosen.ttftP95TargetMs !== null ? ` · p95 TTFT ${chosen.ttftP95TargetMs} ms` : ''}
          {` · ${chosen.tenantCount} tenant${chosen.tenantCount === 1 ? '' : 's'}`}
        </p>
      ) : null}
      {confirming ? (
        <ChangeTierDialog
          tenantId={tenantId}
          tenantName={tenantName}
          from={currentTierId}
          to={tierId}
          onClose={() => setConfirming(false)}
        />
      ) : null}
    </section>
  );
}

function ChangeTierDialog({
  tenantId,
  tenantName,
  from,
  to,
  onClose,
}: {
  tenantId: string;
  tenantName: string;
  from: string;
  to: string;
  onClose: () => void;
}) {
  return (
    <ActionDialog
      title={`Move ${tenantName} to ${to}?`}
      action={changeTenantTier.bind(null, tenantId)}
      submitLabel="Change tier"
      pendingLabel="Changing…"
      failureTitle="Could not change the tier"
      doneTitle="Tier changed"
      onClose={onClose}
    >
      {(state) => {
        const fieldError = state.status === 'error' ? state.fieldErrors?.tierId : undefined;
        return (
          <>
            <input type="hidden" name="tierId" value={to} />
            <DialogText>
              From <strong>{from}</strong> to <strong>{to}</strong>. Its SLA targets change now, and every
              gateway applies the new tier’s default policy within a second. Stripe billing is not changed.
            </DialogText>
            {fieldError ? <p className={styles.fieldError}>{fieldError}</p> : null}
          </>
        );
      }}
    </ActionDialog>
  );
}

/** Suspend (with a reason for the audit log) or reactivate. */
export function SuspensionCard({
  tenantId,
  tenantName,
  status,
}: {
  tenantId: string;
  tenantName: string;
  status: 'active' | 'suspended';
}) {
  // Which dialog opened stays fixed: the status flips under it once the action revalidates the page.
  const [dialog, setDialog] = useState<'suspend' | 'reactivate' | null>(null);
  const suspended = status === 'suspended';
  return (
    <section
      aria-labelledby="suspension-title"
      className={`${styles.card} ${suspended ? '' : styles.dangerCard}`}
    >
      <h2 id="suspension-title" className={styles.cardTitle}>
        {suspended ? 'Reactivate' : 'Suspend'}
      </h2>
      <p className={styles.cardText}>
        {suspended
          ? 'Its API keys work again within a second and its members can change settings again.'
          : 'Its API keys are refused (403 tenant_suspended) on every gateway within a second; members keep read access.'}
      </p>
      <div>
        <Button
          variant={suspended ? 'primary' : 'danger'}
          onClick={() => setDialog(suspended ? 'reactivate' : 'suspend')}
        >
          {suspended ? 'Reactivate tenant' : 'Suspend tenant'}
        </Button>
      </div>
      {dialog === 'suspend' ? (
        <SuspendDialog tenantId={tenantId} tenantName={tenantName} onClose={() => setDialog(null)} />
      ) : null}
      {dialog === 'reactivate' ? (
        <ReactivateDialog tenantId={tenantId} tenantName={tenantName} onClose={() => setDialog(null)} />
      ) : null}
    </section>
  );
}

function SuspendDialog({
  tenantId,
  tenantName,
  onClose,
}: {
  tenantId: string;
  tenantName: string;
  onClose: () => void;
}) {
  return (
    <ActionDialog
      title={`Suspend ${tenantName}?`}
      action={suspendTenant.bind(null, tenantId)}
      tone="danger"
      focus="none"
      submitLabel="Suspend tenant"
      pendingLabel="Suspending…"
      failureTitle="Could not suspend the tenant"
      doneTitle="Tenant suspended"
      onClose={onClose}
    >
      {(state) => (
        <>
          <DialogText>
            Every request with its API keys is refused until you reactivate it. The reason goes to the
            tenant’s audit log.
          </DialogText>
          <TextAreaField
            name="reason"
            label="Reason"
            rows={3}
            placeholder="Unpaid invoices since March"
            defaultValue={keptValue(state, 'reason')}
            error={state.status === 'error' ? state.fieldErrors?.reason : undefined}
            autoFocus
          />
        </>
      )}
    </ActionDialog>
  );
}

function ReactivateDialog({
  tenantId,
  tenantName,
  onClose,
}: {
  tenantId: string;
  tenantName: string;
  onClose: () => void;
}) {
  return (
    <ActionDialog
      title={`Reactivate ${tenantName}?`}
      action={reactivateTenant.bind(null, tenantId)}
      submitLabel="Reactivate tenant"
      pendingLabel="Reactivating…"
      failureTitle="Could not reactivate the tenant"
      doneTitle="Tenant reactivated"
      onClose={onClose}
    >
      <DialogText>Its API keys work again within a second, on every gateway.</DialogText>
    </ActionDialog>
  );
}
