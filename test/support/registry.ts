// The real CNCF distribution registry (Debian `docker-registry`, 2.8) in four modes, started and stopped by tests:
// plain HTTP, htpasswd Basic, TLS with a self-signed CA, and token auth with our own token server.
// Each instance has its own config, data directory and free 127.0.0.1 port; it is killed on stop()
// and, as a last resort, when the test process exits.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { stringify } from 'yaml';
import { signingMaterial, tlsMaterial } from './tls';
import { startTokenServer, type TokenServer } from './token-server';

export type RegistryMode = 'plain' | 'basic' | 'tls' | 'token';

export interface TestRegistry {
  mode: RegistryMode;
  url: string;              // http(s)://127.0.0.1:PORT
  registry: string;         // 127.0.0.1:PORT
  username?: string;
  password?: string;
  caFile?: string;          // TLS mode: the CA that signed the server certificate
  caDir?: string;           // TLS mode: a directory with ca.crt (skopeo/buildah --cert-dir)
  authFile?: string;        // basic/token: a containers-auth.json / Docker config.json with these credentials
  dataDir: string;          // registry storage root
  service?: string;         // token mode: the token service name
  realm?: string;           // token mode: the token endpoint
  tokenRequests(): number;  // token mode: requests the token server received (0 otherwise)
  onStop(fn: () => Promise<void> | void): void; // cleanup hooks (seeders close their connections)
  stop(): Promise<void>;
}

export interface StartOptions {
  deleteEnabled?: boolean;
  /** basic/token: the test user's password (two registries with different passwords check that credentials stay with their host). */
  password?: string;
}

const USER = 'regx';
const PASS = 'regx-test-password';
const SERVICE = 'regx-test-registry';
const ISSUER = 'regx-test-issuer';

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) { try { c.kill('SIGKILL'); } catch { /* already gone */ } }
});

/**
 * Where registry storage goes. A registry writes several small files per tag and the test disk here is slow
 * to create and unlink them (ext4 with discard, shared by busy builds): tmpfs makes a 1,000-tag seed and its
 * removal several times faster. REGX_TESTBED_TMP overrides; os.tmpdir() when there is no /dev/shm.
 */
