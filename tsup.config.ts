import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

// Two builds of one source: dist/web.* over WebCrypto (every runtime, and `josekit/web`), and
// dist/node.* whose crypto seam is node:crypto (the package.json "node" condition). Only the seam
// module differs, swapped at build time, so the two cannot drift apart.
const NODE_BACKEND = fileURLToPath(new URL('./src/crypto/backend.node.ts', import.meta.url));

const shared: Options = {
  format: ['esm', 'cjs'],
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
  { ...shared, entry: { web: 'src/index.ts' }, platform: 'neutral', dts: { entry: { index: 'src/index.ts' } } },
  {
    ...shared,
    entry: { node: 'src/index.ts' },
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
