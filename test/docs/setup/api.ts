// Every export of josekit (values and types), for a fragment that leaves out its import line.
// Combine with the setups that give its other names: setup=api,hmac.

export * from 'josekit';
