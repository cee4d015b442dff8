'use server';

import { revalidatePath } from 'next/cache';
import { ssoContract, tenantsContract, updateTenantRequestSchema } from '@llmguard/shared';
import { callControlPlaneFromAction } from '@/lib/control-plane';
import { failureState, type FormState, invalidBodyState, invalidState, readValues } from '@/lib/forms';
import { SSO_FORM_FIELDS, ssoBodyFromForm } from '@/lib/sso-form';

// Rename the workspace, save or remove its SSO connection. The control plane checks the caller's
// role; its refusals (403, a tenant that requires SSO…) come back as the form's message.

export async function renameTenant(
  tenantSlug: string,
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const values = readValues(formData, ['name']);
  const parsed = updateTenantRequestSchema.safeParse(
    { name: formData.get('name') ?? '' },
    { reportInput: true },
  );
  if (!parsed.success) return invalidBodyState(parsed.error, values);
  const result = await callControlPlaneFromAction(tenantsContract.update, {
    params: { tenantSlug },
    body: parsed.data,
  });
  if (!result.ok) return failureState(result.failure, values);
  // The name shows in the sidebar and titles of every page of the workspace.
  revalidatePath(`/${tenantSlug}`, 'layout');
  return { status: 'success', message: `The workspace is now called ${result.data.name}.` };
}

export async function saveSso(
  tenantSlug: string,
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  // React resets the form after each submission: a refused one comes back with what was typed.
  const values = readValues(formData, SSO_FORM_FIELDS);
  const parsed = ssoBodyFromForm(formData);
  if (!parsed.ok) return invalidState(parsed.fieldErrors, values);
  const result = await callControlPlaneFromAction(ssoContract.put, {
    params: { tenantSlug },
    body: parsed.body,
  });
  if (!result.ok) return failureState(result.failure, values);
  revalidatePath(`/${tenantSlug}/settings`);
  return {
    status: 'success',
    message: result.data.enabled
      ? 'Single sign-on is saved and enabled.'
      : 'Single sign-on is saved, disabled.',
  };
}

export async function removeSso(tenantSlug: string, _previous: FormState): Promise<FormState> {
  const result = await callControlPlaneFromAction(ssoContract.remove, { params: { tenantSlug } });
  if (!result.ok) return failureState(result.failure);
  revalidatePath(`/${tenantSlug}/settings`);
  return { status: 'success', message: 'Single sign-on is removed; members sign in with their passwords.' };
}
