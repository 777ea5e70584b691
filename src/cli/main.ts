// regx: the registry client as a command-line tool (bin "regx", built to dist/cli.js).
// Output is for scripts: results on stdout, one item per line (or --json); notes, plans and the one-line
// error on stderr. Exit codes: 0 ok, 1 operation failed, 2 usage error, 3 not found, 4 authentication.
import { setFlagsFromString } from 'node:v8';
import { parseArgs, flag, num, str, type FlagSpec, type ParsedArgs } from './args';
import type { Command, CommandContext } from './context';
import { errorLine, exitCodeFor, EXIT, UsageError } from './errors';
import { Session, type ExplicitCredentials, type GivenCredentials } from './session';
import type { Credentials, RequestLogLine } from '../registry';
import { printable } from '../registry/printable';
import { ls } from './commands/ls';
import { tags } from './commands/tags';
import { inspect } from './commands/inspect';
import { tag } from './commands/tag';
import { cp } from './commands/cp';
import { rm } from './commands/rm';
import { prune } from './commands/prune';
import { attached } from './commands/attached';
import { verify } from './commands/verify';
import { SCAN_USAGE, SCAN_HELP } from './commands/scanUsage';

declare const REGX_VERSION: string | undefined;

export const FLAGS: FlagSpec[] = [
  { name: 'help', alias: 'h', value: false },
  { name: 'version', value: false },
  { name: 'json', value: false },
  { name: 'verbose', alias: 'v', value: false },
  { name: 'creds', value: true },
  { name: 'creds-stdin', value: false },
  { name: 'username', alias: 'u', value: true },
  { name: 'password-stdin', value: false },
  { name: 'src-creds-stdin', value: false },
  { name: 'src-username', value: true },
  { name: 'src-password-stdin', value: false },
  { name: 'dest-creds-stdin', value: false },
  { name: 'dest-username', value: true },
  { name: 'dest-password-stdin', value: false },
  { name: 'authfile', value: true },
  { name: 'insecure', value: false },
  { name: 'ca-file', value: true },
  { name: 'no-cache', value: false },
  { name: 'timeout', value: true },
  { name: 'limit', value: true },
  { name: 'harbor', value: false },
  { name: 'projects', value: false },
  { name: 'platform', value: true },
  { name: 'with-siblings', value: false },
  { name: 'with-parents', value: false },
  { name: 'force', alias: 'f', value: false },
  { name: 'dry-run', value: false },
  { name: 'keep-last', value: true },
  { name: 'keep-days', value: true },
  { name: 'protect', value: true },
  { name: 'yes', alias: 'y', value: false },
  { name: 'key', value: true, repeatable: true },
  { name: 'scanner', value: true },
  { name: 'severity', value: true },
  { name: 'ignore-unfixed', value: false },
  { name: 'exit-code', value: true },
  { name: 'format', value: true },
  { name: 'output', alias: 'o', value: true },
  { name: 'ignorefile', value: true },
  { name: 'diff', value: false },
  { name: 'fail-on', value: true },
];

/** Which command takes which of its own options (the connection options are common to all). */
const COMMON = ['help', 'version', 'json', 'verbose', 'creds', 'creds-stdin', 'username', 'password-stdin', 'authfile', 'insecure', 'ca-file', 'no-cache', 'timeout'];
/** Seconds each request may take in all (auth, retries, redirects, body); the idle timeouts apply on top. */
export const DEFAULT_TIMEOUT_SECONDS = 120;
const COMMANDS: Record<string, { run: Command; flags: string[]; usage: string }> = {
  ls: { run: ls, flags: ['limit', 'harbor', 'projects'], usage: 'ls REGISTRY [--limit N] [--harbor|--projects]' },
  tags: { run: tags, flags: ['limit'], usage: 'tags REPOSITORY [--limit N]' },
  inspect: { run: inspect, flags: ['platform'], usage: 'inspect REFERENCE [--platform os/arch[/variant]]' },
  tag: { run: tag, flags: [], usage: 'tag REFERENCE NEWTAG' },
  cp: {
    run: cp,
    flags: ['src-creds-stdin', 'src-username', 'src-password-stdin', 'dest-creds-stdin', 'dest-username', 'dest-password-stdin'],
    usage: 'cp SOURCE DESTINATION [--src-username U --src-password-stdin] [--dest-username U --dest-password-stdin]',
  },
  rm: { run: rm, flags: ['with-siblings', 'with-parents', 'force', 'dry-run'], usage: 'rm REFERENCE [--with-siblings] [--with-parents] [--dry-run]' },
  prune: { run: prune, flags: ['keep-last', 'keep-days', 'protect', 'yes'], usage: 'prune REPOSITORY --keep-last N --keep-days D [--protect REGEX] [--yes]' },
  attached: { run: attached, flags: [], usage: 'attached REFERENCE' },
  verify: { run: verify, flags: ['key'], usage: 'verify REFERENCE --key FILE [--key FILE…]' },
  // Loaded when run: the scanners' process code is not start-up's business.
  scan: { run: (ctx) => import('./commands/scan').then((m) => m.scan(ctx)), flags: ['scanner', 'severity', 'ignore-unfixed', 'exit-code', 'format', 'output', 'ignorefile', 'diff', 'fail-on'], usage: SCAN_USAGE },
};

