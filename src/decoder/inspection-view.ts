/**
 * The decoded half of the page: what inspectJwt reports about a token (problems, header, payload,
 * times) and the JWS pipeline step by step, from the header JSON to the token. Nothing here is
 * verified; the verification result is shown apart, in the status region.
 *
 * @module
 */

import { base64url, type InspectedTime, type JwtInspection } from '../index.js';
import { el, type Child } from './elements.js';
import { segmentCode, segmentLegend, segmentedToken } from './segments.js';

const TIME_CLAIMS = [
  ['iat', 'issued at'],
  ['nbf', 'not before'],
  ['exp', 'expires'],
] as const;

/** What the view needs to know besides the token and the report. */
export interface ViewContext {
  /** What the page removed around the pasted token, in words. */
  readonly notes: readonly string[];
  /** Whether "Allow padding" is ticked: padded segments are then read after their "=" is dropped. */
  readonly allowPadding: boolean;
}

/** The segment without correct "=" padding (1 or 2 characters, to a multiple of 4). */
function unpadded(segment: string): string {
  const pad = /={1,2}$/.exec(segment);
  return pad && segment.length % 4 === 0 ? segment.slice(0, pad.index) : segment;
}

/**
 * The segment's bytes as UTF-8 text, or undefined when it is not canonical base64url of UTF-8
 * (padded base64url too, when padding is allowed).
 */
function decodedText(segment: string, allowPadding: boolean): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(base64url.decode(allowPadding ? unpadded(segment) : segment));
  } catch {
    return undefined;
  }
}

function section(title: string, ...children: Child[]): HTMLElement {
  return el('section', null, el('h3', null, title), ...children);
}

function json(value: Record<string, unknown> | undefined, what: string): HTMLElement {
  if (value === undefined) return el('p', { class: 'hint' }, `The ${what} could not be decoded (see Problems).`);
  return el('pre', null, JSON.stringify(value, null, 2));
}

function problems(report: JwtInspection): HTMLElement {
  if (report.problems.length === 0) {
    return el('p', null, 'None found. inspectJwt reports no problem when verifyJwt would accept the token with a matching key and options.');
  }
  return el(
    'ul',
    { class: 'problems' },
    ...report.problems.map((p) =>
      el(
        'li',
        { class: p.severity },
        el('strong', null, p.severity === 'error' ? 'Error' : 'Warning'),
        ' ',
        el('code', null, p.code),
        p.offset !== undefined ? ` at character ${p.offset} (marked in the token)` : '',
        ': ',
        p.message,
      ),
    ),
  );
}

function timeRow(claim: string, meaning: string, time: InspectedTime): HTMLElement {
  const date = new Date(time.value * 1000);
  return el(
    'tr',
    null,
    el('th', { scope: 'row' }, el('code', null, claim), ` (${meaning})`),
    el('td', null, String(time.value)),
    el('td', null, el('time', { datetime: time.iso }, time.iso), el('br'), el('span', { class: 'hint' }, date.toLocaleString())),
    el('td', null, time.relative),
  );
}

function times(report: JwtInspection): HTMLElement {
  const rows = TIME_CLAIMS.filter(([claim]) => report.times[claim]).map(([claim, meaning]) => timeRow(claim, meaning, report.times[claim]!));
  const clock = el('p', { class: 'hint' }, `Judged against this browser's clock: ${report.now}.`, report.times.lifetime ? ` Lifetime: ${report.times.lifetime}.` : '');
  if (rows.length === 0) return el('div', null, el('p', null, 'The payload has no time claims (iat, nbf, exp).'), clock);
  return el(
    'div',
    null,
    el(
      'table',
      null,
      el('thead', null, el('tr', null, el('th', { scope: 'col' }, 'Claim'), el('th', { scope: 'col' }, 'Value'), el('th', { scope: 'col' }, 'Date (UTC, then local)'), el('th', { scope: 'col' }, 'Relative'))),
      el('tbody', null, ...rows),
    ),
    clock,
  );
}

function rawJsonStep(what: string, segment: string | undefined, allowPadding: boolean): Child[] {
  const text = segment === undefined ? undefined : decodedText(segment, allowPadding);
  return [
    el('p', null, `${what} JSON, as the issuer wrote it (these exact bytes are encoded):`),
    text === undefined ? el('p', { class: 'hint' }, 'Not readable (see Problems).') : el('pre', null, text),
  ];
}

function steps(token: string, report: JwtInspection, allowPadding: boolean): HTMLElement {
  const segments = token.split('.');
  const [header, payload, signature] = segments;
  const alg = report.alg ?? '(no alg)';
  const signingInput = segments.length >= 2 ? `${header}.${payload}` : undefined;
  const sig = report.signature;
  return el(
    'ol',
    { class: 'steps' },
    el('li', null, ...rawJsonStep('Header', header, allowPadding)),
    el('li', null, el('p', null, 'base64url of the header bytes (first segment):'), el('p', { class: 'wrap' }, segmentCode(header ?? '', 0))),
    el('li', null, ...rawJsonStep('Payload', payload, allowPadding)),
    el('li', null, el('p', null, 'base64url of the payload bytes (second segment):'), payload === undefined ? el('p', { class: 'hint' }, 'Missing.') : el('p', { class: 'wrap' }, segmentCode(payload, 1))),
    el(
      'li',
      null,
      el('p', null, 'Signing input: the two segments joined by "." (ASCII', signingInput !== undefined ? `, ${signingInput.length} bytes` : '', '):'),
      signingInput === undefined
        ? el('p', { class: 'hint' }, 'Missing.')
        : el('p', { class: 'wrap' }, segmentCode(header ?? '', 0), '.', segmentCode(payload ?? '', 1)),
    ),
    el(
      'li',
      null,
      el(
        'p',
        null,
        `Signature: ${alg} over the signing input`,
        sig.bytes !== undefined ? `, ${sig.bytes} bytes` : '',
        sig.expectedBytes !== undefined && sig.expectedBytes !== sig.bytes ? ` (${alg} needs ${sig.expectedBytes})` : '',
        ', as base64url (third segment):',
      ),
      signature === undefined ? el('p', { class: 'hint' }, 'Missing.') : el('p', { class: 'wrap' }, segmentCode(signature, 2)),
    ),
    el('li', null, el('p', null, `The token: the three segments joined by "."${segments.length === 3 ? '' : ` (this one has ${segments.length} segments)`}.`)),
  );
}

/** Everything the page shows about a token without verifying it. */
export function inspectionView(token: string, report: JwtInspection, context: ViewContext): HTMLElement[] {
  const marks = new Set<number>();
  for (const p of report.problems) if (p.offset !== undefined) marks.add(p.offset);
  const segmentCount = token.split('.').length;
  return [
    section(
      'Token, by segment',
      segmentLegend(segmentCount),
      segmentedToken(token, marks),
      ...context.notes.map((note) => el('p', { class: 'hint note' }, note)),
    ),
    section('Problems', problems(report)),
    section('Header', json(report.header, 'header')),
    section('Payload', json(report.payload, 'payload')),
    section('Times', times(report)),
    section('Step by step', steps(token, report, context.allowPadding)),
  ];
}
