'use server';

import { revalidatePath } from 'next/cache';
import { apiKeysContract } from '@llmguard/shared';
import { callControlPlaneFromAction } from '@/lib/control-plane';
import { failureState, type FormState, invalidState, readValues } from '@/lib/forms';
import { createKeyBodyFromForm, rotateKeyBodyFromForm } from '@/lib/key-form';

// Create, rotate and revoke a key of a tenant. The control plane checks the caller's role; the
// secret of a new or rotated key goes back to the dialog once and is never stored by the portal.

/** A secret just issued: what the dialog shows once. */
export type IssuedKey = { name: string; secret: string; allowedModels: string[] };

export type KeyActionState = FormState | { status: 'issued'; key: IssuedKey };

/** The create form's fields, put back after a refusal. */
const CREATE_KEY_FIELDS = ['name', 'scopes', 'allowedModels', 'expiry'] as const;

export async function createApiKey(
  tenantSlug: string,
  _previous: KeyActionState,
  formData: FormData,
): Promise<KeyActionState> {
  const values = readValues(formData, CREATE_KEY_FIELDS);
  const parsed = createKeyBodyFromForm(formData, new Date());
  if (!parsed.ok) return invalidState(parsed.fieldErrors, values);
  const result = await callControlPlaneFromAction(apiKeysContract.create, {
    params: { tenantSlug },
    body: parsed.body,
  });
  if (!result.ok) return failureState(result.failure, values);
  revalidatePath(`/${tenantSlug}/keys`);
  const { key, secret } = result.data;
  return { status: 'issued', key: { name: key.name, secret, allowedModels: key.allowedModels } };
}

export async function rotateApiKey(
  tenantSlug: string,
  keyId: string,
  _previous: KeyActionState,
  formData: FormData,
): Promise<KeyActionState> {
  const result = await callControlPlaneFromAction(apiKeysContract.rotate, {
    params: { tenantSlug, keyId },
    body: rotateKeyBodyFromForm(formData, new Date()),
  });
  if (!result.ok) return failureState(result.failure);
  revalidatePath(`/${tenantSlug}/keys`);
  const { key, secret } = result.data;
  return { status: 'issued', key: { name: key.name, secret, allowedModels: key.allowedModels } };
}

export async function revokeApiKey(
  tenantSlug: string,
  keyId: string,
  _previous: FormState,
): Promise<FormState> {
  const result = await callControlPlaneFromAction(apiKeysContract.revoke, { params: { tenantSlug, keyId } });
  if (!result.ok) return failureState(result.failure);
  revalidatePath(`/${tenantSlug}/keys`);
  return { status: 'success', message: `${result.data.name} is revoked. Requests with it are now refused.` };
}
