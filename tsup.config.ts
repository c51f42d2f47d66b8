import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

// Two builds of one source, which differ in one module, the crypto seam:
// - the WebCrypto build, for every runtime but Node, Deno and Bun, and for `josekit/web`: ESM as
//   one file per module under dist/esm/ (so that with "sideEffects": false a bundler keeps only
//   the modules an app imports), and CommonJS as one file (dist/web.cjs);
// - the Node build (dist/node.js, dist/node.cjs), whose seam is node:crypto, swapped at build
//   time so that the two builds cannot drift apart.
const NODE_BACKEND = fileURLToPath(new URL('./src/crypto/backend.node.ts', import.meta.url));

const shared: Options = {
  target: 'es2022',
  treeshake: true,
  splitting: false,
  sourcemap: false,
  // Minified to keep the package small (error classes take their names from their codes, so
  // renamed classes still report the right name; esbuild's keepNames would wrap every closure
  // on the hot path).
  minify: true,
  clean: false,
};

export default defineConfig([
  {
    ...shared,
    entry: ['src/**/*.ts', '!src/crypto/node.ts', '!src/crypto/backend.node.ts'],
    outDir: 'dist/esm',
    format: ['esm'],
    bundle: false,
    platform: 'neutral',
  },
  { ...shared, entry: { web: 'src/index.ts' }, format: ['cjs'], platform: 'neutral' },
  // One set of declarations for every build (dist/index.d.ts and .d.cts).
  { ...shared, entry: { index: 'src/index.ts' }, format: ['esm', 'cjs'], dts: { only: true } },
  {
    ...shared,
    entry: { node: 'src/index.ts' },
    format: ['esm', 'cjs'],
    platform: 'node',
    // Keep "node:crypto" as written: Deno and Bun resolve only the prefixed name.
    removeNodeProtocol: false,
    esbuildPlugins: [
      {
        name: 'josekit-node-backend',
        setup(build) {
          build.onResolve({ filter: /(^|\/)crypto\/backend\.js$/ }, () => ({ path: NODE_BACKEND }));
        },
      },
    ],
  },
]);
