/**
 * The backend seam of the Node build: the build (tsup.config.ts) and the Node test run
 * (vitest.config.ts) resolve `crypto/backend.js` to this module instead of `backend.ts`.
 *
 * @module
 */
export * from './node.js';
