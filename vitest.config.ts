import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import the library by its package name, as users do; under vitest that name points at
// the TypeScript source so `npm test` needs no build. The runtime matrix bundles dist/ instead.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^josekit$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^josekit\/web$/, replacement: fileURLToPath(new URL('./src/web.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/runtimes/**', 'node_modules/**'],
  },
});
