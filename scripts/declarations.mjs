// Writes dist/index.d.cts, the declarations CommonJS consumers resolve (the "require" conditions
// in package.json). It re-exports dist/index.d.ts rather than repeating it: the declarations are
// the same for both module formats, and a copy would add 70 kB to the package. attw and the
// consumer type tests in test/package check that every resolution mode still gets the types.
import { writeFileSync } from 'node:fs';

writeFileSync(new URL('../dist/index.d.cts', import.meta.url), "export * from './index.js';\n");
