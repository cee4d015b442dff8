'use server';

import { redirect } from 'next/navigation';
import { createTenantRequestSchema, tenantsContract, toErrorDetails } from '@llmguard/shared';
import { fieldErrorsFromDetails } from '@/lib/api-client';
import { callControlPlaneFromAction } from '@/lib/control-plane';
import { createTenantSchema, failureState, type FormState, readFields, validateForm } from '@/lib/forms';

/** Creates a workspace (the user becomes its owner) and leads to its first key. */
export async function createTenant(_previous: FormState, formData: FormData): Promise<FormState> {
  const fields = readFields(formData, ['name', 'slug']);
  const polite = validateForm(createTenantSchema, fields);
  if (!polite.ok) return { status: 'error', fieldErrors: polite.fieldErrors };
  // The contract's own rules (slug format, reserved slugs), named on their fields before any call.
  const parsed = createTenantRequestSchema.safeParse(polite.data, { reportInput: true });
  if (!parsed.success) {
    return { status: 'error', fieldErrors: fieldErrorsFromDetails(toErrorDetails(parsed.error, 'body')) };
  }
  const result = await callControlPlaneFromAction(tenantsContract.create, { body: polite.data });
  if (!result.ok) {
    // A taken slug is a 409 about the slug: show it there.
    if (result.failure.status === 409) {
      return { status: 'error', fieldErrors: { slug: result.failure.message } };
    }
    return failureState(result.failure);
  }
  redirect(`/${result.data.slug}/keys?welcome=1`);
}
