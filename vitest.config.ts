import { createRequire } from 'node:module';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// esbuild (vitest's default transpiler) emits no decorator metadata; SWC does, so
// type-graphql sees the same types under test as under `tsc`.
const require = createRequire(import.meta.url);

export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module). Node, and so type-graphql and Apollo, load the
    // CJS build; Vite would hand our code the ESM one, and graphql refuses objects from a second copy.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    globalSetup: ['tests/global-setup.ts'],
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // One Neo4j serves the run; two workers match the 2-core machines we run on.
    maxWorkers: 2,
  },
});
