// Activation time of the extension in a real extension host (code-server + headless Chromium), and the
// size of the shipped bundles, printed as a markdown table (`npm run bench` includes it).
// Activation: test/host/bench.ts runs as `extensionTestsPath` in a fresh host and times
// `extension.activate()` (the production bundle: require + activate()); REGX_BENCH_RUNS fresh hosts
// (default 3), median and range reported. Sizes: dist/extension.js, dist/webview/report.js, dist/cli.js (launcher) + dist/cli-main.js
// (raw and gzip) from `node esbuild.mjs --production`, and the .vsix.
// Memory: one more fresh host loads 10,002 tags (a real registry with 5,001 tags on one repository, added
// twice) in pages of 1,000 and reports the extension host's heap and RSS (host-memory.json in the artifacts).
// REGX_BENCH_MEMORY=0 leaves that run out.
import { packageVsix } from './vsix.mjs';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');

if (!process.env.REGX_BENCH_CHILD) {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => undefined);
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...process.argv.slice(1)], {
    stdio: 'inherit', env: { ...process.env, REGX_BENCH_CHILD: '1' }, cwd: root,
  });
  process.exit(r.status ?? 1);
}

const runs = Math.max(1, Number(process.env.REGX_BENCH_RUNS || 3));
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

function build() {
  const b = spawnSync(process.execPath, [join(root, 'esbuild.mjs'), '--production'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('esbuild.mjs --production failed');
}

function sizes(work) {
  const rows = [];
  for (const f of ['dist/extension.js', 'dist/webview/report.js', 'dist/cli.js', 'dist/cli-main.js']) {
    const p = join(root, f);
    if (!existsSync(p)) { rows.push([f, 'missing', '']); continue; }
    const buf = readFileSync(p);
    rows.push([f, kib(buf.length), kib(gzipSync(buf).length)]);
  }
  const vsix = join(work, 'registry-explorer.vsix');
  let size;
  try { packageVsix(vsix); size = kib(statSync(vsix).size); } catch (e) { size = `vsce failed: ${String(e?.message ?? e).split('\n')[1] ?? e}`; }
  rows.push(['registry-explorer.vsix', size, '']);
  return rows;
}

async function activationOnce(cs, wbm, entry, work, i, extraEnv = {}) {
  const out = join(work, `bench-${i}.json`);
  const folder = join(work, 'workspace');
  mkdirSync(folder, { recursive: true });
  const server = await cs.startCodeServer({ folder, smokeDriver: true, env: { REGX_BENCH_OUT: out, ...extraEnv },
    settings: { 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'chat.disableAIFeatures': true,
      'workbench.secondarySideBar.defaultVisibility': 'hidden', 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false } });
  let wb;
  try {
    let done;
    const exited = new Promise((r) => { done = r; });
    wb = await wbm.launchWorkbench({ exposeExit: (code) => done(code) });
    const t0 = Date.now();
    await wbm.openWorkbench(wb.page, server.workbenchUrl([
      ['extensionDevelopmentPath', server.remoteUri(root)],
      ['extensionTestsPath', server.remoteUri(entry)],
    ]));
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 300_000))]);
    if (code !== 0) throw new Error(`bench run ${i} ended with ${code}`);
    return { ...JSON.parse(readFileSync(out, 'utf8')), pageToDoneMs: Date.now() - t0 };
  } finally {
    await wb?.close();
    await server.stop();
  }
}

/** A registry with 5,001 tags on one repository, and one fresh host that loads them twice over. */
async function memoryRun(cs, wbm, entry, work) {
  const { startRegistry } = await import('../test/support/registry.ts');
  const seed = await import('../test/support/seed.ts');
  const reg = await startRegistry('plain');
  try {
    const digest = await seed.pushImage(reg, 'big/tags', 'base', { created: '2025-01-01T00:00:00Z' });
    await seed.tagMany(reg, 'big/tags', digest, 5000, { prefix: 'v' });
    const r = await activationOnce(cs, wbm, entry, work, 'memory', { REGX_BENCH_BIG: JSON.stringify({ url: reg.url, repository: 'big/tags' }) });
    if (!r.memory) throw new Error('the memory run reported no figures');
    return r.memory;
  } finally {
    await reg.stop();
  }
}

async function main() {
  const cs = await import('../test/support/codeserver.ts');
  const wbm = await import('../test/support/workbench.ts');
  cs.requireCodeServer();
  wbm.requireChromium();
  const work = mkdtempSync(join(tmpdir(), 'regx-bench-'));
  try {
    build();
    const esbuild = await import('esbuild');
    const entry = join(root, 'out', 'test', 'host', 'bench.js');
    await esbuild.build({ entryPoints: [join(root, 'test', 'host', 'bench.ts')], outfile: entry, bundle: true,
      platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning' });
    const size = sizes(work);
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await activationOnce(cs, wbm, entry, work, i));
    const memory = process.env.REGX_BENCH_MEMORY === '0' ? undefined : await memoryRun(cs, wbm, entry, work);
    const act = results.map((r) => r.activateMs);
    const lines = [
      '| measure | value |', '| --- | --- |',
      `| activation (\`activate()\` incl. loading the bundle, median of ${runs}) | ${median(act).toFixed(1)} ms (min ${Math.min(...act).toFixed(1)}, max ${Math.max(...act).toFixed(1)}) |`,
      ...(results.every((r) => typeof r.activateBodyMs === 'number')
        ? [`| of which the \`activate()\` body (extension's own measure, median) | ${median(results.map((r) => r.activateBodyMs)).toFixed(1)} ms |`] : []),
      `| active before first use (lazy activation) | ${results.every((r) => r.activeBefore === false) ? 'no' : 'YES (not lazy)'} |`,
      `| extension host heap growth during activation (median) | ${kib(median(results.map((r) => r.heapDeltaBytes)))} |`,
      ...(memory ? [`| extension host after loading ${memory.tags} tags (pages of 1,000, two registries) | RSS ${memory.rssMiB} MiB, heap ${memory.heapUsedMiB} MiB; growth +${memory.heapDeltaMiB} MiB heap, +${memory.rssDeltaMiB} MiB RSS${memory.gcExposed ? '' : ' (no gc exposed: upper bounds)'} |`] : []),
      '',
      '| file | size | gzip |', '| --- | --- | --- |',
      ...size.map((r) => `| ${r[0]} | ${r[1]} | ${r[2]} |`),
    ];
    const md = lines.join('\n');
    console.log(`\n${md}\n`);
    const art = process.env.REGX_ARTIFACTS || join(root, '.test-artifacts');
    mkdirSync(art, { recursive: true });
    writeFileSync(join(art, 'bench-activation.md'), md + '\n');
    writeFileSync(join(art, 'bench-activation.json'), JSON.stringify({ runs: results, sizes: size, memory }, null, 2));
    if (memory) writeFileSync(join(art, 'host-memory.json'), JSON.stringify(memory, null, 2) + '\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e) => { console.error(`bench-activation failed: ${e?.message ?? e}`); process.exit(1); });
