'use client';

import { useActionState, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { initialFormState } from '@/lib/forms';
import { slugFromName } from '@/lib/slug';
import styles from '../auth.module.css';
import { createTenant } from './actions';

/** Name and slug; the slug follows the name until the user edits it. */
export function CreateTenantForm() {
  const [state, formAction, pending] = useActionState(createTenant, initialFormState);
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const fieldErrors = state.status === 'error' ? (state.fieldErrors ?? {}) : {};
  return (
    <form action={formAction} noValidate className={styles.stack}>
      {state.status === 'error' && state.message && !pending ? (
        <Alert title="Could not create the workspace">
          <p>{state.message}</p>
        </Alert>
      ) : null}
      <TextField
        name="name"
        label="Workspace name"
        placeholder="Acme Corp"
        autoComplete="organization"
        value={name}
        onChange={(event) => {
          setName(event.target.value);
          if (!slugEdited) setSlug(slugFromName(event.target.value));
        }}
        error={fieldErrors.name}
        autoFocus
      />
      <TextField
        name="slug"
        label="Workspace URL"
        placeholder="acme-corp"
        autoComplete="off"
        spellCheck={false}
        hint="Lower-case letters, digits and dashes. It is part of every console address."
        value={slug}
        onChange={(event) => {
          setSlug(event.target.value);
          setSlugEdited(true);
        }}
        error={fieldErrors.slug}
      />
      <Button type="submit" size="lg" block disabled={pending}>
        {pending ? 'Creating…' : 'Create workspace'}
      </Button>
    </form>
  );
}