export function scratchRoot(): string {
  const env = process.env.REGX_TESTBED_TMP;
  if (env) return env;
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function requireBinary(name: string): void {
  try {
    execFileSync('sh', ['-c', 'command -v "$1"', 'sh', name], { stdio: 'ignore' });
  } catch {
    throw new Error(`${name} is not installed: run \`node scripts/setup.mjs\` (as root) or apt-get install it`);
  }
}

/** skopeo flags that reach this registry: TLS (`--cert-dir`/`--tls-verify=false`) and credentials (`--authfile`). */
export function skopeoFlags(reg: TestRegistry, prefix: '' | 'src-' | 'dest-' = ''): string[] {
  const out: string[] = [];
  if (reg.mode === 'tls') out.push(`--${prefix}cert-dir`, reg.caDir as string);
  else out.push(`--${prefix}tls-verify=false`);
  if (reg.authFile) out.push(`--${prefix}authfile`, reg.authFile);
  return out;
}

async function waitReady(url: string, dispatcher: Agent, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let exited: number | null = null;
  child.once('exit', (code) => { exited = code ?? -1; });
  for (;;) {
    if (exited !== null) throw new Error(`docker-registry exited (${exited}): ${stderr().trim().split('\n').slice(-3).join(' | ')}`);
    try {
      const r = await request(`${url}/v2/`, { dispatcher, headersTimeout: 1000, bodyTimeout: 1000 });
      await r.body.dump();
      if (r.statusCode === 200 || r.statusCode === 401) return;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`docker-registry did not answer on ${url}/v2/ within 10 s: ${stderr().trim()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function startOnce(mode: RegistryMode, opts: StartOptions): Promise<TestRegistry> {
  const dir = mkdtempSync(join(scratchRoot(), `regx-registry-${mode}-`));
  const dataDir = join(dir, 'data');
  const port = await freePort();
  const registry = `127.0.0.1:${port}`;
  const cleanups: Array<() => Promise<void> | void> = [];
  let token: TokenServer | undefined;
  const pass = opts.password ?? PASS;

  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: 'warn', accesslog: { disabled: true } },
    storage: { filesystem: { rootdirectory: dataDir }, delete: { enabled: opts.deleteEnabled ?? true } },
    http: { addr: registry, secret: 'regx-test-secret' },
  };
  let authFile: string | undefined;
  if (mode === 'basic' || mode === 'token') {
    authFile = join(dir, 'auth.json');
    const auth = Buffer.from(`${USER}:${pass}`).toString('base64');
    writeFileSync(authFile, JSON.stringify({ auths: { [registry]: { auth } } }), { mode: 0o600 });
  }
  if (mode === 'basic') {
    requireBinary('htpasswd');
    const htpasswd = join(dir, 'htpasswd');
    // Registry 2.8 accepts only bcrypt entries (-B). The password goes through argv of a short-lived local tool
    // with throwaway test credentials; htpasswd has no stdin mode combined with -c/-B that avoids it.
    execFileSync('htpasswd', ['-Bbc', htpasswd, USER, pass], { stdio: 'ignore' });
    config.auth = { htpasswd: { realm: 'regx-basic', path: htpasswd } };
  }
  let caFile: string | undefined;
  let caDir: string | undefined;
  if (mode === 'tls') {
    const m = tlsMaterial();
    (config.http as Record<string, unknown>).tls = { certificate: m.certFile, key: m.keyFile };
    caFile = m.caFile;
    caDir = m.caDir;
  }
  if (mode === 'token') {
    token = await startTokenServer({ service: SERVICE, issuer: ISSUER, username: USER, password: pass });
    const t = token;
    config.auth = { token: { realm: t.url, service: SERVICE, issuer: ISSUER, rootcertbundle: signingMaterial().certFile } };
    cleanups.push(() => t.close());
  }
  const configFile = join(dir, 'config.yml');
  writeFileSync(configFile, stringify(config));

  requireBinary('docker-registry');
  const child = spawn('docker-registry', ['serve', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(child);
  let err = '';
  child.stderr?.on('data', (c: Buffer) => { err = (err + c.toString()).slice(-4000); });
  child.once('exit', () => live.delete(child));
  const url = `${mode === 'tls' ? 'https' : 'http'}://${registry}`;
  const dispatcher = new Agent(caFile ? { connect: { ca: tlsMaterial().ca } } : {});

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    for (const fn of cleanups.slice().reverse()) { try { await fn(); } catch { /* best effort */ } }
    await dispatcher.close().catch(() => undefined);
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        // Nothing to flush: the registry writes synchronously per request, so a test bed can kill it outright
        // (SIGTERM makes 2.8 wait for idle keep-alive connections to drain).
        child.kill('SIGKILL');
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(url, dispatcher, child, () => err);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    mode,
    url,
    registry,
    username: mode === 'basic' || mode === 'token' ? USER : undefined,
    password: mode === 'basic' || mode === 'token' ? pass : undefined,
    caFile,
    caDir,
    authFile,
    dataDir,
    service: token ? SERVICE : undefined,
    realm: token?.url,
    tokenRequests: () => token?.requests() ?? 0,
    onStop: (fn) => { cleanups.push(fn); },
    stop,
  };
}

/** Starts a real registry; retries on a port taken between choosing it and the registry binding it. */
export async function startRegistry(mode: RegistryMode, opts: StartOptions = {}): Promise<TestRegistry> {
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(mode, opts);
    } catch (e) {
      last = e;
      if (!/address already in use/i.test(String((e as Error).message))) throw e;
    }
  }
  throw last;
}
