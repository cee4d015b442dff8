import { tenantSlugSchema } from '@llmguard/shared';
import { describe, expect, it } from 'vitest';
import { slugFromName } from './slug';

describe('slugFromName', () => {
  it.each([
    ['Acme Corp.', 'acme-corp'],
    ['  Zürich Café  ', 'zurich-cafe'],
    ['R&D -- Team 42', 'r-d-team-42'],
    ['x'.repeat(39) + ' y', 'x'.repeat(39)],
  ])('%j → %j', (name, slug) => {
    expect(slugFromName(name)).toBe(slug);
  });

  // A suggestion the control plane would refuse for its format would only annoy.
  it('suggests slugs of the contract format', () => {
    for (const name of ['Acme Corp', 'Big data & AI lab', 'a1b2c3']) {
      expect(tenantSlugSchema.safeParse(slugFromName(name)).success).toBe(true);
    }
  });
});
