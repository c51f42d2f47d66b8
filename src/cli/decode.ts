/**
 * `josekit decode`: a token explained segment by segment, from inspectJwt's report. Nothing is
 * verified.
 *
 * @module
 */

import { inspectJwt, type InspectedTime, type InspectionProblem, type JwtInspection } from '../index.js';
import { atMostPositionals, type ParsedFlags } from './args.js';
import { EXIT, inCliTerms, type Command, type Context } from './command.js';
import { paintFor, parseInstant, prettyJson, println, readToken, type Paint } from './io.js';
import { UsageError } from './usage.js';

const HELP = `Usage: josekit decode [token|-] [options]

Shows what a JWT holds and what is wrong with it, segment by segment: the header and
the payload as JSON, the signature's size against what its alg needs, the times as dates
with their age, and every problem josekit's inspectJwt finds. Nothing is verified and no
key is used: to trust a token, use josekit verify.

The token is the argument, or stdin when the argument is "-" or absent (a token in a file:
josekit decode - < FILE). Whitespace around it, a "Bearer " prefix (an HTTP Authorization
value) and line breaks inside it (a wrapped token) are removed, with a note.

Options:
  --json                 the inspectJwt report as JSON, plus "notes" (what was removed
                         around the token) and "segments" (offset and length of each)
  --now DATE             judge the times at this instant (ISO 8601, or seconds since 1970)
  --max-token-length N   the length limit to compare against (default 65536, as verifyJwt)
  --allow-padding        read segments that end in correct base64 "=" padding (AWS ALB
                         tokens), as verify --allow-padding accepts them
  -h, --help             this help

Exit codes: 0 no errors found, 1 the token has errors (malformed, expired, …), 2 usage.
Colour is used on a terminal; NO_COLOR=1 turns it off, FORCE_COLOR=1 turns it on.`;

/** Where each segment of the token is (at most the first five: a JWE has five). */
export interface SegmentPosition {
  readonly name: string;
  readonly offset: number;
  readonly length: number;
}

const SEGMENT_NAMES = ['header', 'payload', 'signature', 'segment 4', 'segment 5'];

function segmentsOf(token: string): SegmentPosition[] {
  const found: SegmentPosition[] = [];
  let start = 0;
  for (const name of SEGMENT_NAMES) {
    const dot = token.indexOf('.', start);
    const end = dot === -1 ? token.length : dot;
    found.push({ name, offset: start, length: end - start });
    if (dot === -1) break;
    start = dot + 1;
  }
  return found;
}

/** A window of the token around `offset`, and a caret line pointing at it. */
function pointAt(token: string, offset: number): [string, string] {
  const from = Math.max(0, offset - 30);
  const to = Math.min(token.length, from + 64);
  const before = from > 0 ? '…' : '';
  // Control characters would move the caret off its column: shown as "?".
  const window = token.slice(from, to).replace(/[\u0000-\u001f\u007f]/g, '?');
  return [`${before}${window}${to < token.length ? '…' : ''}`, `${' '.repeat(before.length + offset - from)}^`];
}

function parseMaxLength(flags: ParsedFlags): number | undefined {
  const value = flags.strings.get('max-token-length');
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--max-token-length ${JSON.stringify(value)} is not a positive whole number`);
  }
  return Number(value);
}

function signatureLine(report: JwtInspection, paint: Paint): string {
  const { bytes, expectedBytes } = report.signature;
  if (bytes === undefined) return paint.red('not decodable (see problems)');
  const alg = report.alg;
  if (bytes === 0) return paint.red('empty');
  if (expectedBytes !== undefined) {
    const fits = bytes === expectedBytes;
    return `${bytes} bytes; ${alg} signatures are ${expectedBytes} bytes ${fits ? paint.green('✓') : paint.red('✗')}`;
  }
  if (alg !== undefined && /^(RS|PS)\d{3}$/.test(alg)) {
    const fits = bytes >= 256;
    return `${bytes} bytes, as long as the RSA key's modulus (${bytes * 8} bits); at least 256 bytes for 2048 bits ${fits ? paint.green('✓') : paint.red('✗')}`;
  }
  return `${bytes} bytes`;
}

