/**
 * The whole flow, editor-free: validate every name → private auth → build → push → clean up.
 * The extension command and the tests call the same functions; the UI only supplies callbacks.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateGate, gateLine, type GatePolicy, type GateResult } from '../scan/gate';
import { runTrivy } from '../scan/runTrivy';
import { parseReference, validateRegistry, validateRepository, validateTag, type Reference } from '../registry/index';
import { prepareAuth, type BuildCredentials, type PreparedAuth } from './auth';
import { archiveInvocation, buildInvocation, isMultiPlatform, parsePushedDigest, pushInvocation, tagInvocation, type CommandOptions } from './commandLine';
import { displayCommand, maskSecrets } from './mask';
import { CancelledError, runProcess, type RunResult } from './runner';
import { StepTracker } from './steps';
import { PLAIN_HTTP_REPLY } from './target';
import type { Builder, BuildRequest, Invocation, StorageOptions } from './types';

export interface TargetRegistry {
  registry: string;          // host[:port]
  insecure?: boolean;
  caFile?: string;
  credentials?: BuildCredentials;
}

export interface SessionOptions {
  builder: Builder;
  target: TargetRegistry;
  storage?: StorageOptions;
  signal?: AbortSignal;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Every output line, secrets masked. */
  onLine?: (line: string) => void;
  /** Every command before it runs, as a masked shell line. */
  onCommand?: (display: string, inv: Invocation) => void;
  /** Tests: each child's pid as it starts. */
  onSpawn?: (pid: number) => void;
}

export class BuildError extends Error {
  constructor(message: string, readonly stage: 'validate' | 'login' | 'build' | 'scan' | 'push' | 'tag', readonly step?: string) {
    super(message);
    this.name = 'BuildError';
  }
}

/** The scan before push found what its gate stops on: nothing was pushed. `gate.report` is the whole report. */
export class GateFailedError extends BuildError {
  constructor(readonly gate: GateResult, ref: string) {
    super(`${ref} was not pushed: the scan before push found ${gateLine(gate).replace(/^gate failed: /, '')}`, 'scan');
    this.name = 'GateFailedError';
  }
}

/** Scan the built image before pushing it (setting registryExplorer.build.scanBeforePush), with this gate. */
export interface ScanBeforePush {
  /** Trivy's executable (setting registryExplorer.trivy.path); default "trivy". */
  trivyPath?: string;
  policy: GatePolicy;
  /** The gate's result, passed or not, before the push goes on or stops. */
  onResult?: (gate: GateResult) => void;
}

/**
 * Builds `registry/repository:tag` through the shared reference parser and checks that nothing was
 * reinterpreted on the way (a repository with a `:` or `@` would otherwise change meaning).
 */
export function resolveTarget(registry: string, repository: string, tag: string): Reference {
  validateRegistry(registry);
  validateRepository(repository);
  validateTag(tag);
  const ref = parseReference(`${registry}/${repository}:${tag}`);
  const sameRegistry = ref.registry === registry || (ref.registry === 'docker.io' && registry === 'index.docker.io');
  const sameRepository = ref.repository === repository || (ref.registry === 'docker.io' && ref.repository === `library/${repository}`);
  if (!sameRegistry || !sameRepository || ref.digest !== undefined || ref.tag !== tag) {
    // e.g. a registry "myhost" without '.', ':' or "localhost" would silently mean docker.io/myhost/…
    throw new BuildError(`${registry}/${repository}:${tag} does not name repository ${repository} on ${registry}: ` +
      'use a registry host with a domain or a port (e.g. registry.example.com or 127.0.0.1:5000)', 'validate');
  }
  return ref;
}

/** What to do when the builder tried TLS against a registry that speaks plain HTTP. */
function plainHttpHint(tail: string[], builder: Builder): string {
  if (!tail.some((l) => PLAIN_HTTP_REPLY.test(l))) return '';
  return builder.kind === 'docker'
    ? '. The registry speaks plain HTTP: docker allows that only for loopback addresses and the registries listed under "insecure-registries" in the Docker daemon\'s daemon.json'
    : '. The registry speaks plain HTTP: mark it insecure (Edit Registry: an http:// URL) so the builder gets --tls-verify=false';
}

function masked(lines: string[], secrets: string[]): string {
  const last = lines.filter((l) => l.trim()).slice(-1)[0] ?? '';
  return maskSecrets(last, secrets).slice(0, 400);
}

/** One run with private credentials; `close()` removes them (always call it, in `finally`). */
class Session {
  private constructor(readonly opts: SessionOptions, readonly auth: PreparedAuth) {}

  static async open(opts: SessionOptions): Promise<Session> {
    if (opts.signal?.aborted) throw new CancelledError();
    const creds = opts.target.credentials;
    const known = [creds?.password, creds?.identityToken].filter((s): s is string => !!s);
    const auth = await prepareAuth(opts.builder, opts.target, creds, async (inv) => {
      const s = new Session(opts, { access: { registry: opts.target.registry }, dir: '', secrets: known, cleanup: () => undefined });
      return s.run(inv);
    }, { env: opts.env });
    return new Session(opts, auth);
  }

  get commandOptions(): CommandOptions {
    return { access: this.auth.access, storage: this.opts.storage, dockerConfig: this.auth.dockerConfig };
  }

