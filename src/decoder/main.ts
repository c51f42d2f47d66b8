/**
 * The decoder page: wires the form to inspectJwt (on every change of the token) and verifyJwt
 * (shortly after any change of the token, the key or the options), and announces the
 * verification outcome in the status region.
 *
 * @module
 */

import { JWS_ALGORITHMS, inspectJwt } from '../index.js';
import { byId, el } from './elements.js';
import { inspectionView } from './inspection-view.js';
import { readKey, type KeyForm } from './key-input.js';
import { readToken } from './token-input.js';
import { callText, hasWebCrypto, optionsFrom, unavailable, verifyToken, type Outcome } from './verification.js';

const tokenField = byId<HTMLTextAreaElement>('token');
const keyField = byId<HTMLTextAreaElement>('key');
const keyForm = byId<HTMLSelectElement>('key-as');
const keyRead = byId<HTMLElement>('key-read');
const algorithms = byId<HTMLInputElement>('algs');
const tokenAlg = byId<HTMLElement>('algs-token');
const issuer = byId<HTMLInputElement>('iss');
const audience = byId<HTMLInputElement>('aud');
const anyAudience = byId<HTMLInputElement>('any-aud');
const shortSecret = byId<HTMLInputElement>('short');
const padding = byId<HTMLInputElement>('pad');
const status = byId<HTMLElement>('status');
const statusDetail = byId<HTMLElement>('status-detail');
const call = byId<HTMLElement>('call');
const decoded = byId<HTMLElement>('decoded');

byId<HTMLElement>('algs-list').textContent = JWS_ALGORITHMS.join(', ');

const CRYPTO = hasWebCrypto();
/** Debounce for verification, so that typing is not announced key by key. */
const VERIFY_DELAY_MS = 200;

let shown: string | undefined;

function renderDecoded(): void {
  const raw = tokenField.value;
  const allowPadding = padding.checked;
  const key = `${allowPadding ? 'padded' : 'strict'}:${raw}`;
  if (key === shown) return;
  shown = key;
  const { token, notes } = readToken(raw);
  if (token === '') {
    decoded.replaceChildren(el('p', { class: 'hint' }, 'Paste a token to see it decoded.'));
    tokenAlg.textContent = '';
    return;
  }
  const report = inspectJwt(token, allowPadding ? { allowPadding: true } : undefined);
  decoded.replaceChildren(...inspectionView(token, report, { notes, allowPadding }));
  tokenAlg.textContent = report.alg === undefined ? '' : ` The token's header says ${JSON.stringify(report.alg)}: pin what your issuer uses rather than what a token says.`;
}

function show(outcome: Outcome): void {
  const kind = outcome.kind === 'verified' ? 'ok' : outcome.kind === 'failed' ? 'bad' : 'wait';
  status.className = `status ${kind}`;
  // Set only on change: a live region re-announces whatever is written to it.
  if (status.textContent !== outcome.text) status.textContent = outcome.text;
  statusDetail.textContent = outcome.detail;
}

let run = 0;

async function verifyNow(): Promise<void> {
  const id = ++run;
  const { token } = readToken(tokenField.value);
  const reading = readKey(keyField.value, keyForm.value as KeyForm);
  keyRead.textContent = reading ? `Read as ${reading.description}.` : '';
  const options = optionsFrom({
    algorithms: algorithms.value,
    issuer: issuer.value,
    audience: audience.value,
    anyAudience: anyAudience.checked,
    allowShortSecret: shortSecret.checked,
    allowPadding: padding.checked,
  });
  call.textContent = callText(reading?.expression ?? 'key', options);
  let outcome: Outcome;
  if (!CRYPTO) outcome = unavailable();
  else if (token === '') outcome = { kind: 'waiting', text: 'Waiting for a token.', detail: '' };
  else if (!reading) outcome = { kind: 'waiting', text: 'Waiting for a key or secret.', detail: 'The token is decoded below, but nothing in it is trusted until it is verified.' };
  else if (options.algorithms.length === 0) {
    outcome = { kind: 'waiting', text: 'Waiting for the algorithms to accept.', detail: 'verifyJwt requires a non-empty algorithms list: the token never chooses how it is verified.' };
  } else outcome = await verifyToken(token, reading, options);
  if (id === run) show(outcome);
}

let timer: ReturnType<typeof setTimeout> | undefined;

function changed(): void {
  renderDecoded();
  audience.disabled = anyAudience.checked;
  clearTimeout(timer);
  timer = setTimeout(() => void verifyNow(), VERIFY_DELAY_MS);
}

for (const field of [tokenField, keyField, keyForm, algorithms, issuer, audience, anyAudience, shortSecret, padding]) {
  field.addEventListener('input', changed);
  field.addEventListener('change', changed);
}
renderDecoded();
void verifyNow();
