'use server';

import { revalidatePath } from 'next/cache';
import {
  adminTenantsContract,
  suspendTenantRequestSchema,
  updateAdminTenantRequestSchema,
} from '@llmguard/shared';
import { callControlPlaneFromAction } from '@/lib/control-plane';
import { failureState, type FormState, invalidBodyState, readValues } from '@/lib/forms';

// Suspend, reactivate and change the tier of a tenant (platform admins; the control plane checks).
// Suspension and reactivation reach every gateway within a second; each is audited in the tenant's chain.

export async function suspendTenant(
  tenantId: string,
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const values = readValues(formData, ['reason']);
  const parsed = suspendTenantRequestSchema.safeParse(
    { reason: formData.get('reason') ?? '' },
    { reportInput: true },
  );
  if (!parsed.success) return invalidBodyState(parsed.error, values);
  const result = await callControlPlaneFromAction(adminTenantsContract.suspend, {
    params: { tenantId },
    body: parsed.data,
  });
  if (!result.ok) return failureState(result.failure, values);
  revalidatePath('/admin/tenants', 'layout');
  return {
    status: 'success',
    message: `${result.data.name} is suspended: its API keys are refused from now on.`,
  };
}

export async function reactivateTenant(tenantId: string, _previous: FormState): Promise<FormState> {
  const result = await callControlPlaneFromAction(adminTenantsContract.reactivate, { params: { tenantId } });
  if (!result.ok) return failureState(result.failure);
  revalidatePath('/admin/tenants', 'layout');
  return { status: 'success', message: `${result.data.name} is active again: its API keys work.` };
}

export async function changeTenantTier(
  tenantId: string,
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const parsed = updateAdminTenantRequestSchema.safeParse(
    { tierId: formData.get('tierId') ?? '' },
    { reportInput: true },
  );
  if (!parsed.success) return invalidBodyState(parsed.error);
  const result = await callControlPlaneFromAction(adminTenantsContract.update, {
    params: { tenantId },
    body: parsed.data,
  });
  if (!result.ok) return failureState(result.failure);
  revalidatePath('/admin/tenants', 'layout');
  return { status: 'success', message: `${result.data.name} is on the ${result.data.tierId} tier.` };
}
