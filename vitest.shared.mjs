// Shared Vitest settings. SWC compiles the TypeScript so NestJS gets the decorator metadata that
// esbuild (Vitest's default transformer) does not emit.
import swc from 'unplugin-swc';

/** @param {{ integration?: boolean }} options */
export function vitestConfig(options = {}) {
  return {
    plugins: [swc.vite({ module: { type: 'es6' } })],
    test: {
      include: ['src/**/*.spec.ts', 'test/**/*.int-spec.ts'],
      // Integration suites share one Postgres database and Redis: run files one after another.
      fileParallelism: !options.integration,
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  };
}
