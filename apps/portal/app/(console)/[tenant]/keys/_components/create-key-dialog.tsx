'use client';

import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogActions } from '@/components/ui/dialog';
import { TextField } from '@/components/ui/text-field';
import { EXPIRY_CHOICES, SCOPE_DESCRIPTIONS } from '@/lib/key-options';
import { createApiKey, type KeyActionState } from '../actions';
import styles from './keys.module.css';
import { SecretReveal } from './secret-reveal';

const initialState: KeyActionState = { status: 'idle' };

type CreateKeyDialogProps = {
  tenantSlug: string;
  scopeOptions: readonly string[];
  gatewayUrl: string;
  defaultModel: string;
  onClose: () => void;
};

/** The create form, then, once the key exists, its secret (the dialog cannot be dismissed by accident then). */
export function CreateKeyDialog({
  tenantSlug,
  scopeOptions,
  gatewayUrl,
  defaultModel,
  onClose,
}: CreateKeyDialogProps) {
  const [state, formAction, pending] = useActionState(createApiKey.bind(null, tenantSlug), initialState);
  if (state.status === 'issued') {
    return (
      <Dialog title="Save your secret key" size="lg" dismissible={false} onClose={onClose}>
        <SecretReveal issued={state.key} gatewayUrl={gatewayUrl} defaultModel={defaultModel} />
        <DialogActions>
          <Button onClick={onClose}>Done</Button>
        </DialogActions>
      </Dialog>
    );
  }
  const fieldErrors = state.status === 'error' ? (state.fieldErrors ?? {}) : {};
  return (
    <Dialog
      title="Create API key"
      description="A key for one app or environment, so you can revoke it alone."
      onClose={onClose}
    >
      <form action={formAction} noValidate className={styles.form}>
        {state.status === 'error' && state.message && !pending ? (
          <Alert title="Could not create the key">
            <p>{state.message}</p>
            {state.requestId ? <p className={styles.requestId}>Request ID: {state.requestId}</p> : null}
          </Alert>
        ) : null}
        <TextField
          name="name"
          label="Name"
          placeholder="Production backend"
          autoComplete="off"
          error={fieldErrors.name}
          autoFocus
        />
        <fieldset
          className={styles.fieldset}
          aria-describedby={fieldErrors.scopes ? 'scopes-error' : undefined}
        >
          <legend className={styles.legend}>Scopes</legend>
          {scopeOptions.map((scope) => (
            <label key={scope} className={styles.checkbox}>
              <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === 'inference'} />
              <span>
                <span className={styles.checkboxLabel}>{scope}</span>
                <span className={styles.checkboxHint}>{SCOPE_DESCRIPTIONS[scope] ?? ''}</span>
              </span>
            </label>
          ))}
          {fieldErrors.scopes ? (
            <p id="scopes-error" className={styles.fieldError}>
              {fieldErrors.scopes}
            </p>
          ) : null}
        </fieldset>
        <TextField
          name="allowedModels"
          label="Allowed models"
          placeholder="gpt-4o-mini, claude-sonnet"
          autoComplete="off"
          hint="Model aliases, separated by commas. Empty = every model your workspace routes."
          error={fieldErrors.allowedModels}
        />
        <div className={styles.selectField}>
          <label htmlFor="field-expiry" className={styles.selectLabel}>
            Expires
          </label>
          <select id="field-expiry" name="expiry" defaultValue="never" className={styles.select}>
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
          {fieldErrors.expiresAt ? <p className={styles.fieldError}>{fieldErrors.expiresAt}</p> : null}
        </div>
        <DialogActions>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            {pending ? 'Creating…' : 'Create key'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
