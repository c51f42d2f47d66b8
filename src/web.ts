/**
 * `josekit/web`: the same API as `josekit`, always on WebCrypto (browsers, workers, Deno, Bun,
 * and Node when you want WebCrypto there too).
 *
 * @packageDocumentation
 */
export * from './index.js';
