import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

// Two builds of one source, which differ in one module, the crypto seam:
// - the WebCrypto build, for every runtime but Node, Deno and Bun, and for `josekit/web`: ESM as
//   one file per module under dist/esm/ (so that with "sideEffects": false a bundler keeps only
//   the modules an app imports), and CommonJS as one file (dist/web.cjs);
// - the Node build (dist/node.js, dist/node.cjs), whose seam is node:crypto, swapped at build
//   time so that the two builds cannot drift apart.
const NODE_BACKEND = fileURLToPath(new URL('./src/crypto/backend.node.ts', import.meta.url));
const VERSION: string = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).version;

const shared: Options = {
  target: 'es2022',
  treeshake: true,
  splitting: false,
  sourcemap: false,
  // Minified to keep the package small (error classes take their names from their codes, so
  // renamed classes still report the right name; esbuild's keepNames would wrap every closure
  // on the hot path), but in lines of at most ~200 characters: Node prints the source line of an
  // uncaught error above its message, and one 100 kB line would bury the message.
  minify: true,
  esbuildOptions(options) {
    options.lineLimit = 200;
  },
  clean: false,
};

export default defineConfig([
  {
    ...shared,
    // Library modules only: the command (src/cli) and the decoder page (src/decoder) are built on their own.
    entry: ['src/**/*.ts', '!src/crypto/node.ts', '!src/crypto/backend.node.ts', '!src/cli/**', '!src/decoder/**'],
    outDir: 'dist/esm',
    format: ['esm'],
    bundle: false,
    platform: 'neutral',
  },
  { ...shared, entry: { web: 'src/index.ts' }, format: ['cjs'], platform: 'neutral' },
  // One set of declarations for every build, dist/index.d.ts; scripts/declarations.mjs then
  // gives it a CryptoKey that resolves without the DOM lib, and writes dist/index.d.cts.
  { ...shared, entry: { index: 'src/index.ts' }, format: ['esm'], dts: { only: true } },
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
  // The josekit command (bin): its own code only. It imports the library from ./node.js, the
  // Node build next to it, as a user's code would, so the package holds the library once.
  {
    ...shared,
    name: 'cli',
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    platform: 'node',
    removeNodeProtocol: false,
    // esbuild already drops what the entry does not reach; Rollup's pass would add nothing.
    treeshake: false,
    banner: { js: '#!/usr/bin/env node' },
    define: { __JOSEKIT_VERSION__: JSON.stringify(VERSION) },
    esbuildPlugins: [
      {
        name: 'josekit-cli-library',
        setup(build) {
          build.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) =>
            /[\\/]src[\\/]cli[\\/]/.test(args.importer) ? { path: './node.js', external: true } : undefined,
          );
        },
      },
    ],
  },
]);
