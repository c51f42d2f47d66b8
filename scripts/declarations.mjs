// Finishes the declarations tsup wrote (dist/index.d.ts), after `tsup` in `npm run build`:
//
// 1. `CryptoKey` in josekit's declarations is the platform's own CryptoKey where the consumer's
//    types declare one (the DOM lib, Deno, workers types: a global `CryptoKey` value whose
//    prototype is the key type) and josekit's CryptoKeyShape otherwise (`@types/node` without the
//    DOM lib), instead of an unresolved name that `skipLibCheck` would silently turn into `any`.
//    A module-level alias shadows the global name inside the declaration file, and is exported
//    so that such projects can name the type too.
// 2. dist/index.d.cts, the declarations CommonJS consumers resolve (the "require" conditions),
//    re-exports dist/index.d.ts instead of repeating it (70 kB). attw and the consumer type tests
//    in test/package check that every resolution mode still gets the types.
import { readFileSync, writeFileSync } from 'node:fs';

const dts = new URL('../dist/index.d.ts', import.meta.url);
const ALIAS =
  '/** WebCrypto\'s CryptoKey: the platform\'s own where the project\'s types declare one, otherwise {@link CryptoKeyShape}. */\n' +
  'type CryptoKey = typeof globalThis extends { CryptoKey: { prototype: infer T } } ? T : CryptoKeyShape;\n' +
  'export type { CryptoKey };\n';
const text = readFileSync(dts, 'utf8');
if (!text.includes('interface CryptoKeyShape')) throw new Error('dist/index.d.ts does not declare CryptoKeyShape');
if (!text.includes('type CryptoKey =')) writeFileSync(dts, `${ALIAS}${text}`);
writeFileSync(new URL('../dist/index.d.cts', import.meta.url), "export * from './index.js';\n");
