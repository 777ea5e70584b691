/**
 * Credentials and TLS material for one build, in a private temporary directory (mode 0700) that is
 * removed afterwards, on failure and on cancel too:
 * - podman/buildah: `auth.json` (mode 0600, containers-auth.json(5)) passed with `--authfile`;
 *   the CA copied to `certs/ca.crt` for `--cert-dir` (it wants a directory of *.crt files).
 * - docker: `docker login --password-stdin` with DOCKER_CONFIG pointing at `docker/` inside it, so the
 *   login never touches ~/.docker and the password never appears in argv.
 * No secret ever goes into argv, the environment of a child, or a file outside that directory.
 */
import { Buffer } from 'node:buffer';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerLoginInvocation } from './commandLine';
import { CancelledError } from './runner';
import type { Builder, Invocation, RegistryAccess } from './types';

export interface BuildCredentials {
  username?: string;
  password?: string;
  identityToken?: string;
}

export interface AuthTarget {
  registry: string;        // host[:port]
  insecure?: boolean;
  caFile?: string;         // PEM
}

export interface PreparedAuth {
  access: RegistryAccess;
  /** docker: DOCKER_CONFIG for every docker command of this run. */
  dockerConfig?: string;
  /** The private directory (also a place for the digest file). */
  dir: string;
  /** Values to mask in anything shown. */
  secrets: string[];
  cleanup(): void;
}

/** Runs an invocation (login); resolves with its exit code. Injected so tests and the UI share the runner. */
export type LoginRunner = (inv: Invocation) => Promise<{ code: number | null; cancelled?: boolean; tail?: string[] }>;

// Directories still on disk if the process dies mid-build: removed on exit as a last resort.
const live = new Set<string>();
process.once('exit', () => { for (const d of live) { try { rmSync(d, { recursive: true, force: true }); } catch { /* best effort */ } } });

/** Docker keeps Docker Hub's credentials under its v1 index URL. */
export function dockerConfigKey(registry: string): string {
  return registry === 'docker.io' || registry === 'index.docker.io' || registry === 'registry-1.docker.io'
    ? 'https://index.docker.io/v1/' : registry;
}

export class LoginError extends Error {
  constructor(registry: string, detail: string) {
    super(`Login to ${registry} failed: ${detail}. Check the registry's stored credentials (Edit Registry).`);
    this.name = 'LoginError';
  }
}

/**
 * The user's docker configuration that a private DOCKER_CONFIG must keep: the current context (which
 * engine), CLI plugins and buildx builder instances (both found through DOCKER_CONFIG), and how to reach
 * OTHER registries (a private base image in FROM). Our registry's entry is left out: the login adds it.
 */
function dockerUserConfig(registryKey: string, env: NodeJS.ProcessEnv): { dir: string; seed: Record<string, unknown> } {
  const dir = env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
  let user: Record<string, unknown> = {};
  try { user = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>; } catch { /* none or unreadable */ }
  const seed: Record<string, unknown> = {};
  if (typeof user.currentContext === 'string') seed.currentContext = user.currentContext;
  const auths = user.auths && typeof user.auths === 'object' ? { ...(user.auths as Record<string, unknown>) } : {};
  delete auths[registryKey];
  seed.auths = { ...auths, [registryKey]: {} };
  if (user.credHelpers && typeof user.credHelpers === 'object') {
    const helpers = { ...(user.credHelpers as Record<string, unknown>) };
    delete helpers[registryKey];
    if (Object.keys(helpers).length) seed.credHelpers = helpers;
  }
  return { dir, seed };
}

export async function prepareAuth(builder: Builder, target: AuthTarget, creds: BuildCredentials | undefined, login: LoginRunner,
  opts: { env?: NodeJS.ProcessEnv } = {}): Promise<PreparedAuth> {
  const dir = mkdtempSync(join(tmpdir(), 'regx-build-'));
  chmodSync(dir, 0o700);
  live.add(dir);
  const cleanup = () => { rmSync(dir, { recursive: true, force: true }); live.delete(dir); };
  const secrets: string[] = [];
  const access: RegistryAccess = { registry: target.registry, insecure: target.insecure };
  try {
    if (target.caFile && !target.insecure) {
      const certs = join(dir, 'certs');
      mkdirSync(certs, { mode: 0o700 });
      copyFileSync(target.caFile, join(certs, 'ca.crt'));
      access.certDir = certs;
    }
    const user = creds?.username ?? '';
    const password = creds?.password;
    const identityToken = creds?.identityToken;
    if (password) secrets.push(password, Buffer.from(`${user}:${password}`).toString('base64'));
    if (identityToken) secrets.push(identityToken);
    if (!password && !identityToken) return { access, dir, secrets, cleanup };

    if (builder.kind === 'docker') {
      const configDir = join(dir, 'docker');
      mkdirSync(configDir, { mode: 0o700 });
      const key = dockerConfigKey(target.registry);
      const { dir: userDir, seed } = dockerUserConfig(key, opts.env ?? process.env);
      for (const name of ['cli-plugins', 'contexts', 'buildx']) {
        if (existsSync(join(userDir, name))) symlinkSync(join(userDir, name), join(configDir, name));
      }
      if (password && user) {
        // A config that already "contains auth" keeps docker from switching to the platform's default
        // credential helper (docker/cli config: DetectDefaultStore runs only when ContainsAuth() is false;
        // no credsStore is copied), so the login lands in this file, which we delete.
        writePrivate(join(configDir, 'config.json'), JSON.stringify(seed));
        const r = await login(dockerLoginInvocation(builder, target.registry, user, password, configDir));
        if (r.cancelled) throw new CancelledError();
        if (r.code !== 0) throw new LoginError(target.registry, lastMeaningful(r.tail, secrets));
      } else {
        // An identity (refresh) token has no --password-stdin form: write it the way docker would.
        writePrivate(join(configDir, 'config.json'), JSON.stringify({ ...seed, auths: { ...(seed.auths as object), [key]: authEntry(user, password, identityToken) } }));
      }
      return { access, dockerConfig: configDir, dir, secrets, cleanup };
    }

    const authFile = join(dir, 'auth.json');
    writePrivate(authFile, JSON.stringify({ auths: { [target.registry]: authEntry(user, password, identityToken) } }));
    access.authFile = authFile;
    return { access, dir, secrets, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}

function authEntry(user: string, password: string | undefined, identityToken: string | undefined): Record<string, string> {
  const entry: Record<string, string> = {};
  if (password) entry.auth = Buffer.from(`${user}:${password}`).toString('base64');
  if (identityToken) {
    entry.identitytoken = identityToken;
    if (!password) entry.auth = Buffer.from(`${user || '<token>'}:`).toString('base64');
  }
  return entry;
}

function writePrivate(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
}

function lastMeaningful(tail: string[] | undefined, secrets: string[]): string {
  const line = (tail ?? []).filter((l) => l.trim()).slice(-1)[0] ?? 'no output';
  let out = line;
  for (const s of secrets) out = out.split(s).join('********');
  return out.slice(0, 300);
}
