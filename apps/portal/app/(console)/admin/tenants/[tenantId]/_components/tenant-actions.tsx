'use client';

import { useActionState, useState } from 'react';
import type { AdminTierView } from '@llmguard/shared';
import { ApiFailureAlert } from '@/components/ui/api-failure-alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogActions } from '@/components/ui/dialog';
import { SelectField } from '@/components/ui/select-field';
import { type FormState, initialFormState } from '@/lib/forms';
import { changeTenantTier, reactivateTenant, suspendTenant } from '../actions';
import styles from './tenant-detail.module.css';

function Failure({ state, pending, title }: { state: FormState; pending: boolean; title: string }) {
  if (state.status !== 'error' || !state.message || pending || state.fieldErrors) return null;
  return <ApiFailureAlert title={title} failure={{ message: state.message, requestId: state.requestId }} />;
}

function Done({ title, message, onClose }: { title: string; message?: string; onClose: () => void }) {
  return (
    <Dialog title={title} onClose={onClose}>
      <p className={styles.dialogText}>{message}</p>
      <DialogActions>
        <Button onClick={onClose} autoFocus>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}

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
  const [state, formAction, pending] = useActionState(
    changeTenantTier.bind(null, tenantId),
    initialFormState,
  );
  if (state.status === 'success')
    return <Done title="Tier changed" message={state.message} onClose={onClose} />;
  const fieldError = state.status === 'error' ? state.fieldErrors?.tierId : undefined;
  return (
    <Dialog title={`Move ${tenantName} to ${to}?`} onClose={onClose}>
      <form action={formAction} className={styles.dialogForm}>
        <input type="hidden" name="tierId" value={to} />
        <p className={styles.dialogText}>
          From <strong>{from}</strong> to <strong>{to}</strong>. Its SLA targets change now, and every gateway
          applies the new tier’s default policy within a second. Stripe billing is not changed.
        </p>
        {fieldError ? <p className={styles.fieldError}>{fieldError}</p> : null}
        <Failure state={state} pending={pending} title="Could not change the tier" />
        <DialogActions>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending} autoFocus>
            {pending ? 'Changing…' : 'Change tier'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
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
          className={suspended ? undefined : styles.danger}
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
  const [state, formAction, pending] = useActionState(suspendTenant.bind(null, tenantId), initialFormState);
  if (state.status === 'success')
    return <Done title="Tenant suspended" message={state.message} onClose={onClose} />;
  const reasonError = state.status === 'error' ? state.fieldErrors?.reason : undefined;
  return (
    <Dialog title={`Suspend ${tenantName}?`} onClose={onClose}>
      <form action={formAction} noValidate className={styles.dialogForm}>
        <p className={styles.dialogText}>
          Every request with its API keys is refused until you reactivate it. The reason goes to the tenant’s
          audit log.
        </p>
        <div className={styles.textareaField}>
          <label htmlFor="field-reason" className={styles.label}>
            Reason
          </label>
          <textarea
            id="field-reason"
            name="reason"
            rows={3}
            className={`${styles.textarea} ${reasonError ? styles.invalid : ''}`}
            placeholder="Unpaid invoices since March"
            aria-invalid={reasonError ? true : undefined}
            aria-describedby={reasonError ? 'field-reason-message' : undefined}
            autoFocus
          />
          {reasonError ? (
            <p id="field-reason-message" className={styles.fieldError}>
              {reasonError}
            </p>
          ) : null}
        </div>
        <Failure state={state} pending={pending} title="Could not suspend the tenant" />
        <DialogActions>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" className={styles.danger} disabled={pending}>
            {pending ? 'Suspending…' : 'Suspend tenant'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
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
  const [state, formAction, pending] = useActionState(
    reactivateTenant.bind(null, tenantId),
    initialFormState,
  );
  if (state.status === 'success')
    return <Done title="Tenant reactivated" message={state.message} onClose={onClose} />;
  return (
    <Dialog title={`Reactivate ${tenantName}?`} onClose={onClose}>
      <form action={formAction} className={styles.dialogForm}>
        <p className={styles.dialogText}>Its API keys work again within a second, on every gateway.</p>
        <Failure state={state} pending={pending} title="Could not reactivate the tenant" />
        <DialogActions>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending} autoFocus>
            {pending ? 'Reactivating…' : 'Reactivate tenant'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