  run(inv: Invocation, onLine?: (line: string) => void): Promise<RunResult> {
    const secrets = this.auth.secrets;
    this.opts.onCommand?.(displayCommand(inv, secrets), inv);
    return runProcess(inv, {
      cwd: this.opts.cwd, signal: this.opts.signal, env: this.opts.env, onSpawn: this.opts.onSpawn,
      onLine: (l) => { const m = maskSecrets(l, secrets); onLine?.(m); this.opts.onLine?.(m); },
    });
  }

  async runOrThrow(inv: Invocation, stage: BuildError['stage'], what: string, onLine?: (line: string) => void, step?: () => string | undefined): Promise<RunResult> {
    const r = await this.run(inv, onLine);
    if (r.cancelled) throw new CancelledError();
    if (r.code !== 0) {
      const s = step?.();
      const why = masked(r.tail, this.auth.secrets) || `exit code ${r.code ?? r.signal}`;
      throw new BuildError(`${what} failed${s ? ` at ${s}` : ''}: ${why}${plainHttpHint(r.tail, this.opts.builder)}`, stage, s);
    }
    return r;
  }

  async push(ref: string, list?: string): Promise<string | undefined> {
    const digestFile = this.opts.builder.kind === 'docker' ? undefined : join(this.auth.dir, `digest-${Date.now()}`);
    let digest: string | undefined;
    await this.runOrThrow(pushInvocation(this.opts.builder, ref, { ...this.commandOptions, digestFile, list }), 'push', `Push of ${ref}`,
      (l) => { digest = parsePushedDigest(l) ?? digest; });
    if (digestFile) {
      try { digest = readFileSync(digestFile, 'utf8').trim() || digest; } catch { /* older builders: no digest file */ }
    }
    return digest;
  }

  close(): void { this.auth.cleanup(); }
}

export interface BuildAndPushInput extends SessionOptions {
  dockerfile: string;
  context: string;
  /** Validated references (resolveTarget); the first is the main one. */
  tags: Reference[];
  buildArgs?: Record<string, string>;
  platforms?: string[];
  isolation?: BuildRequest['isolation'];
  noCache?: boolean;
  scanBeforePush?: ScanBeforePush;
}

export interface PushResult { reference: Reference; digest?: string; gate?: GateResult }

export async function buildAndPushImage(input: BuildAndPushInput): Promise<PushResult> {
  const tags = input.tags.map((t) => t.toString());
  const req: BuildRequest = {
    dockerfile: input.dockerfile, context: input.context, tags,
    buildArgs: input.buildArgs, platforms: input.platforms, isolation: input.isolation, noCache: input.noCache,
  };
  const session = await Session.open(input);
  try {
    const steps = new StepTracker();
    const build = buildInvocation(input.builder, req, session.commandOptions);
    await session.runOrThrow(build, 'build', 'The build', (l) => steps.feed(l), () => {
      const s = steps.failedStep();
      return s ? StepTracker.describe(s) : undefined;
    });
    const main = input.tags[0] as Reference;
    const multi = isMultiPlatform(req);
    const gate = input.scanBeforePush ? await scanBuilt(session, input.scanBeforePush, main, multi) : undefined;
    // docker buildx pushed a multi-platform image from the build already (`--push`).
    if (input.builder.kind === 'docker' && multi) return { reference: main };
    let digest: string | undefined;
    for (const [i, t] of tags.entries()) {
      const d = await session.push(t, multi ? tags[0] : undefined);
      if (i === 0) digest = d;
    }
    return { reference: main, digest, ...(gate ? { gate } : {}) };
  } finally {
    session.close();
  }
}

/**
 * The image is in the builder's storage only: write it to a private archive and let Trivy read that
 * (`trivy image --input`), so nothing reaches the registry before the gate passed. Trivy needs no registry
 * credentials for an archive. A multi-platform build is a manifest list Trivy cannot read from one archive:
 * refused with what to do rather than pushed unscanned.
 */
async function scanBuilt(session: Session, scan: ScanBeforePush, ref: Reference, multi: boolean): Promise<GateResult> {
  const name = ref.toString();
  if (multi) throw new BuildError('Scan before push scans single-platform images; build one platform, or turn off registryExplorer.build.scanBeforePush and scan after the push', 'scan');
  const dir = mkdtempSync(join(tmpdir(), 'regx-scan-before-push-'));
  try {
    const file = join(dir, 'image.tar');
    await session.runOrThrow(archiveInvocation(session.opts.builder, name, file, session.commandOptions), 'scan', `Saving ${name} for the scan`);
    session.opts.onCommand?.(`trivy image --format json --quiet --input=${file}`, { command: scan.trivyPath ?? 'trivy', args: [], label: 'scan' });
    const report = await runTrivy({ trivyPath: scan.trivyPath, ref: name, inputArchive: file, signal: session.opts.signal, env: session.opts.env });
    const gate = evaluateGate({ ...report, artifact: { ...report.artifact, name } }, scan.policy);
    session.opts.onLine?.(`scan before push: ${gateLine(gate)}`);
    scan.onResult?.(gate);
    if (!gate.passed) throw new GateFailedError(gate, name);
    return gate;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface PushLocalInput extends SessionOptions {
  /** Local image id or name. */
  source: string;
  target: TargetRegistry;
  reference: Reference;
}

/** Tags a local image for the registry and pushes it. */
export async function pushLocalImage(input: PushLocalInput): Promise<PushResult> {
  const session = await Session.open(input);
  try {
    const ref = input.reference.toString();
    await session.runOrThrow(tagInvocation(input.builder, input.source, ref, session.commandOptions), 'tag', `Tagging ${input.source}`);
    const digest = await session.push(ref);
    return { reference: input.reference, digest };
  } finally {
    session.close();
  }
}
