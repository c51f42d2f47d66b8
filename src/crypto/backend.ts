/**
 * The backend seam: the JOSE layers import crypto only from here. Today every entry point uses
 * WebCrypto; a Node-specific backend plugs in at this one place.
 *
 * @module
 */
export * from './webcrypto.js';