export const HELP = `regx: browse and manage container registries (OCI distribution, Harbor)

usage: regx COMMAND [options]
${Object.values(COMMANDS).map((c) => `  regx ${c.usage}`).join('\n')}

References are Docker's: 127.0.0.1:5000/team/app:1.0, registry.example.com/app@sha256:...
  ls        repositories of a registry (Harbor: through its API when the catalog is closed)
  tags      tags of a repository, sorted, one per line
  inspect   digest, media type, size, created, platforms
  tag       point NEWTAG at REFERENCE's manifest (one GET + one PUT)
  cp        copy an image or index (blobs mounted within a registry, streamed across)
  rm        delete a tag or manifest; refuses if other tags share the digest unless --with-siblings,
            and if an index names it (deleting it would break that index's tags) unless --with-parents,
            which deletes those indexes (every tag on them) first
  prune     delete old images of a repository; a dry run unless --yes
  attached  signatures, attestations, SBOMs attached to an image (referrers API, cosign tags)
  verify    check a cosign signature with a public key (no cosign needed); exit 0 only when it covers the digest
${SCAN_HELP}

options:
  --json                 machine-readable output
  --username U --password-stdin, or --creds-stdin (reads "user:password")
                         credentials for the command's one registry; also REGX_USERNAME/REGX_PASSWORD.
                         Sent to that registry only. Docker's config.json is read per host.
  --creds user:password  (visible to other local users in the process list; prefer the above)
  --src-username U --src-password-stdin, or --src-creds-stdin
  --dest-username U --dest-password-stdin, or --dest-creds-stdin
                         cp between two registries: each side's own credentials (also
                         REGX_SRC_USERNAME/REGX_SRC_PASSWORD, REGX_DEST_USERNAME/REGX_DEST_PASSWORD).
                         stdin carries one secret: give the other side's by environment or config.json.
                         The one-registry options above are refused when cp touches two registries.
  --authfile PATH        a Docker config.json to read credentials from
  --insecure             allow plain HTTP / skip TLS verification for this registry
  --ca-file PATH         trust this CA (PEM) for the registry's TLS certificate
  --no-cache             do not read or write the challenge/scheme cache (~/.cache/regx)
  --timeout SECONDS      give up on a request after this long in all, retries included (default ${DEFAULT_TIMEOUT_SECONDS}; 0 = no limit)
  -v, --verbose          log each HTTP request (method, URL, status, ms; never headers) to stderr

Names and messages from a registry are printed with control and bidi characters escaped (\\u001b);
--json output is exact JSON (such characters appear as \\u escapes inside its strings).

exit codes: 0 ok, 1 operation failed, 2 usage error, 3 not found, 4 authentication failed,
            5 scan could not run (regx scan; its gate exits with --exit-code N)`;

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  env: NodeJS.ProcessEnv;
  /** The process exits right after main(): skip the graceful close of keep-alive sockets (exit closes them). */
  exitsAfter?: boolean;
}

function splitCreds(s: string, what: string): Credentials {
  const i = s.indexOf(':');
  if (i < 0) throw new UsageError(`${what} must be user:password`);
  return { username: s.slice(0, i), password: s.slice(i + 1) };
}

type Side = '' | 'src-' | 'dest-';
const ENV_NAMES: Record<Side, [string, string]> = {
  '': ['REGX_USERNAME', 'REGX_PASSWORD'],
  'src-': ['REGX_SRC_USERNAME', 'REGX_SRC_PASSWORD'],
  'dest-': ['REGX_DEST_USERNAME', 'REGX_DEST_PASSWORD'],
};
const STDIN_FLAGS = ['creds-stdin', 'password-stdin', 'src-creds-stdin', 'src-password-stdin', 'dest-creds-stdin', 'dest-password-stdin'];

/** One side's credentials: its options first, then its environment variables; undefined when neither is given. */
async function sideCredentials(a: ParsedArgs, io: CliIO, side: Side): Promise<GivenCredentials | undefined> {
  const username = str(a, `${side}username`);
  if (side === '' && flag(a, 'creds')) {
    if (flag(a, 'creds-stdin') || flag(a, 'password-stdin')) throw new UsageError('use only one of --creds, --creds-stdin, --password-stdin');
    io.stderr('regx: warning: --creds puts the password in the process list; prefer --creds-stdin or REGX_USERNAME/REGX_PASSWORD\n');
    return { credentials: splitCreds(str(a, 'creds') as string, '--creds'), from: '--creds' };
  }
  if (flag(a, `${side}creds-stdin`)) {
    if (username !== undefined) throw new UsageError(`--${side}creds-stdin reads user:password; drop --${side}username`);
    return { credentials: splitCreds((await io.readStdin()).replace(/\r?\n$/, ''), 'the credentials on stdin'), from: `--${side}creds-stdin` };
  }
  if (flag(a, `${side}password-stdin`)) {
    if (username === undefined) throw new UsageError(`--${side}password-stdin needs --${side}username`);
    return { credentials: { username, password: (await io.readStdin()).replace(/\r?\n$/, '') }, from: `--${side}username/--${side}password-stdin` };
  }
  if (username !== undefined) throw new UsageError(`--${side}username needs --${side}password-stdin`);
  const [userVar, passVar] = ENV_NAMES[side];
  const password = io.env[passVar];
  if (password) return { credentials: { username: io.env[userVar] ?? '', password }, from: `${userVar}/${passVar}` };
  return undefined;
}

