'use client';

import { useActionState, useState } from 'react';
import { ActionDialog } from '@/components/forms/action-dialog';
import { FormFailure } from '@/components/forms/form-failure';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { DialogText } from '@/components/ui/dialog';
import { SelectField } from '@/components/ui/select-field';
import { StatusBadge } from '@/components/ui/status-badge';
import { TextField } from '@/components/ui/text-field';
import { initialFormState, keptChecked, keptValue } from '@/lib/forms';
import { ROLE_LABELS } from '@/lib/member-roles';
import type { ssoFormDefaults } from '@/lib/sso-form';
import { removeSso, saveSso } from '../actions';
import styles from './settings.module.css';

type SsoSettingsProps = {
  tenantSlug: string;
  configured: boolean;
  defaults: ReturnType<typeof ssoFormDefaults>;
  /** The redirect URI to register at the identity provider. */
  callbackUrl: string;
  updatedLabel: string | null;
  roleOptions: readonly ('admin' | 'developer' | 'billing' | 'viewer')[];
};

/**
 * The OpenID Connect connection: the callback URL to register, the provider's settings (the secret
 * is write-only: left empty, the stored one stays), who may join, and whether SSO is required.
 */
export function SsoSettings({
  tenantSlug,
  configured,
  defaults,
  callbackUrl,
  updatedLabel,
  roleOptions,
}: SsoSettingsProps) {
  const [state, formAction, pending] = useActionState(saveSso.bind(null, tenantSlug), initialFormState);
  const [removing, setRemoving] = useState(false);
  const fieldErrors = state.status === 'error' ? (state.fieldErrors ?? {}) : {};
  // A refused submission comes back with what was typed (React resets the form after each one).
  const value = (name: 'issuer' | 'clientId' | 'allowedEmailDomains' | 'defaultRole') =>
    keptValue(state, name, defaults[name]);
  return (
    <section aria-labelledby="sso-title" className={styles.card}>
      <header className={styles.cardHeader}>
        <div className={styles.cardHeading}>
          <h2 id="sso-title" className={styles.cardTitle}>
            Single sign-on
          </h2>
          {configured ? (
            <StatusBadge tone={defaults.enabled ? 'success' : 'neutral'}>
              {defaults.enabled ? (defaults.requireSso ? 'Required' : 'Enabled') : 'Disabled'}
            </StatusBadge>
          ) : (
            <StatusBadge tone="neutral">Not set up</StatusBadge>
          )}
        </div>
        <p className={styles.cardDescription}>
          Members sign in through your identity provider (OpenID Connect: Okta, Entra ID, Google Workspace…).
          {updatedLabel ? ` Last changed ${updatedLabel}.` : ''}
        </p>
      </header>
      <form action={formAction} noValidate aria-label="Single sign-on settings">
        <div className={styles.fields}>
          <FormFailure state={state} pending={pending} title="Could not save single sign-on" />
          {state.status === 'success' && !pending ? (
            <p role="status" className={styles.saved}>
              {state.message}
            </p>
          ) : null}
          <div className={styles.callout}>
            <span className={styles.readOnlyLabel}>Redirect URI to register at your identity provider</span>
            <div className={styles.copyRow}>
              <code className={styles.callbackUrl} data-testid="sso-callback-url">
                {callbackUrl}
              </code>
              <CopyButton value={callbackUrl} />
            </div>
          </div>
          <TextField
            name="issuer"
            label="Issuer URL"
            placeholder="https://login.example.com"
            defaultValue={value('issuer')}
            autoComplete="off"
            hint="The provider's issuer identifier; its /.well-known/openid-configuration must name exactly this."
            error={fieldErrors.issuer}
          />
          <div className={styles.twoColumns}>
            <TextField
              name="clientId"
              label="Client ID"
              defaultValue={value('clientId')}
              autoComplete="off"
              error={fieldErrors.clientId}
            />
            <TextField
              name="clientSecret"
              label="Client secret"
              type="password"
              autoComplete="new-password"
              placeholder={defaults.clientSecretSet ? '•••••••• (saved)' : ''}
              hint={
                defaults.clientSecretSet
                  ? 'Saved and never shown. Leave empty to keep it.'
                  : 'Never shown again.'
              }
              error={fieldErrors.clientSecret}
            />
          </div>
          <TextField
            name="allowedEmailDomains"
            label="Allowed email domains"
            placeholder="example.com, corp.example.com"
            defaultValue={value('allowedEmailDomains')}
            autoComplete="off"
            hint="People with these domains join on their first sign-in. Empty: only existing members may sign in."
            error={fieldErrors.allowedEmailDomains}
          />
          <SelectField
            name="defaultRole"
            label="Role of people who join through SSO"
            defaultValue={value('defaultRole')}
            options={roleOptions.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
            error={fieldErrors.defaultRole}
          />
          <div className={styles.toggles}>
            <label className={styles.toggle}>
              <input
                type="checkbox"
                name="enabled"
                defaultChecked={keptChecked(state, 'enabled', defaults.enabled)}
              />
              <span>
                <span className={styles.toggleLabel}>Enabled</span>
                <span className={styles.toggleHint}>Offer “Continue with SSO” for this workspace.</span>
              </span>
            </label>
            <label className={styles.toggle}>
              <input
                type="checkbox"
                name="requireSso"
                defaultChecked={keptChecked(state, 'requireSso', defaults.requireSso)}
                aria-describedby={fieldErrors.requireSso ? 'require-sso-error' : undefined}
              />
              <span>
                <span className={styles.toggleLabel}>Require SSO</span>
                <span className={styles.toggleHint}>
                  Members must sign in through the provider to open this workspace; password sessions are
                  refused.
                </span>
                {fieldErrors.requireSso ? (
                  <span id="require-sso-error" className={styles.fieldError}>
                    {fieldErrors.requireSso}
                  </span>
                ) : null}
              </span>
            </label>
          </div>
        </div>
        <footer className={styles.cardFooter}>
          {configured ? (
            <Button variant="ghost-danger" className={styles.pushLeft} onClick={() => setRemoving(true)}>
              Remove SSO
            </Button>
          ) : null}
          <Button type="submit" disabled={pending}>
            {pending ? 'Saving…' : configured ? 'Save SSO settings' : 'Set up SSO'}
          </Button>
        </footer>
      </form>
      {removing ? <RemoveSsoDialog tenantSlug={tenantSlug} onClose={() => setRemoving(false)} /> : null}
    </section>
  );
}

function RemoveSsoDialog({ tenantSlug, onClose }: { tenantSlug: string; onClose: () => void }) {
  return (
    <ActionDialog
      title="Remove single sign-on?"
      action={removeSso.bind(null, tenantSlug)}
      tone="danger"
      submitLabel="Remove SSO"
      pendingLabel="Removing…"
      failureTitle="Could not remove single sign-on"
      doneTitle="Single sign-on removed"
      onClose={onClose}
    >
      <DialogText>
        The connection and its secret are deleted and SSO is no longer required. Members who never set a
        password must reset one to sign in.
      </DialogText>
    </ActionDialog>
  );
}
