'use client';

import { useActionState } from 'react';
import { FormFailure } from '@/components/forms/form-failure';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { initialFormState, keptValue } from '@/lib/forms';
import { renameTenant } from '../actions';
import styles from './settings.module.css';

/**
 * The workspace's name (editable by owners and admins) and its fixed slug and id. For other roles
 * the same form is disabled and has no button; if it is forced anyway, the API's 403 shows here.
 */
export function GeneralSettingsForm({
  tenantSlug,
  name,
  tenantId,
  createdLabel,
  canManage,
}: {
  tenantSlug: string;
  name: string;
  tenantId: string;
  createdLabel: string;
  canManage: boolean;
}) {
  const [state, formAction, pending] = useActionState(renameTenant.bind(null, tenantSlug), initialFormState);
  const fieldErrors = state.status === 'error' ? (state.fieldErrors ?? {}) : {};
  return (
    <section aria-labelledby="general-title" className={styles.card}>
      <header className={styles.cardHeader}>
        <h2 id="general-title" className={styles.cardTitle}>
          General
        </h2>
        <p className={styles.cardDescription}>Created {createdLabel}.</p>
      </header>
      <form action={formAction} noValidate aria-label="General settings">
        <fieldset disabled={!canManage} className={styles.fields}>
          <FormFailure state={state} pending={pending} title="Could not rename the workspace" />
          {state.status === 'success' && !pending ? (
            <p role="status" className={styles.saved}>
              {state.message}
            </p>
          ) : null}
          <TextField
            name="name"
            label="Workspace name"
            defaultValue={keptValue(state, 'name', name)}
            autoComplete="organization"
            hint="Shown in the console and in invitation emails."
            error={fieldErrors.name}
          />
          <div className={styles.readOnlyRow}>
            <div className={styles.readOnlyField}>
              <span className={styles.readOnlyLabel}>URL slug</span>
              <code className={styles.readOnlyValue}>{tenantSlug}</code>
              <span className={styles.readOnlyHint}>Part of every console link; it cannot change.</span>
            </div>
            <div className={styles.readOnlyField}>
              <span className={styles.readOnlyLabel}>Workspace ID</span>
              <code className={styles.readOnlyValue}>{tenantId}</code>
              <span className={styles.readOnlyHint}>Quote it when you contact support.</span>
            </div>
          </div>
        </fieldset>
        {canManage ? (
          <footer className={styles.cardFooter}>
            <Button type="submit" disabled={pending}>
              {pending ? 'Saving…' : 'Save name'}
            </Button>
          </footer>
        ) : null}
      </form>
    </section>
  );
}
