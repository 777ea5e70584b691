// Runs the mocha suite test/host/suite/**/*.test.ts INSIDE a real VS Code extension host: code-server
// (TESTING.md) with the smoke-test driver, driven by headless Chromium. The workbench loads this checkout as
// the extension under development and out/test/host/index.js as `extensionTestsPath` through its `payload`
// URL parameter, and reports the end through `window.codeAutomationExit(code)`.
//   1. compile the runner + suites with esbuild (CJS; `vscode` and `mocha` external) into out/test/host/
//   2. start the backing servers (real registries in four modes, the Harbor and Docker Hub test servers),
//      seed them, and write their addresses to a JSON file named by REGX_TESTBED (inherited by the ext host)
//   3. start code-server + Chromium, wait for the exit code (whole run capped by REGX_HOST_TIMEOUT_MS, 15 min)
// Results: $REGX_ARTIFACTS/host-results.json ({passed, failed, tests}); the ext host's console is mirrored here.
// Env: REGX_HOST_GREP (mocha grep), REGX_HOST_BIG=0 (skip the 5,000-tag repository), REGX_ARTIFACTS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const isMain = import.meta.url === pathToFileURL(process.argv[1] ?? '').href;

// The harness imports the project's TypeScript test support: run under tsx (re-exec once).
if (isMain && !process.env.REGX_HOST_TEST_CHILD) {
  // Ctrl+C reaches both processes (one process group): the child cleans up; this one just waits for it.
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => undefined);
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...process.argv.slice(1)], {
    stdio: 'inherit', env: { ...process.env, REGX_HOST_TEST_CHILD: '1' }, cwd: root,
  });
  process.exit(r.status ?? 1);
}

const t0 = Date.now();
const since = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const log = (m) => console.log(`[host-test ${since()}] ${m}`);
const artifacts = process.env.REGX_ARTIFACTS || join(root, '.test-artifacts');
mkdirSync(artifacts, { recursive: true });
const resultsFile = join(artifacts, 'host-results.json');
const timeoutMs = Number(process.env.REGX_HOST_TIMEOUT_MS || 15 * 60_000);

export const cleanups = [];
export async function cleanup() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try { await fn(); } catch (e) { console.error(`[host-test] cleanup: ${e?.message ?? e}`); }
  }
}
function fail(message) {
  console.error(`\n[host-test] FAILED: ${message}`);
  // The harness failure is one more failed test in the results scripts/test.mjs reads (kept with any results).
  let results = { passed: 0, failed: 0, tests: [] };
  try { results = JSON.parse(readFileSync(resultsFile, 'utf8')); } catch { /* none yet */ }
  results.failed += 1;
  results.tests.push({ title: 'host-test harness', state: 'failed', error: message });
  writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  return cleanup().then(() => process.exit(1));
}
let overall;
if (isMain) {
  overall = setTimeout(() => { void fail(`the whole run exceeded ${timeoutMs / 1000} s (REGX_HOST_TIMEOUT_MS)`); }, timeoutMs);
  overall.unref();
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => { void fail(`interrupted (${sig})`); });
}

