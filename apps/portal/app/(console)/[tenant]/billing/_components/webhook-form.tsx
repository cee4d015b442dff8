'use client';

import { useActionState, useState } from 'react';
import type { BudgetAlertWebhookView } from '@llmguard/shared';
import { FormFailure } from '@/components/forms/form-failure';
import { Button } from '@/components/ui/button';
import { OneTimeSecret } from '@/components/ui/one-time-secret';
import { StatusBadge } from '@/components/ui/status-badge';
import { TextField } from '@/components/ui/text-field';
import { initialFormState, type FormState, keptValue } from '@/lib/forms';
import { removeAlertWebhook, saveAlertWebhook, type WebhookActionState } from '../actions';
import styles from './billing.module.css';

/**
 * The budget-alert webhook: its URL, a new signing secret on every save (shown here once, with a copy
 * button), and removal. The API's field errors show on the URL field, which keeps what was typed.
 */
export function WebhookForm({
  tenantSlug,
  webhook,
}: {
  tenantSlug: string;
  webhook: BudgetAlertWebhookView;
}) {
  const [state, saveAction, saving] = useActionState<WebhookActionState, FormData>(
    saveAlertWebhook.bind(null, tenantSlug),
    initialFormState,
  );
  const [removal, removeAction, removing] = useActionState<FormState, FormData>(
    removeAlertWebhook.bind(null, tenantSlug),
    initialFormState,
  );
  const [dismissedSecret, setDismissedSecret] = useState<string | null>(null);

  if (state.status === 'saved' && state.signingSecret !== dismissedSecret) {
    return (
      <SecretOnce
        url={state.url}
        secret={state.signingSecret}
        onDone={() => setDismissedSecret(state.signingSecret)}
      />
    );
  }
  const fieldErrors = state.status === 'error' ? (state.fieldErrors ?? {}) : {};
  const failed = state.status === 'error' && !state.fieldErrors ? state : removal;
  return (
    <div className={styles.webhook}>
      <div className={styles.webhookStatus}>
        {webhook.configured ? (
          <>
            <StatusBadge tone="success">Active</StatusBadge>
            <code className={styles.webhookUrl}>{webhook.url}</code>
            {webhook.signingSecretSet ? <span className={styles.subtle}>Signing secret set</span> : null}
          </>
        ) : (
          <>
            <StatusBadge tone="neutral">Not set</StatusBadge>
            <span className={styles.subtle}>Alerts go by email to owners and billing members only.</span>
          </>
        )}
      </div>
      {removal.status === 'success' && !webhook.configured ? (
        <p className={styles.notice} role="status">
          {removal.message}
        </p>
      ) : null}
      <FormFailure state={failed} pending={saving || removing} title="The webhook could not be changed" />
      <form action={saveAction} noValidate className={styles.webhookForm}>
        <TextField
          name="url"
          label="Endpoint URL"
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="https://hooks.example.com/llmguard"
          defaultValue={keptValue(state, 'url', webhook.url ?? '')}
          error={fieldErrors.url}
          hint="LLMGuard POSTs a signed JSON event to this https URL when a budget threshold is crossed."
        />
        <div className={styles.buttonRow}>
          <Button type="submit" disabled={saving || removing}>
            {saving ? 'Saving…' : webhook.configured ? 'Save and rotate secret' : 'Save and create secret'}
          </Button>
        </div>
      </form>
      {webhook.configured ? (
        <form action={removeAction}>
          <Button type="submit" variant="ghost-danger" size="sm" disabled={saving || removing}>
            {removing ? 'Removing…' : 'Remove webhook'}
          </Button>
        </form>
      ) : null}
    </div>
  );
}

/** The signing secret, this once: a warning, the value with a copy button, and how to verify it. */
function SecretOnce({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) {
  return (
    <div className={styles.reveal} data-testid="webhook-secret">
      <OneTimeSecret
        id="webhook-signing-secret"
        label="Signing secret"
        value={secret}
        copyLabel="Copy secret"
      >
        <strong>Copy this signing secret now.</strong> It is shown only once; LLMGuard keeps it encrypted and
        cannot show it again. Saving the webhook again makes a new one.
      </OneTimeSecret>
      <p className={styles.subtle}>
        Alerts to <code className={styles.inlineCode}>{url}</code> are signed with it.
      </p>
      <p className={styles.hint}>
        Verify each request: the <code className={styles.inlineCode}>LLMGuard-Signature</code> header is{' '}
        <code className={styles.inlineCode}>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;</code> of{' '}
        <code className={styles.inlineCode}>&lt;t&gt;.&lt;raw body&gt;</code> under this secret.
      </p>
      <div className={styles.buttonRow}>
        <Button type="button" variant="secondary" onClick={onDone}>
          I saved the secret
        </Button>
      </div>
    </div>
  );
}
