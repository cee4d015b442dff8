import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Unit tests for the portal's pure logic (status probes, form validation, env parsing). They run in
// Node with fakes for fetch and the clock; pages and components are covered by the Playwright suite.
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    environment: 'node',
    include: ['**/*.spec.ts'],
    exclude: ['**/node_modules/**', '.next/**'],
  },
});
