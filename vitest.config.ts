// vitest.config.ts — the JavaScript suites (tests/js) run in Node against the
// built wasm modules in build/wasm and the native CLI in build/native.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/js/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