/** The credentials the user gave, per side; the session binds each to its registry. */
async function explicitCredentials(a: ParsedArgs, io: CliIO): Promise<ExplicitCredentials> {
  // stdin is one stream: it can carry one secret.
  const fromStdin = STDIN_FLAGS.filter((f) => flag(a, f));
  if (fromStdin.length > 1) {
    throw new UsageError(`stdin carries one secret: use only one of ${fromStdin.map((g) => `--${g}`).join(', ')} `
      + '(give the other through REGX_SRC_USERNAME/REGX_SRC_PASSWORD, REGX_DEST_USERNAME/REGX_DEST_PASSWORD or Docker\'s config.json)');
  }
  return { only: await sideCredentials(a, io, ''), src: await sideCredentials(a, io, 'src-'), dest: await sideCredentials(a, io, 'dest-') };
}

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let session: Session | undefined;
  const controller = new AbortController();
  try {
    const a = parseArgs(argv, FLAGS);
    if (flag(a, 'version')) {
      io.stdout(`${typeof REGX_VERSION === 'string' ? REGX_VERSION : 'dev'}\n`);
      return EXIT.ok;
    }
    if (flag(a, 'help') || a.command === undefined || a.command === 'help') {
      (a.command === undefined && !flag(a, 'help') ? io.stderr : io.stdout)(`${HELP}\n`);
      return a.command === undefined && !flag(a, 'help') ? EXIT.usage : EXIT.ok;
    }
    const cmd = COMMANDS[a.command];
    if (!cmd) throw new UsageError(`unknown command ${JSON.stringify(a.command)} (try regx --help)`);
    const allowed = new Set([...COMMON, ...cmd.flags]);
    for (const f of a.flags.keys()) if (!allowed.has(f)) throw new UsageError(`${a.command} does not take --${f} (usage: regx ${cmd.usage})`);

    const verbose = flag(a, 'verbose');
    const log = verbose ? (l: RequestLogLine) => io.stderr(`${printable(`regx: ${l.method} ${l.url} ${l.status ?? l.error ?? ''} ${l.ms}ms`)}\n`) : undefined;
    session = new Session({
      env: io.env,
      explicit: await explicitCredentials(a, io),
      authFile: str(a, 'authfile'),
      insecure: flag(a, 'insecure'),
      caFile: str(a, 'ca-file'),
      noCache: flag(a, 'no-cache'),
      timeoutMs: Math.round((num(a, 'timeout') ?? DEFAULT_TIMEOUT_SECONDS) * 1000),
      log,
    });
    const json = flag(a, 'json');
    const ctx: CommandContext = {
      args: a,
      session,
      // The output chokepoint: registry text never reaches the terminal raw (printable.ts). JSON keeps its own
      // line breaks and stays exact: escapes inside its strings parse back to the same characters.
      out: (line) => io.stdout(`${typeof line === 'string' ? printable(line, json ? '\n' : '') : line.map((f) => printable(f)).join('\t')}\n`),
      note: (line) => io.stderr(`${printable(line)}\n`),
      json,
      signal: controller.signal,
      env: io.env,
    };
    const code = await cmd.run(ctx);
    if (verbose) io.stderr(`regx: ${session.requestCount} request(s)\n`);
    return typeof code === 'number' ? code : EXIT.ok;
  } catch (e) {
    io.stderr(`${errorLine(e)}\n`);
    return exitCodeFor(e);
  } finally {
    if (!io.exitsAfter) await session?.close();
  }
}

function readAll(stream: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}

/** Runs the CLI as a process: argv in, exit code out. The launcher (dist/cli.js) calls this. */
export function runCli(): void {
  // A CLI process lives for a few round trips. undici parses HTTP with llhttp compiled to WebAssembly, and
  // V8 also compiles that module with its optimizing tier in background threads: about half the CPU time of
  // a short `regx tags` on the bench machine, for a parser that only ever sees a few small responses.
  // Liftoff (the baseline wasm compiler) alone parses them just as well. Set before the first request
  // (the launcher sets it before compiling, so that V8's code cache sees the same flags every time).
  setFlagsFromString(process.env.REGX_V8_FLAGS ?? '--liftoff-only');
  const out: string[] = [];
  void main(process.argv.slice(2), {
    stdout: (t) => { out.push(t); },
    stderr: (t) => { process.stderr.write(t); },
    readStdin: () => readAll(process.stdin),
    env: process.env,
    exitsAfter: true,
  }).then((code) => {
    // One write, then exit as soon as it is flushed (keep-alive sockets are closed; nothing else to wait for).
    process.stdout.write(out.join(''), () => process.exit(code));
  });
}

if (require.main === module) runCli();