function suiteSources(dir) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...suiteSources(p));
    else if (n.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** esbuild: each suite file bundled on its own (it may import src/ and test/ TypeScript), `vscode`/`mocha` external. */
export async function compile() {
  const esbuild = await import('esbuild');
  const outRoot = join(root, 'out', 'test', 'host');
  rmSync(outRoot, { recursive: true, force: true });
  const suites = suiteSources(join(root, 'test', 'host', 'suite'));
  if (suites.length === 0) throw new Error('no test/host/suite/**/*.test.ts files');
  await esbuild.build({
    entryPoints: [join(root, 'test', 'host', 'index.ts'), ...suites],
    outbase: join(root, 'test', 'host'),
    outdir: outRoot,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return { outRoot, suites: suites.map((s) => relative(root, s)) };
}

export function buildExtension() {
  const r = spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('extension build (esbuild.mjs) failed');
  if (!existsSync(join(root, 'dist', 'extension.js'))) throw new Error('dist/extension.js was not built (src/extension.ts missing?)');
}

/** A small, fixed content set per registry (tests rely on it: see test/host/testbed.ts). */
async function seedRegistry(seed, reg) {
  const seeded = {};
  const add = (repo, tag) => { (seeded[repo] ??= []).push(tag); };
  await seed.pushImage(reg, 'demo/app', '1.0.0', { created: '2025-01-10T10:00:00Z', salt: 'a' }); add('demo/app', '1.0.0');
  await seed.pushImage(reg, 'demo/app', '1.1.0', { created: '2025-02-10T10:00:00Z', salt: 'b' }); add('demo/app', '1.1.0');
  await seed.tagImage(reg, 'demo/app', '1.1.0', 'latest'); add('demo/app', 'latest');
  await seed.pushIndex(reg, 'demo/multi', '1.0', ['linux/amd64', 'linux/arm64/v8'], { created: '2025-03-01T00:00:00Z' }); add('demo/multi', '1.0');
  await seed.pushImage(reg, 'tools/busy', 'stable', { created: '2025-01-01T00:00:00Z', layers: 2 }); add('tools/busy', 'stable');
  return seeded;
}

/** A JSON-safe copy of a server handle (data fields only). */
function plain(obj) {
  const out = {};
  for (const [k, v] of Object.entries(obj ?? {})) {
    if (typeof v === 'function') continue;
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype) continue;
    out[k] = v;
  }
  return out;
}

export async function startBackends(dir) {
  const { startRegistry } = await import('../test/support/registry.ts');
  const seed = await import('../test/support/seed.ts');
  const tb = { registries: {}, workspace: join(dir, 'workspace'), artifacts };
  mkdirSync(tb.workspace, { recursive: true });
  writeFileSync(join(tb.workspace, 'README.md'), '# Registry Explorer host tests\n');
  for (const mode of ['plain', 'basic', 'tls', 'token']) {
    const reg = await startRegistry(mode);
    cleanups.push(() => reg.stop());
    const seeded = await seedRegistry(seed, reg);
    tb.registries[mode] = {
      mode, url: reg.url, registry: reg.registry, username: reg.username, password: reg.password,
      caFile: reg.caFile, authFile: reg.authFile, seeded,
    };
    log(`registry ${mode} at ${reg.url}`);
  }
  if (process.env.REGX_HOST_BIG !== '0') {
    // 5,000 tags on one manifest: the "first page without a per-tag request" acceptance check.
    const reg = await startRegistry('plain');
    cleanups.push(() => reg.stop());
    const digest = await seed.pushImage(reg, 'big/tags', 'base', { created: '2025-01-01T00:00:00Z' });
    const tags = await seed.tagMany(reg, 'big/tags', digest, 5000, { prefix: 'v' });
    tb.big = { url: reg.url, registry: reg.registry, repository: 'big/tags', tags: tags.length + 1 };
    log(`registry big at ${reg.url} (big/tags: ${tags.length + 1} tags)`);
  }
  // The Harbor and Docker Hub test servers; their handles are copied as plain data.
  const { startHarbor } = await import('../test/support/harbor-server.ts');
  const harbor = await startHarbor({ projects: ['empty'] });
  cleanups.push(() => harbor.stop());
  // Harbor's artifacts come from its real registry's content: seed that registry directly.
  const harborSeeded = await seedRegistry(seed, harbor.backend);
  tb.harbor = { ...plain(harbor), backend: { url: harbor.backend.url, registry: harbor.backend.registry }, seeded: harborSeeded };
  log(`harbor test server at ${harbor.url}`);
  const { startHub } = await import('../test/support/hub-server.ts');
  const hub = await startHub();
  cleanups.push(() => hub.stop());
  tb.hub = plain(hub);
  log(`hub test server at ${hub.url}`);
  // GitHub's packages API stand-in with a real registry playing ghcr.io (test/support/github-server.ts).
  const { startGitHubServer } = await import('../test/support/github-server.ts');
  const github = await startGitHubServer({ orgs: ['acme'] });
  cleanups.push(() => github.stop());
  await seed.pushImage(github.registry, `${github.user}/app`, '1.0', { created: '2025-01-10T10:00:00Z', salt: 'gh-a' });
  await seed.tagImage(github.registry, `${github.user}/app`, '1.0', '1.1');
  await seed.pushImage(github.registry, `${github.user}/app`, '2.0', { created: '2025-02-10T10:00:00Z', salt: 'gh-b' });
  await seed.pushImage(github.registry, 'acme/tool', 'latest', { salt: 'gh-c' });
  tb.github = { apiUrl: github.apiUrl, url: github.registry.url, registry: github.registry.registry, user: github.user, token: github.token, orgs: github.orgs };
  log(`github test server at ${github.apiUrl} (registry ${github.registry.url})`);
  return tb;
}

async function main() {
  const { requireCodeServer, startCodeServer } = await import('../test/support/codeserver.ts');
  const { requireChromium, launchWorkbench, openWorkbench, screenshot } = await import('../test/support/workbench.ts');
  rmSync(resultsFile, { force: true }); // never count a previous run's results
  // Fail loudly, before any work, when the real host cannot run.
  try { requireCodeServer(); requireChromium(); } catch (e) { return fail(e.message); }

  rmSync(resultsFile, { force: true });
  // REGX_EXTENSION_PATH: another extension folder to load (harness self-checks); default this checkout.
  const extensionPath = process.env.REGX_EXTENSION_PATH || root;
  if (!process.env.REGX_EXTENSION_PATH) buildExtension();
  const { outRoot, suites } = await compile();
  log(`compiled ${suites.length} suite file(s) to ${relative(root, outRoot)}`);

  const dir = mkdtempSync(join(tmpdir(), 'regx-host-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const tb = await startBackends(dir);
  const testbedFile = join(dir, 'testbed.json');
  writeFileSync(testbedFile, JSON.stringify(tb, null, 2), { mode: 0o600 });

  const server = await startCodeServer({
    folder: tb.workspace,
    smokeDriver: true,
    env: { REGX_TESTBED: testbedFile, REGX_ARTIFACTS: artifacts, REGX_HOST_RESULTS: resultsFile,
      ...(process.env.REGX_HOST_GREP ? { REGX_HOST_GREP: process.env.REGX_HOST_GREP } : {}) },
    settings: { 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false, 'security.workspace.trust.enabled': false,
      // No AI chat panel: less work at startup, less console noise (no network for it anyway).
      'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden' },
  });
  cleanups.push(() => server.stop());
  log(`code-server at ${server.url}`);

  let exitCode;
  let resolveExit;
  const consoleLog = [];
  cleanups.push(() => writeFileSync(join(artifacts, 'host-console.log'), consoleLog.join('\n') + '\n'));
  const exited = new Promise((r) => { resolveExit = r; });
  const wb = await launchWorkbench({
    exposeExit: (code) => { exitCode = code; resolveExit(code); },
    // Mirror the extension host: its console.* reaches the renderer's console (styled "%c INFO color: …").
    // Everything goes to host-console.log; here, without the styling and without the offline gallery noise.
    onConsole: (line) => {
      consoleLog.push(line);
      const clean = line.replace(/%c\s*(\w+)\s+color:\s*#\w+\s*/, '$1 ');
      if (/Failed to load resource|open-vsx\.org|ERR_NAME_NOT_RESOLVED|authentication provider 'github'|\[AgentHost\]|\[Chat\w*\]/.test(clean)) return;
      console.log(`  ${clean.split('\n').slice(0, 8).join('\n  ')}`);
    },
  });
  cleanups.push(() => wb.close());
  const payload = [
    ['extensionDevelopmentPath', server.remoteUri(extensionPath)],
    ['extensionTestsPath', server.remoteUri(join(outRoot, 'index.js'))],
  ];
  await openWorkbench(wb.page, server.workbenchUrl(payload));
  log('workbench open; running the suite in the extension host');
  await exited;
  log(`extension tests exited with code ${exitCode}`);
  await screenshot(wb.page, 'host-test-final').catch(() => undefined);

  let results;
  try { results = JSON.parse(readFileSync(resultsFile, 'utf8')); } catch { /* checked below */ }
  if (!results) {
    writeFileSync(join(artifacts, 'host-code-server.log'), server.output());
    return fail(`the suite wrote no ${resultsFile}: it did not start in the extension host (see ${join(artifacts, 'host-code-server.log')} and the console above)`);
  }
  if (results.passed + results.failed === 0) {
    writeFileSync(join(artifacts, 'host-code-server.log'), server.output());
    results.failed = 1;
    results.tests.push({ title: 'host-test harness', state: 'failed', error: `suite exited with code ${exitCode} before any test ran` });
    writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  }
  console.log(`\n[host-test] ${results.passed} passed, ${results.failed} failed (${since()})`);
  for (const t of results.tests.filter((x) => x.state === 'failed')) console.log(`  FAIL ${t.title}\n    ${String(t.error).split('\n').slice(0, 6).join('\n    ')}`);
  await cleanup();
  clearTimeout(overall);
  process.exit(results.failed > 0 || exitCode !== 0 ? 1 : 0);
}

if (isMain) main().catch((e) => fail(e?.stack ?? String(e)));
