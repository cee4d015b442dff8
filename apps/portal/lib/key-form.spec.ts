import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKeyBodyFromForm, rotateKeyBodyFromForm } from './key-form';

const now = new Date('2026-03-10T12:00:00Z');

function form(fields: Record<string, string | string[]>): FormData {
  const formData = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) formData.append(name, item);
  }
  return formData;
}

describe('createKeyBodyFromForm', () => {
  // The contract checks that an expiry is in the future against the real clock.
  beforeEach(() => vi.useFakeTimers({ now, toFake: ['Date'] }));
  afterEach(() => vi.useRealTimers());

  it('builds a data-plane key request from the dialog fields', () => {
    expect(
      createKeyBodyFromForm(
        form({
          name: ' Backend ',
          scopes: ['inference', 'embeddings'],
          allowedModels: 'demo-chat, gpt-4o\nx',
          expiry: '30',
        }),
        now,
      ),
    ).toEqual({
      ok: true,
      body: {
        name: 'Backend',
        kind: 'data_plane',
        scopes: ['inference', 'embeddings'],
        allowedModels: ['demo-chat', 'gpt-4o', 'x'],
        expiresAt: '2026-04-09T12:00:00.000Z',
      },
    });
  });

  it('sends no expiry for "never" and an empty model list for every model', () => {
    const parsed = createKeyBodyFromForm(
      form({ name: 'k', scopes: 'inference', allowedModels: ' ', expiry: 'never' }),
      now,
    );
    expect(parsed).toEqual({
      ok: true,
      body: { name: 'k', kind: 'data_plane', scopes: ['inference'], allowedModels: [] },
    });
  });

  // Checked with the shared contract, so the dialog names the field before the API is called.
  it('names the fields the contract refuses', () => {
    expect(createKeyBodyFromForm(form({ name: '', scopes: 'inference' }), now)).toEqual({
      ok: false,
      fieldErrors: { name: 'Use at least 1 characters.' },
    });
    expect(createKeyBodyFromForm(form({ name: 'k' }), now)).toEqual({
      ok: false,
      fieldErrors: { scopes: 'Choose at least one scope.' },
    });
    expect(createKeyBodyFromForm(form({ name: 'k', scopes: 'tenant:write' }), now)).toEqual({
      ok: false,
      fieldErrors: { scopes: 'This is not a data_plane scope.' },
    });
    expect(
      createKeyBodyFromForm(form({ name: 'k', scopes: 'inference', allowedModels: 'a'.repeat(201) }), now),
    ).toMatchObject({
      ok: false,
      fieldErrors: { allowedModels: expect.any(String) },
    });
  });
});

describe('rotateKeyBodyFromForm', () => {
  it('keeps the old secret working for the chosen overlap', () => {
    expect(rotateKeyBodyFromForm(form({ overlapHours: '24' }), now)).toEqual({
      overlapEndsAt: '2026-03-11T12:00:00.000Z',
    });
  });

  it('stops the old secret at once for 0 or an unknown choice', () => {
    expect(rotateKeyBodyFromForm(form({ overlapHours: '0' }), now)).toEqual({});
    expect(rotateKeyBodyFromForm(form({ overlapHours: '9999' }), now)).toEqual({});
  });
});
