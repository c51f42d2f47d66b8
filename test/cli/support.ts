// Shared by the CLI tests: builds the command exactly as `npm run build` does (the same tsup
// entries, from tsup.config.ts) into a temporary directory, and runs it as a child process.
//
// Why a private build rather than dist/: `npm test` runs on a fresh clone without a build, and
// dist/ may be rebuilt by someone else meanwhile. Building only the two entries the command needs
// (dist/node.js as ESM and dist/cli.js) with tsup's JS API takes a couple of seconds, and uses
// the very options of tsup.config.ts, so the test runs what ships.
import { spawn } from 'node:child_process';
import { generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Options } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../tsup.config.js';

/**
 * The command runs as a child process on the built Node entry whichever vitest project runs the
 * file, so running it under both projects would test the same thing twice.
 */
export const CLI_PROJECT = 'node';
const REASON = `the CLI tests run the built command (dist/cli.js on the Node build) as a child process, the same in every vitest project: they run in the "${CLI_PROJECT}" project only`;

/** `describe` in the CLI's project; elsewhere one passing test that says why nothing else runs. */
export function describeCli(name: string, body: () => void): void {
  if (process.env.JOSEKIT_BUILD === CLI_PROJECT) {
    describe(name, body);
    return;
  }
  describe(name, () => {
    it(`is skipped here: ${REASON}`, () => {
      expect(process.env.JOSEKIT_BUILD).not.toBe(CLI_PROJECT);
    });
  });
}

function entryNamed(name: string): Options {
  const entries = (Array.isArray(config) ? config : [config]) as Options[];
  const found = entries.find((o) => typeof o.entry === 'object' && !Array.isArray(o.entry) && Object.keys(o.entry ?? {}).includes(name));
  if (!found) throw new Error(`tsup.config.ts has no entry named ${name}`);
  return found;
}

/** A built command: its directory (cli.js and node.js side by side) and a way to remove it. */
export interface BuiltCli {
  readonly dir: string;
  readonly cli: string;
  remove(): Promise<void>;
}

/** Builds dist/node.js (ESM only) and dist/cli.js into a new temporary directory. */
export async function buildCli(): Promise<BuiltCli> {
  const dir = await mkdtemp(join(tmpdir(), 'josekit-cli-'));
  const common = { outDir: dir, config: false, silent: true, clean: false, dts: false } as const;
  await Promise.all([build({ ...entryNamed('node'), ...common, format: ['esm'] }), build({ ...entryNamed('cli'), ...common })]);
  return { dir, cli: join(dir, 'cli.js'), remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Builds the command once for the calling test file (in the CLI's project only) and removes the
 * build after the file's last test. Call at the top level of the file; the function it returns
 * gives the build inside tests.
 */
export function useBuiltCli(): () => BuiltCli {
  let built: BuiltCli | undefined;
  if (process.env.JOSEKIT_BUILD === CLI_PROJECT) {
    beforeAll(async () => {
      built = await buildCli();
    }, 60_000);
    afterAll(() => built?.remove());
  }
  return () => {
    if (!built) throw new Error('the CLI build failed (see the first error)');
    return built;
  };
}

/** What a run of the command gave. */
export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Colour settings of the test runner itself are not passed on: each test says what it wants. */
function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/**
 * Runs `node cli.js …args` with `input` on stdin (stdin is always a pipe, and always closed,
 * so a command reading it never waits), in `cwd`.
 */
export function run(cli: BuiltCli, args: readonly string[], options: { input?: string; env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli.cli, ...args], { env: childEnv(options.env ?? {}), cwd: options.cwd ?? cli.dir, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A command left running (the decoder server): its process, and its output so far. */
export interface Started {
  readonly child: ReturnType<typeof spawn>;
  /** Resolves with the first stdout line. */
  readonly firstLine: Promise<string>;
  /** Resolves once the process has ended, with its exit code and all its output. */
  readonly ended: Promise<RunResult>;
}

/** Starts the command without waiting for it to end. */
export function start(cli: BuiltCli, args: readonly string[]): Started {
  const child = spawn(process.execPath, [cli.cli, ...args], { env: childEnv({}), cwd: cli.dir, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  let gotLine: (line: string) => void = () => undefined;
  const firstLine = new Promise<string>((resolve) => (gotLine = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.includes('\n')) gotLine(stdout.slice(0, stdout.indexOf('\n')));
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ended = new Promise<RunResult>((resolve) => {
    child.on('close', (code) => {
      gotLine(stdout);
      resolve({ code, stdout, stderr });
    });
  });
  child.stdin.end();
  return { child, firstLine, ended };
}

/** Base64 with "=" padding in the base64url alphabet, as the AWS Application Load Balancer writes its tokens. */
function paddedBase64url(bytes: Uint8Array | string): string {
  return Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * A token as the AWS Application Load Balancer makes them (x-amzn-oidc-data): ES256, "=" padding
 * in all three segments, signed over the padded text; and the SPKI PEM of its key.
 */
export function albToken(claims: Record<string, unknown> = { sub: 'alb-user', email: 'alb@example.com', exp: 4102444800 }): { token: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const header = paddedBase64url(JSON.stringify({ typ: 'JWT', kid: 'alb-kid-1', alg: 'ES256', signer: 'arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/x', exp: 4102444800 }));
  const payload = paddedBase64url(JSON.stringify(claims));
  const input = `${header}.${payload}`;
  const signature = paddedBase64url(cryptoSign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }));
  return { token: `${input}.${signature}`, publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string };
}
