'use client';

import { ActionDialog } from '@/components/forms/action-dialog';
import { CheckboxGroup } from '@/components/ui/checkbox-group';
import { SelectField } from '@/components/ui/select-field';
import { TextField } from '@/components/ui/text-field';
import { initialFormState, keptValue, keptValues } from '@/lib/forms';
import { EXPIRY_CHOICES, SCOPE_DESCRIPTIONS } from '@/lib/key-options';
import { createApiKey, type KeyActionState } from '../actions';
import { IssuedSecretDialog } from './secret-reveal';

const initialState: KeyActionState = { status: 'idle' };

type CreateKeyDialogProps = {
  tenantSlug: string;
  scopeOptions: readonly string[];
  gatewayUrl: string;
  defaultModel: string;
  onClose: () => void;
};

/**
 * The create form, then, once the key exists, its secret (the dialog cannot be dismissed by accident then). A
 * refused form keeps what was typed and chosen, with each error next to its field.
 */
export function CreateKeyDialog({
  tenantSlug,
  scopeOptions,
  gatewayUrl,
  defaultModel,
  onClose,
}: CreateKeyDialogProps) {
  return (
    <ActionDialog
      title="Create API key"
      description="A key for one app or environment, so you can revoke it alone."
      action={createApiKey.bind(null, tenantSlug)}
      initialState={initialState}
      submitLabel="Create key"
      pendingLabel="Creating…"
      failureTitle="Could not create the key"
      focus="none"
      result={(state) =>
        state.status === 'issued' ? (
          <IssuedSecretDialog
            title="Save your secret key"
            issued={state.key}
            gatewayUrl={gatewayUrl}
            defaultModel={defaultModel}
            onClose={onClose}
          />
        ) : null
      }
      onClose={onClose}
    >
      {(state: KeyActionState) => {
        const form = state.status === 'issued' ? initialFormState : state;
        const fieldErrors = form.status === 'error' ? (form.fieldErrors ?? {}) : {};
        return (
          <>
            <TextField
              name="name"
              label="Name"
              placeholder="Production backend"
              autoComplete="off"
              defaultValue={keptValue(form, 'name')}
              error={fieldErrors.name}
              autoFocus
            />
            <CheckboxGroup
              name="scopes"
              legend="Scopes"
              options={scopeOptions.map((scope) => ({
                value: scope,
                label: scope,
                hint: SCOPE_DESCRIPTIONS[scope] ?? '',
              }))}
              checked={keptValues(form, 'scopes', ['inference'])}
              error={fieldErrors.scopes}
            />
            <TextField
              name="allowedModels"
              label="Allowed models"
              placeholder="gpt-4o-mini, claude-sonnet"
              autoComplete="off"
              defaultValue={keptValue(form, 'allowedModels')}
              hint="Model aliases, separated by commas. Empty = every model your workspace routes."
              error={fieldErrors.allowedModels}
            />
            <SelectField
              name="expiry"
              id="field-expiry"
              label="Expires"
              defaultValue={keptValue(form, 'expiry', 'never')}
              options={EXPIRY_CHOICES}
              error={fieldErrors.expiresAt}
            />
          </>
        );
      }}
    </ActionDialog>
  );
}
