/**
 * The verification half of the page: the options from the form, one verifyJwt call, and its
 * outcome in words. A failure is shown exactly as josekit reports it (`err.code` and
 * `err.message`); only what never reaches josekit (no WebCrypto, a key field that is not even
 * JSON, a private key) is said in the page's own words. Where josekit's message names an option
 * that one of the page's checkboxes sets, a line after it points at that checkbox.
 *
 * @module
 */

import { JoseError, verifyJwt, type JwsAlgorithm, type VerifyJwtOptions } from '../index.js';
import type { KeyReading } from './key-input.js';

/** The verification fields of the form, as typed. */
export interface Settings {
  readonly algorithms: string;
  readonly issuer: string;
  readonly audience: string;
  readonly anyAudience: boolean;
  readonly allowShortSecret: boolean;
  readonly allowPadding: boolean;
}

/** What the status region says, and the details shown next to it. */
export interface Outcome {
  readonly kind: 'waiting' | 'unavailable' | 'verified' | 'failed';
  /** The status text: "Verified: …", or "<code>: <message>", then any "→ tick …" lines. */
  readonly text: string;
  readonly detail: string;
}

/** Comma- (and for algorithms, space-) separated values; one value stays a string. */
function list(text: string, separator: RegExp): string[] {
  return text.split(separator).map((s) => s.trim()).filter((s) => s !== '');
}

function oneOrMany(values: string[]): string | string[] {
  return values.length === 1 ? values[0]! : values;
}

/** The verifyJwt options the form asks for. */
export function optionsFrom(settings: Settings): VerifyJwtOptions {
  const options: VerifyJwtOptions = { algorithms: list(settings.algorithms, /[\s,]+/) as JwsAlgorithm[] };
  const issuer = list(settings.issuer, /,/);
  if (issuer.length) options.issuer = oneOrMany(issuer);
  if (settings.anyAudience) options.audience = false;
  else {
    const audience = list(settings.audience, /,/);
    if (audience.length) options.audience = oneOrMany(audience);
  }
  if (settings.allowShortSecret) options.allowShortSecret = true;
  if (settings.allowPadding) options.allowPadding = true;
  return options;
}

/** The call the page makes, as code. */
export function callText(expression: string, options: VerifyJwtOptions): string {
  const members = Object.entries(options).map(([name, value]) => `${name}: ${JSON.stringify(value)}`);
  return `await verifyJwt(token, ${expression}, { ${members.join(', ')} })`;
}

/** Whether this page can verify at all: WebCrypto exists only in secure contexts. */
export function hasWebCrypto(): boolean {
  return typeof globalThis.crypto === 'object' && globalThis.crypto !== null && typeof globalThis.crypto.subtle === 'object' && globalThis.crypto.subtle !== null;
}

/** Why the page cannot verify, and how to get a page that can. */
export function unavailable(): Outcome {
  const where = location.protocol === 'file:' ? 'a page opened from a file' : `a page from ${location.origin}`;
  return {
    kind: 'unavailable',
    text:
      'Verification unavailable: this browser gives this page no WebCrypto (crypto.subtle), which browsers offer only to secure contexts. ' +
      'Decoding and inspecting still work. To verify, run `npx josekit decoder` and open the http://127.0.0.1 address it prints.',
    detail: window.isSecureContext
      ? `This browser has no crypto.subtle here although it counts ${where} as a secure context (a policy or an extension may have removed it).`
      : `This browser does not count ${where} as a secure context.`,
  };
}

/**
 * The options josekit's messages name that this page sets with a checkbox: the message says
 * what to pass to verifyJwt, the line after it says which box to tick for that here.
 */
const CHECKBOXES: readonly { readonly mention: string; readonly ticked: (options: VerifyJwtOptions) => boolean; readonly hint: string }[] = [
  { mention: 'allowPadding: true', ticked: (o) => o.allowPadding === true, hint: "→ tick 'Allow padding (AWS ALB JWTs)'" },
  { mention: 'audience: false', ticked: (o) => o.audience === false, hint: "→ tick 'Accept any audience', or type the audience you accept in 'Audience (optional)'" },
  {
    mention: 'allowShortSecret: true',
    ticked: (o) => o.allowShortSecret === true,
    hint: "→ tick 'Legacy: accept a secret shorter than the hash output', only while you rotate to a longer secret",
  },
];

/** The "→ tick …" lines for what josekit's message asks for and the form does not set yet. */
function pageHints(message: string, options: VerifyJwtOptions): string {
  return CHECKBOXES.filter((c) => message.includes(c.mention) && !c.ticked(options)).map((c) => `\n${c.hint}`).join('');
}

function failure(err: unknown, source: string, options?: VerifyJwtOptions): Outcome {
  if (err instanceof JoseError) {
    const extra = err as JoseError & { claim?: unknown; reason?: unknown };
    const facts = [
      `Reported by ${source}`,
      err.step ? `failed step: ${err.step}` : '',
      typeof extra.claim === 'string' ? `claim: ${extra.claim}` : '',
      typeof extra.reason === 'string' ? `reason: ${extra.reason}` : '',
    ].filter(Boolean);
    const hints = options ? pageHints(err.message, options) : '';
    return { kind: 'failed', text: `${err.code}: ${err.message}${hints}`, detail: `${facts.join('; ')}.` };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'failed', text: `Cannot verify: ${message}`, detail: source === 'the page' ? 'Said by this page: josekit was not called.' : `Thrown by ${source} (not a josekit error).` };
}

/** Verifies `token` with the key read from the field, as the settings ask. */
export async function verifyToken(token: string, reading: KeyReading, options: VerifyJwtOptions): Promise<Outcome> {
  if (reading.key === undefined) return failure(reading.error, reading.source ?? 'the page');
  try {
    const { header } = await verifyJwt(token, reading.key, options);
    const kid = typeof header.kid === 'string' ? ` (kid ${JSON.stringify(header.kid)})` : '';
    return {
      kind: 'verified',
      text: `Verified: the ${String(header.alg)} signature is valid${kid} and the claims pass every check.`,
      detail: `verifyJwt returned the payload. Key: ${reading.description}.`,
    };
  } catch (err) {
    return failure(err, 'verifyJwt', options);
  }
}
