'use server';

import { revalidatePath } from 'next/cache';
import { createInvitationRequestSchema, invitationsContract, membersContract } from '@llmguard/shared';
import { callControlPlaneFromAction } from '@/lib/control-plane';
import { formatDate } from '@/lib/format';
import { failureState, type FormState, invalidBodyState, invalidState, readValues } from '@/lib/forms';
import { parseRole } from '@/lib/member-roles';

// Invite, revoke an invitation, change a role, remove a member. The control plane checks the
// caller's role and the owner rules; its refusals (403, the last owner's 409) come back as the
// dialog's message.

export async function inviteMember(
  tenantSlug: string,
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const values = readValues(formData, ['email', 'role']);
  const input = { email: formData.get('email') ?? '', role: formData.get('role') ?? '' };
  const parsed = createInvitationRequestSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) return invalidBodyState(parsed.error, values);
  const result = await callControlPlaneFromAction(invitationsContract.create, {
    params: { tenantSlug },
    body: parsed.data,
  });
  if (!result.ok) return failureState(result.failure, values);
  revalidatePath(`/${tenantSlug}/members`);
  return {
    status: 'success',
    message: `An invitation is on its way to ${result.data.email}. Its link works once, for that address, until ${formatDate(result.data.expiresAt)}.`,
  };
}

export async function revokeInvitation(
  tenantSlug: string,
  invitationId: string,
  _previous: FormState,
): Promise<FormState> {
  const result = await callControlPlaneFromAction(invitationsContract.revoke, {
    params: { tenantSlug, invitationId },
  });
  if (!result.ok) return failureState(result.failure);
  revalidatePath(`/${tenantSlug}/members`);
  return { status: 'success', message: `The invitation of ${result.data.email} no longer works.` };
}

export async function changeMemberRole(
  tenantSlug: string,
  memberId: string,
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const role = parseRole(formData.get('role'));
  if (!role) return invalidState({ role: 'Choose a role.' });
  const result = await callControlPlaneFromAction(membersContract.changeRole, {
    params: { tenantSlug, memberId },
    body: { role },
  });
  if (!result.ok) return failureState(result.failure);
  revalidatePath(`/${tenantSlug}/members`);
  return { status: 'success', message: `${result.data.name} is now ${result.data.role}.` };
}

export async function removeMember(
  tenantSlug: string,
  memberId: string,
  _previous: FormState,
): Promise<FormState> {
  const result = await callControlPlaneFromAction(membersContract.remove, {
    params: { tenantSlug, memberId },
  });
  if (!result.ok) return failureState(result.failure);
  revalidatePath(`/${tenantSlug}/members`);
  return { status: 'success' };
}
