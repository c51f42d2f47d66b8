import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

// Tests import the library by its package name, as users do; under vitest that name points at
// the TypeScript source so `npm test` needs no build. The whole suite runs twice: once as the
// WebCrypto build (every runtime but Node) and once as the Node build, whose crypto seam is
// node:crypto — exactly the one module the build swaps (see tsup.config.ts). The runtime matrix
// bundles dist/ instead.
const library = [
  { find: /^josekit$/, replacement: src('index.ts') },
  { find: /^josekit\/web$/, replacement: src('index.ts') },
];
const test = {
  include: ['test/**/*.test.ts'],
  exclude: ['test/runtimes/**', 'test/package/**', 'test/docs/**', '**/node_modules/**'],
};

export default defineConfig({
  test: {
    projects: [
      { resolve: { alias: library }, test: { ...test, name: 'webcrypto', env: { JOSEKIT_BUILD: 'webcrypto' } } },
      {
        resolve: { alias: [...library, { find: /^\.\.\/crypto\/backend\.js$/, replacement: src('crypto/backend.node.ts') }] },
        test: { ...test, name: 'node', env: { JOSEKIT_BUILD: 'node' } },
      },
    ],
  },
});
