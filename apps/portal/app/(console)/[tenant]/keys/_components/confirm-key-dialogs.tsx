'use client';

import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogActions } from '@/components/ui/dialog';
import { initialFormState } from '@/lib/forms';
import { ROTATION_OVERLAP_CHOICES } from '@/lib/key-options';
import { type KeyActionState, revokeApiKey, rotateApiKey } from '../actions';
import type { KeyRow } from './key-row';
import styles from './keys.module.css';
import { SecretReveal } from './secret-reveal';

type KeyDialogProps = { tenantSlug: string; row: KeyRow; onClose: () => void };

/** Asks before revoking: every app using the key starts getting 401s within a second. */
export function RevokeKeyDialog({ tenantSlug, row, onClose }: KeyDialogProps) {
  const [state, formAction, pending] = useActionState(
    revokeApiKey.bind(null, tenantSlug, row.id),
    initialFormState,
  );
  if (state.status === 'success') {
    return (
      <Dialog title="Key revoked" onClose={onClose}>
        <p className={styles.dialogText}>{state.message} Requests with it are now refused.</p>
        <DialogActions>
          <Button onClick={onClose} autoFocus>
            Close
          </Button>
        </DialogActions>
      </Dialog>
    );
  }
  return (
    <Dialog title={`Revoke ${row.name}?`} onClose={onClose}>
      <form action={formAction} className={styles.form}>
        <p className={styles.dialogText}>
          Every request with <code className={styles.inlineCode}>{row.maskedKey}</code> will be refused within
          a second, on every gateway. This cannot be undone.
        </p>
        {state.status === 'error' && !pending ? (
          <Alert title="Could not revoke the key">
            <p>{state.message}</p>
          </Alert>
        ) : null}
        <DialogActions>
          <Button variant="secondary" onClick={onClose} autoFocus>
            Cancel
          </Button>
          <Button type="submit" className={styles.danger} disabled={pending}>
            {pending ? 'Revoking…' : 'Revoke key'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

const initialRotateState: KeyActionState = { status: 'idle' };

/** Asks how long the old secret may keep working, then shows the new secret once. */
export function RotateKeyDialog({
  tenantSlug,
  row,
  gatewayUrl,
  defaultModel,
  onClose,
}: KeyDialogProps & { gatewayUrl: string; defaultModel: string }) {
  const [state, formAction, pending] = useActionState(
    rotateApiKey.bind(null, tenantSlug, row.id),
    initialRotateState,
  );
  if (state.status === 'issued') {
    return (
      <Dialog title="Save the new secret" size="lg" dismissible={false} onClose={onClose}>
        <SecretReveal issued={state.key} gatewayUrl={gatewayUrl} defaultModel={defaultModel} />
        <DialogActions>
          <Button onClick={onClose}>Done</Button>
        </DialogActions>
      </Dialog>
    );
  }
  return (
    <Dialog title={`Rotate ${row.name}?`} onClose={onClose}>
      <form action={formAction} className={styles.form}>
        <p className={styles.dialogText}>
          A new secret replaces <code className={styles.inlineCode}>{row.maskedKey}</code>, with the same
          name, scopes and models.
        </p>
        <div className={styles.selectField}>
          <label htmlFor="field-overlap" className={styles.selectLabel}>
            The old secret
          </label>
          <select id="field-overlap" name="overlapHours" defaultValue="24" className={styles.select}>
            {ROTATION_OVERLAP_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
        {state.status === 'error' && !pending ? (
          <Alert title="Could not rotate the key">
            <p>{state.message}</p>
          </Alert>
        ) : null}
        <DialogActions>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            {pending ? 'Rotating…' : 'Rotate key'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
