import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESERVED_TENANT_SLUGS } from '@llmguard/shared';

// Tenants live at /<slug>: a slug equal to a top-level portal page would be hidden by it. Every top-level path the
// App Router serves (folders, minus route groups "(x)", dynamic "[x]" and private "_x" ones) must be reserved.
function topLevelPaths(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      if (entry.name.startsWith('(')) return topLevelPaths(join(dir, entry.name));
      if (entry.name.startsWith('[') || entry.name.startsWith('_')) return [];
      return [entry.name];
    });
}

describe('reserved tenant slugs', () => {
  it('cover every top-level page of the portal', () => {
    const paths = topLevelPaths(join(__dirname, '..', 'app'));
    expect(paths.length).toBeGreaterThan(5);
    expect(paths.filter((path) => !RESERVED_TENANT_SLUGS.includes(path))).toEqual([]);
  });
});
