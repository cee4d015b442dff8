'use server';

import { redirect } from 'next/navigation';
import { invitationsContract } from '@llmguard/shared';
import { callControlPlaneFromAction } from '@/lib/control-plane';
import { failureState, type FormState, readFields } from '@/lib/forms';

/** Joins the tenant of an invitation as the signed-in user, then opens that tenant. */
export async function acceptInvitation(_previous: FormState, formData: FormData): Promise<FormState> {
  const { token } = readFields(formData, ['token']);
  const result = await callControlPlaneFromAction(invitationsContract.accept, { body: { token } });
  if (!result.ok) return failureState(result.failure);
  redirect(`/${result.data.tenant.slug}`);
}
