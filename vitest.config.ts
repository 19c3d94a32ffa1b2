import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// esbuild (vitest's default transpiler) emits no decorator metadata; SWC does, so
// type-graphql sees the same types under test as under `tsc`.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    globalSetup: ['tests/global-setup.ts'],
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // One Neo4j serves the run; two workers match the 2-core machines we run on.
    maxWorkers: 2,
  },
});
