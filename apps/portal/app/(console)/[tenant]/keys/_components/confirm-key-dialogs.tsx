'use client';

import { ActionDialog } from '@/components/forms/action-dialog';
import { DialogText } from '@/components/ui/dialog';
import { SelectField } from '@/components/ui/select-field';
import { ROTATION_OVERLAP_CHOICES } from '@/lib/key-options';
import { type KeyActionState, revokeApiKey, rotateApiKey } from '../actions';
import type { KeyRow } from './key-row';
import styles from './keys.module.css';
import { IssuedSecretDialog } from './secret-reveal';

type KeyDialogProps = { tenantSlug: string; row: KeyRow; onClose: () => void };

/** Asks before revoking: every app using the key starts getting 401s within a second. */
export function RevokeKeyDialog({ tenantSlug, row, onClose }: KeyDialogProps) {
  return (
    <ActionDialog
      title={`Revoke ${row.name}?`}
      action={revokeApiKey.bind(null, tenantSlug, row.id)}
      tone="danger"
      submitLabel="Revoke key"
      pendingLabel="Revoking…"
      failureTitle="Could not revoke the key"
      doneTitle="Key revoked"
      onClose={onClose}
    >
      <DialogText>
        Every request with <code className={styles.inlineCode}>{row.maskedKey}</code> will be refused within a
        second, on every gateway. This cannot be undone.
      </DialogText>
    </ActionDialog>
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
  return (
    <ActionDialog
      title={`Rotate ${row.name}?`}
      action={rotateApiKey.bind(null, tenantSlug, row.id)}
      initialState={initialRotateState}
      submitLabel="Rotate key"
      pendingLabel="Rotating…"
      failureTitle="Could not rotate the key"
      focus="none"
      result={(state) =>
        state.status === 'issued' ? (
          <IssuedSecretDialog
            title="Save the new secret"
            issued={state.key}
            gatewayUrl={gatewayUrl}
            defaultModel={defaultModel}
            onClose={onClose}
          />
        ) : null
      }
      onClose={onClose}
    >
      <DialogText>
        A new secret replaces <code className={styles.inlineCode}>{row.maskedKey}</code>, with the same name,
        scopes and models.
      </DialogText>
      <SelectField
        name="overlapHours"
        id="field-overlap"
        label="The old secret"
        defaultValue="24"
        options={ROTATION_OVERLAP_CHOICES}
      />
    </ActionDialog>
  );
}
