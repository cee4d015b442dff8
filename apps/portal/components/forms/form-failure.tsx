'use client';

import { ApiFailureAlert } from '@/components/ui/api-failure-alert';
import type { FormState } from '@/lib/forms';

/** What an action answered; the failure part is FormState's, the rest is the action's own (a secret…). */
export type ActionState = { status: string } | FormState;

/**
 * The refusal of a form's last submission, with its request id to quote. Nothing while the form is submitted again,
 * nor when the refusal is about fields: those errors stand next to their fields.
 */
export function FormFailure({
  state,
  pending,
  title,
}: {
  state: ActionState;
  pending: boolean;
  title: string;
}) {
  if (state.status !== 'error' || pending || !('message' in state) || !state.message) return null;
  if ('fieldErrors' in state && state.fieldErrors && Object.keys(state.fieldErrors).length > 0) return null;
  return <ApiFailureAlert title={title} failure={{ message: state.message, requestId: state.requestId }} />;
}
