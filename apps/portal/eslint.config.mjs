// The workspace config, plus what a Next.js app needs: browser globals in components and the
// files Next generates left alone.
import globals from 'globals';
import tseslint from 'typescript-eslint';
import rootConfig from '../../eslint.config.mjs';

export default tseslint.config({ ignores: ['.next/**', 'next-env.d.ts'] }, ...rootConfig, {
  files: ['**/*.tsx', 'components/**/*.ts', 'app/**/*.ts'],
  languageOptions: { globals: { ...globals.browser, ...globals.node } },
});
