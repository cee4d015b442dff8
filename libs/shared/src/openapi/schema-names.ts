import { z } from 'zod';

/**
 * Component names for the zod schemas a module exports: `apiKeySchema` → `ApiKey`. Shared schemas then appear once
 * in the document, under the name the code uses, instead of inline in every operation. The first name a schema or
 * a component name gets wins, so `preset` (and earlier modules) take precedence.
 */
export function schemaNames(
  modules: readonly Record<string, unknown>[],
  preset: readonly [z.ZodType, string][] = [],
): Map<z.ZodType, string> {
  const names = new Map<z.ZodType, string>(preset);
  const taken = new Set(names.values());
  for (const moduleExports of modules) {
    for (const exportName of Object.keys(moduleExports).sort()) {
      const value = moduleExports[exportName];
      if (!(value instanceof z.ZodType) || !exportName.endsWith('Schema') || names.has(value)) continue;
      const name = exportName.charAt(0).toUpperCase() + exportName.slice(1, -'Schema'.length);
      if (name === '' || taken.has(name)) continue;
      names.set(value, name);
      taken.add(name);
    }
  }
  return names;
}
