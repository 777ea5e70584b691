// code-server (VS Code 1.139's server + browser workbench) as a real extension host for tests and `npm start`.
// Installed by scripts/setup-code-server.mjs into a cache folder; every instance here is isolated: its own
// HOME, XDG_* and TMPDIR under one temp directory, its own user-data and extensions dirs, a free 127.0.0.1
// port, spawned detached and stopped by killing its whole process group (the server forks the extension
// host and file watcher; killing only the parent would leave them running).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './registry';
import { cleanEnv } from '../../scripts/child-env.mjs';
import { packageVsix as packageWith } from '../../scripts/vsix.mjs';

export const CODE_SERVER_VERSION = '4.139.1';

export interface CodeServerPaths { root: string; node: string; entry: string; marker: string }

/** Same layout as scripts/setup-code-server.mjs (kept in step with it). */
export function codeServerPaths(): CodeServerPaths {
  const root = process.env.REGX_CODE_SERVER_CACHE ||
    join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'registry-explorer');
  const cs = join(root, `code-server-${CODE_SERVER_VERSION}`);
  return {
    root,
    node: join(root, 'node24', 'node_modules', 'node', 'bin', 'node'),
    entry: join(cs, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    marker: join(cs, '.installed'),
  };
}

/** Throws a message that says how to fix it when code-server is not installed. */
export function requireCodeServer(): CodeServerPaths {
  const p = codeServerPaths();
  if (!existsSync(p.marker) || !existsSync(p.entry) || !existsSync(p.node)) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed in ${p.root}: run \`node scripts/setup-code-server.mjs\` ` +
      '(or `node scripts/setup.mjs`, which also installs the Debian packages it needs)');
  }
  return p;
}

export interface CodeServerOptions {
  folder: string;                       // the workspace folder to open
  extensionsDir?: string;               // default: a fresh dir under the instance's temp root
  userDataDir?: string;                 // default: a fresh dir under the instance's temp root
  smokeDriver?: boolean;                // `--vscode-option enable-smoke-test-driver` (extension tests, no toasts)
  env?: Record<string, string>;         // extra environment; the extension host inherits it
  settings?: Record<string, unknown>;   // written to <userDataDir>/User/settings.json before start
  port?: number;                        // default: a free port
  log?: (line: string) => void;         // server stdout/stderr lines (default: kept, shown on failure)
}

export interface CodeServer {
  url: string;                          // http://127.0.0.1:PORT/
  port: number;
  folder: string;
  userDataDir: string;
  extensionsDir: string;
  tempRoot: string;
  /** The workbench URL for this folder, optionally with a workbench `payload` (extension tests). */
  workbenchUrl(payload?: Array<[string, string]>): string;
  /** `vscode-remote://` URI of an absolute path on this server (payload values). */
  remoteUri(absPath: string): string;
  output(): string;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) killGroup(c, 'SIGKILL');
});

function killGroup(c: ChildProcess, signal: NodeJS.Signals): void {
  if (c.pid === undefined || c.exitCode !== null) return;
  try { process.kill(-c.pid, signal); } catch { /* group already gone */ }
}

function isolatedEnv(tempRoot: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const home = join(tempRoot, 'home');
  const dirs = { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'), XDG_STATE_HOME: join(home, '.local', 'state'), TMPDIR: join(tempRoot, 'tmp') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const env: NodeJS.ProcessEnv = cleanEnv({ ...dirs, ...extra });
  // The parent's VS Code / code-server variables would point the server at another instance.
  for (const k of Object.keys(env)) {
    if (/^(VSCODE_|ELECTRON_RUN_AS_NODE$|CODE_SERVER_)/.test(k) && !(k in extra)) delete env[k];
  }
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  return env;
}

/** Installs a packaged extension into an extensions dir with code-server's own CLI. */
export function installVsix(vsix: string, opts: { extensionsDir: string; userDataDir?: string }): void {
  const p = requireCodeServer();
  const tempRoot = mkdtempSync(join(tmpdir(), 'regx-cs-install-'));
  try {
    const args = [p.entry, '--extensions-dir', opts.extensionsDir, '--install-extension', resolve(vsix), '--force'];
    if (opts.userDataDir) args.splice(1, 0, '--user-data-dir', opts.userDataDir);
    const r = spawnSync(p.node, args, { env: isolatedEnv(tempRoot), encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status ?? r.signal}): ${r.stdout}${r.stderr}`);
  } finally {
    rmSync(tempRoot, { recursive: true, force: true });
  }
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const p = requireCodeServer();
  const tempRoot = mkdtempSync(join(tmpdir(), 'regx-code-server-'));
  const userDataDir = opts.userDataDir ?? join(tempRoot, 'user-data');
  const extensionsDir = opts.extensionsDir ?? join(tempRoot, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  if (opts.settings) writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(opts.settings, null, 2));
  const port = opts.port ?? await freePort();
  const folder = resolve(opts.folder);
  const args = [p.entry,
    '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--bind-addr', `127.0.0.1:${port}`];
  if (opts.smokeDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  args.push(folder);

  const child = spawn(p.node, args, {
    env: isolatedEnv(tempRoot, opts.env), detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let out = '';
  const onData = (b: Buffer): void => {
    const s = b.toString();
    out = (out + s).slice(-200_000);
    if (opts.log) for (const line of s.split('\n')) if (line.trim()) opts.log(line);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((res) => child.once('exit', () => { live.delete(child); res(); }));

  const url = `http://127.0.0.1:${port}/`;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    killGroup(child, 'SIGTERM');
    const t = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
    await exited;
    clearTimeout(t);
    // Children that ignored SIGTERM (extension host) die with the group.
    killGroup(child, 'SIGKILL');
    rmSync(tempRoot, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    await waitHealthy(url, child, () => out);
  } catch (e) {
    await stop();
    throw e;
  }
  const remoteUri = (abs: string): string => `vscode-remote://127.0.0.1:${port}${resolve(abs)}`;
  return {
    url, port, folder, userDataDir, extensionsDir, tempRoot,
    remoteUri,
    workbenchUrl(payload) {
      const q = new URLSearchParams({ folder });
      if (payload) q.set('payload', JSON.stringify(payload));
      return `${url}?${q.toString()}`;
    },
    output: () => out,
    stop,
  };
}

async function waitHealthy(url: string, child: ChildProcess, out: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before listening:\n${out().slice(-4000)}`);
    }
    try {
      const r = await fetch(`${url}healthz`, { signal: AbortSignal.timeout(2000) });
      await r.arrayBuffer();
      if (r.ok) return;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`code-server did not answer on ${url}healthz within 60 s:\n${out().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Packages this checkout as a .vsix into `outDir` from the current dist/ (build first), the project's one way
 * (scripts/vsix.mjs).
 */
export function packageVsix(outDir: string): string {
  return packageWith(join(outDir, 'registry-explorer.vsix'));
}
