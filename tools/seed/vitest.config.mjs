import { defineConfig } from 'vitest/config';
import { vitestConfig } from '../../vitest.shared.mjs';

export default defineConfig(vitestConfig({ integration: true }));
