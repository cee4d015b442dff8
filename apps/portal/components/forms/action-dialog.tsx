'use client';

import { type ReactNode, useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogActions, DialogText } from '@/components/ui/dialog';
import { type FormState, initialFormState } from '@/lib/forms';
import styles from './action-form.module.css';
import { type ActionState, FormFailure } from './form-failure';

// The console's dialogs that run one server action (revoke, remove, suspend, invite…) share one shape: an
// explanation and perhaps fields, the action's refusal with its request id, Cancel and the action's button; once
// the action succeeded, a dialog that says what happened.

/** The end of a dialog's action: what happened, and the way out. */
export function DoneDialog({
  title,
  children,
  onClose,
  closeLabel = 'Close',
}: {
  title: string;
  children: ReactNode;
  onClose: () => void;
  closeLabel?: string;
}) {
  return (
    <Dialog title={title} onClose={onClose}>
      <DialogText>{children}</DialogText>
      <DialogActions>
        <Button onClick={onClose} autoFocus>
          {closeLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

type ActionDialogProps<State extends ActionState = FormState> = {
  title: string;
  description?: ReactNode;
  size?: 'md' | 'lg';
  action: (previous: State, formData: FormData) => Promise<State>;
  /** The state before any submission; FormState's idle one unless the action has its own. */
  initialState?: State;
  /** Title of the refusal's alert ("Could not revoke the key"), or one chosen from the refusal. */
  failureTitle: string | ((state: State) => string);
  submitLabel: string;
  pendingLabel: string;
  /** `danger` for what cannot be undone; Cancel then takes the focus, so Enter does not destroy. */
  tone?: 'primary' | 'danger';
  /** Where the focus goes on opening when it is not Cancel's (a field's autoFocus wins anyway). */
  focus?: 'cancel' | 'submit' | 'none';
  /** Title of the dialog shown on success, which says the action's message. */
  doneTitle?: string;
  /** Its button ("Close"). */
  doneCloseLabel?: string;
  /** What replaces the form once the action answered, instead of the done dialog; null keeps the form. */
  result?: (state: State) => ReactNode | null;
  /** The explanation and the fields; a function when fields show the last refusal's errors or values. */
  children: ReactNode | ((state: State) => ReactNode);
  onClose: () => void;
};

/** A dialog whose form runs one server action, then says how it went (see the top of this file). */
export function ActionDialog<State extends ActionState = FormState>({
  title,
  description,
  size,
  action,
  initialState = initialFormState as State,
  failureTitle,
  submitLabel,
  pendingLabel,
  tone = 'primary',
  focus = tone === 'danger' ? 'cancel' : 'submit',
  doneTitle,
  doneCloseLabel,
  result,
  children,
  onClose,
}: ActionDialogProps<State>) {
  // React types the state as Awaited<State>; for a state object the two are the same.
  const [state, formAction, pending] = useActionState<State, FormData>(
    action as (previous: Awaited<State>, formData: FormData) => Promise<State>,
    initialState as Awaited<State>,
  );
  const replacement = result?.(state) ?? null;
  if (replacement !== null) return <>{replacement}</>;
  if (state.status === 'success' && doneTitle) {
    return (
      <DoneDialog title={doneTitle} closeLabel={doneCloseLabel} onClose={onClose}>
        {'message' in state ? state.message : null}
      </DoneDialog>
    );
  }
  return (
    <Dialog title={title} description={description} size={size} onClose={onClose}>
      <form action={formAction} noValidate className={styles.form}>
        {typeof children === 'function' ? children(state) : children}
        <FormFailure
          state={state}
          pending={pending}
          title={typeof failureTitle === 'function' ? failureTitle(state) : failureTitle}
        />
        <DialogActions>
          <Button variant="secondary" onClick={onClose} autoFocus={focus === 'cancel'}>
            Cancel
          </Button>
          <Button
            type="submit"
            variant={tone === 'danger' ? 'danger' : 'primary'}
            disabled={pending}
            autoFocus={focus === 'submit'}
          >
            {pending ? pendingLabel : submitLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