function render(report: JwtInspection, token: string, notes: readonly string[], segments: readonly SegmentPosition[], context: Context): void {
  const paint = paintFor(context.stdout);
  const lines: string[] = [];
  const title = (name: string, detail: string) => `${paint.bold(name.padEnd(11))}${paint.dim(detail)}`;
  for (const note of notes) lines.push(paint.dim(`note: ${note}`));
  if (notes.length > 0) lines.push('');
  const where = (s: SegmentPosition | undefined) => (s ? `offset ${s.offset}, ${s.length} char${s.length === 1 ? '' : 's'}` : 'absent');
  const [headerAt, payloadAt, signatureAt] = [segments[0], segments[1], segments[2]];

  lines.push(title('header', where(headerAt)));
  lines.push(report.header ? prettyJson(report.header, '  ') : `  ${paint.red('not readable (see problems)')}`);
  lines.push(title('payload', where(payloadAt)));
  lines.push(report.payload ? prettyJson(report.payload, '  ') : `  ${paint.red(payloadAt ? 'not readable (see problems)' : 'absent')}`);
  lines.push(`${title('signature', where(signatureAt))}${signatureAt ? `: ${signatureLine(report, paint)}` : ''}`);
  if (segments.length > 3) lines.push(paint.dim('(more segments follow: see problems)'));

  const times: Array<[string, InspectedTime | undefined]> = [['iat', report.times.iat], ['nbf', report.times.nbf], ['exp', report.times.exp]];
  if (times.some(([, t]) => t) || report.times.lifetime) {
    lines.push('');
    lines.push(title('times', `now ${report.now}`));
    for (const [name, time] of times) {
      if (time) lines.push(`  ${name.padEnd(9)}${time.iso.padEnd(26)}${paint.cyan(time.relative)}  ${paint.dim(`(${time.value})`)}`);
    }
    if (report.times.lifetime) lines.push(`  ${'lifetime'.padEnd(9)}${report.times.lifetime}`);
  }

  lines.push('');
  lines.push(paint.bold('problems'));
  if (report.problems.length === 0) {
    lines.push(`  ${paint.green('none found')}; the signature was not checked (josekit verify checks it with the key)`);
  }
  for (const problem of report.problems) lines.push(...problemLines(problem, token, paint));
  println(context.stdout, lines.join('\n'));
}

/** The report with its messages in the command's terms (flags, not inspectJwt's option names). */
function inCommandTerms(report: JwtInspection): JwtInspection {
  const message = (text: string) => inCliTerms(text.replace('inspect and verify them with allowPadding: true', 'decode and verify them with allowPadding: true'));
  return { ...report, problems: report.problems.map((p) => ({ ...p, message: message(p.message) })) };
}

function problemLines(problem: InspectionProblem, token: string, paint: Paint): string[] {
  const mark = problem.severity === 'error' ? paint.red('✗ error  ') : paint.yellow('! warning');
  const at = problem.offset !== undefined ? paint.dim(` (at offset ${problem.offset})`) : '';
  const lines = [`  ${mark} ${paint.bold(problem.code)}  ${problem.message}${at}`];
  if (problem.offset !== undefined && problem.offset < token.length) {
    const [window, caret] = pointAt(token, problem.offset);
    lines.push(`      ${window}`, `      ${paint.red(caret)}`);
  }
  return lines;
}

export const decode: Command = {
  name: 'decode',
  summary: "show a token's header, payload, signature size, times and problems (verifies nothing)",
  help: HELP,
  flags: { json: { type: 'boolean' }, now: { type: 'string' }, 'max-token-length': { type: 'string' }, 'allow-padding': { type: 'boolean' } },
  async run(flags, context) {
    atMostPositionals(flags, 1);
    const nowValue = flags.strings.get('now');
    const now = nowValue === undefined ? undefined : parseInstant(nowValue, '--now');
    const maxTokenLength = parseMaxLength(flags);
    const { token, notes } = await readToken(flags.positionals, 'josekit decode -');
    const options = { ...(now ? { now } : {}), ...(maxTokenLength ? { maxTokenLength } : {}), ...(flags.booleans.has('allow-padding') ? { allowPadding: true } : {}) };
    const report = inCommandTerms(inspectJwt(token, options));
    const segments = segmentsOf(token);
    if (flags.booleans.has('json')) println(context.stdout, JSON.stringify({ ...report, notes, segments }, null, 2));
    else render(report, token, notes, segments, context);
    return report.problems.some((p) => p.severity === 'error') ? EXIT.failed : EXIT.ok;
  },
};
