import {
  apiKeysContract,
  createApiKeyRequestSchema,
  type EndpointBody,
  toErrorDetails,
} from '@llmguard/shared';
import { fieldErrorsFromDetails } from './api-client';
import type { FieldErrors } from './forms';
import { EXPIRY_CHOICES, ROTATION_OVERLAP_CHOICES } from './key-options';

// Turns the key dialogs' form fields into the control plane's request bodies, checked with the same
// shared contract the control plane applies, so a mistake is named on its field before any call.

const DAY_MS = 24 * 3600 * 1000;
const HOUR_MS = 3600 * 1000;

export type CreateKeyBody = EndpointBody<typeof apiKeysContract.create>;
export type RotateKeyBody = EndpointBody<typeof apiKeysContract.rotate>;

export type Parsed<Body> = { ok: true; body: Body } | { ok: false; fieldErrors: FieldErrors };

/** The create-key form: name, scope checkboxes, models (comma- or space-separated), expiry choice. */
export function createKeyBodyFromForm(formData: FormData, now: Date): Parsed<CreateKeyBody> {
  const name = text(formData, 'name');
  const scopes = formData.getAll('scopes').filter((value) => typeof value === 'string');
  if (scopes.length === 0) return { ok: false, fieldErrors: { scopes: 'Choose at least one scope.' } };
  const allowedModels = text(formData, 'allowedModels')
    .split(/[\s,]+/)
    .filter((model) => model !== '');
  const expiry = text(formData, 'expiry');
  const days = EXPIRY_CHOICES.find((choice) => choice.value === expiry && choice.value !== 'never');
  const body: CreateKeyBody = {
    name,
    kind: 'data_plane',
    // Unknown values fail the contract's check below, named on the field.
    scopes: scopes as NonNullable<CreateKeyBody['scopes']>,
    allowedModels,
    ...(days ? { expiresAt: new Date(now.getTime() + Number(days.value) * DAY_MS).toISOString() } : {}),
  };
  const parsed = createApiKeyRequestSchema.safeParse(body, { reportInput: true });
  if (!parsed.success) {
    return { ok: false, fieldErrors: fieldErrorsFromDetails(toErrorDetails(parsed.error, 'body')) };
  }
  return { ok: true, body };
}

/** The rotate dialog: how long the old secret keeps working. */
export function rotateKeyBodyFromForm(formData: FormData, now: Date): RotateKeyBody {
  const overlap = ROTATION_OVERLAP_CHOICES.find((choice) => choice.value === text(formData, 'overlapHours'));
  const hours = overlap ? Number(overlap.value) : 0;
  return hours > 0 ? { overlapEndsAt: new Date(now.getTime() + hours * HOUR_MS).toISOString() } : {};
}

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === 'string' ? value.trim() : '';
}
