// `npm run bench`: the regx CLI against skopeo, both as whole processes, on the same local registry
// (the real CNCF distribution registry of the test bed), in one run:
//   list 3,000 tags · inspect (digest + config) · retag · copy to another repository.
// regx runs as users run it: its bin, dist/regx (V8 start-up snapshot when `node` on PATH built one, else
// dist/cli.js through V8's code cache), with the production bundle; once per Node (the system Node 20 and the
// project's Node 24, see scripts/setup-code-server.mjs) and once without and once with NODE_EXTRA_CA_CERTS set
// (the machine's CA bundle). Node 24 missing fails its section, loudly, and the bench exits 1 at the end.
// Every row runs the two tools alternately, RUNS times each after one warm-up run each, and reports medians.
// Everything runs twice: direct, and through a proxy of ours that holds every response 50 ms (a registry one
// round trip away). Request counts per operation come from that proxy (it counts request lines) for both tools.
// Prints a markdown table, writes it to .bench/results.md, then appends the optional sub-benchmarks
// scripts/bench-webview.mjs and scripts/bench-activation.mjs when they exist.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { startDelayProxy } from './bench/delay-proxy.mjs';
import { buildSnapshot } from './build-snapshot.mjs';
import { paths as codeServerPaths } from './setup-code-server.mjs';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
process.chdir(root);
const RUNS = Math.max(1, Number(process.env.REGX_BENCH_RUNS || 7));
const DELAY = Number(process.env.REGX_BENCH_DELAY_MS || 50);
const TAGS = Math.max(3000, Number(process.env.REGX_BENCH_TAGS || 3000));
const regxBin = join(root, 'dist/regx');
// NODE_EXTRA_CA_CERTS for the "with" rows: the one this environment sets, else the system CA bundle.
const EXTRA_CA = process.env.NODE_EXTRA_CA_CERTS || ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt'].find((f) => existsSync(f));

function need(cmd) {
  const r = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd]);
  if (r.status !== 0) { console.error(`bench: ${cmd} is not installed (run node scripts/setup.mjs as root)`); process.exit(1); }
}
need('skopeo');
need('docker-registry');

// The CLI as shipped: the production bundle.
const b = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { stdio: 'inherit' });
if (b.status !== 0 || !existsSync(regxBin)) { console.error('bench: esbuild.mjs --production failed'); process.exit(1); }

// The Nodes to run regx on: this one (the system Node 20) and the project's Node 24, each with its own snapshot.
const nodes = [{ label: `Node ${process.version}`, bin: process.execPath }];
const node24 = codeServerPaths().node;
const failures = [];
if (existsSync(node24)) {
  const v = spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout.trim();
  nodes.push({ label: `Node ${v}`, bin: node24 });
} else {
  failures.push(`Node 24 is not installed at ${node24} (node scripts/setup-code-server.mjs installs it): its rows are missing`);
  console.error(`bench: FAILED: ${failures.at(-1)}`);
}
for (const n of nodes) {
  if (n.bin !== process.execPath) buildSnapshot(n.bin);
  // How dist/regx starts with this Node first on PATH, as its own trace says.
  const env = { ...process.env, PATH: `${dirname(n.bin)}:${process.env.PATH}` };
  delete env.NODE_OPTIONS;
  const tr = spawnSync('sh', ['-x', regxBin, '--version'], { encoding: 'utf8', env });
  n.start = /--snapshot-blob/.test(tr.stderr) ? 'snapshot' : 'code cache';
}

const { startRegistry } = await tsImport('../test/support/registry.ts', import.meta.url);
const { pushImage, tagMany } = await tsImport('../test/support/seed.ts', import.meta.url);

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

// CPU time (user+sys) of each run through GNU time when it is installed: on a busy machine wall time mostly
// measures waiting for a core, and CPU time tells what each tool costs.
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
let cpuFileN = 0;

// Wall time is measured on the bare process (GNU time as a wrapper is one more fork/exec inside the timed
// span); CPU time comes from separate runs under GNU time (`withCpu`).
function time(cmd, args, env, withCpu = false) {
  return new Promise((resolve, reject) => {
    const cpuFile = GNU_TIME && withCpu ? join(work, `cpu-${++cpuFileN}`) : undefined;
    const argv = cpuFile ? [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, cmd, ...args]] : [cmd, args];
    const t0 = process.hrtime.bigint();
    const childEnv = { ...process.env, ...env };
    for (const k of Object.keys(childEnv)) if (childEnv[k] === undefined) delete childEnv[k];
    const child = spawn(argv[0], argv[1], { stdio: ['ignore', 'ignore', 'pipe'], env: childEnv });
    let err = '';
    child.stderr.on('data', (c) => { err += c; });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) { reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.trim().slice(-500)}`)); return; }
      let cpu;
      if (cpuFile) {
        try {
          const [u, s] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number);
          cpu = (u + s) * 1000;
        } catch { /* no figure */ }
      }
      resolve({ ms, cpu });
    });
  });
}

const work = mkdtempSync(join(tmpdir(), 'regx-bench-'));
const skopeoEnv = { REGISTRY_AUTH_FILE: join(work, 'auth.json'), HOME: work, NODE_EXTRA_CA_CERTS: undefined };
// regx's environment per Node and NODE_EXTRA_CA_CERTS: that Node first on PATH (dist/regx runs `node`), its
// own cache folder (V8 code cache, challenge/scheme cache), and the variable set or removed.
const regxEnv = (node, extraCa) => ({
  PATH: `${dirname(node.bin)}:${process.env.PATH}`,
  REGX_CACHE_DIR: join(work, `regx-cache-${node.label.replace(/\W+/g, '')}`),
  DOCKER_CONFIG: join(work, 'docker'),
  NODE_EXTRA_CA_CERTS: extraCa ? EXTRA_CA : undefined,
});
writeFileSync(join(work, 'auth.json'), '{"auths":{}}');

const reg = await startRegistry('plain');
let proxy;
const sections = [];
try {
  console.error(`bench: seeding ${TAGS} tags and a 3-layer image into ${reg.registry}…`);
  const d = await pushImage(reg, 'bench/tags', 'base');
  await tagMany(reg, 'bench/tags', d, TAGS - 1);
  await pushImage(reg, 'bench/img', 'base', { layers: 3, created: '2024-06-01T00:00:00Z' });
  proxy = await startDelayProxy({ targetPort: Number(reg.registry.split(':')[1]), delayMs: DELAY });

  let n = 0;
  const ops = (R) => [
    { name: `list ${TAGS} tags`,
      regx: () => ['tags', `${R}/bench/tags`],
      skopeo: () => ['list-tags', '--tls-verify=false', `docker://${R}/bench/tags`] },
    { name: 'inspect (digest + config)',
      regx: () => ['inspect', `${R}/bench/img:base`],
      skopeo: () => ['inspect', '--no-tags', '--tls-verify=false', `docker://${R}/bench/img:base`] },
    { name: 'retag',
      regx: () => ['tag', `${R}/bench/img:base`, `rt-regx-${++n}`],
      skopeo: () => ['copy', '-q', '--src-tls-verify=false', '--dest-tls-verify=false', `docker://${R}/bench/img:base`, `docker://${R}/bench/img:rt-skopeo-${++n}`] },
    { name: 'copy to another repository',
      regx: () => ['cp', `${R}/bench/img:base`, `${R}/bench/cp-regx-${++n}:base`],
      skopeo: () => ['copy', '-q', '--src-tls-verify=false', '--dest-tls-verify=false', `docker://${R}/bench/img:base`, `docker://${R}/bench/cp-skopeo-${++n}:base`] },
  ];

  const configs = [];
  for (const node of nodes) for (const extraCa of EXTRA_CA ? [false, true] : [false]) configs.push({ node, extraCa });
  if (!EXTRA_CA) failures.push('no CA bundle for NODE_EXTRA_CA_CERTS (set it, or install ca-certificates): the "with" rows are missing');
  for (const { node, extraCa } of configs)
  for (const [label, R, counted] of [['direct', reg.registry, false], [`${DELAY} ms`, `127.0.0.1:${proxy.port}`, true]]) {
    const rows = [];
    for (const op of ops(R)) {
      const run = {
        regx: (cpu) => time(regxBin, op.regx(), regxEnv(node, extraCa), cpu),
        skopeo: (cpu) => time('skopeo', op.skopeo(), skopeoEnv, cpu),
      };
      // Warm-up (disk cache, and regx's scheme/challenge cache as any second use has it); then count requests once.
      const counts = {};
      for (const tool of ['regx', 'skopeo']) {
        proxy.reset();
        await run[tool]();
        if (counted) counts[tool] = `${proxy.requests()}${proxy.tlsHandshakes() ? ` +${proxy.tlsHandshakes()} TLS probe` : ''}`;
      }
      const t = { regx: [], skopeo: [] };
      const c = { regx: [], skopeo: [] };
      for (let i = 0; i < RUNS; i++) {
        for (const tool of i % 2 ? ['skopeo', 'regx'] : ['regx', 'skopeo']) {
          t[tool].push((await run[tool]()).ms);
        }
      }
      for (let i = 0; i < 3; i++) {
        for (const tool of ['regx', 'skopeo']) {
          const r = await run[tool](true);
          if (r.cpu !== undefined) c[tool].push(r.cpu);
        }
      }
      const row = {
        name: op.name, regx: median(t.regx), skopeo: median(t.skopeo), counts,
        cpuRegx: c.regx.length ? median(c.regx) : undefined, cpuSkopeo: c.skopeo.length ? median(c.skopeo) : undefined,
      };
      rows.push(row);
      console.error(`bench: ${node.label}${extraCa ? ' +NODE_EXTRA_CA_CERTS' : ''}: ${label}: ${op.name}: regx ${row.regx.toFixed(0)} ms, skopeo ${row.skopeo.toFixed(0)} ms`);
    }
    sections.push({ label, rows, counted, node, extraCa });
  }
} finally {
  await proxy?.close();
  await reg.stop();
  rmSync(work, { recursive: true, force: true });
}

const fmt = (ms) => `${ms.toFixed(0)}`;
let md = `## regx CLI vs skopeo ${spawnSync('skopeo', ['--version'], { encoding: 'utf8' }).stdout.trim().replace(/^skopeo version /, '')}\n\n`;
md += `Whole processes on the same local CNCF distribution 2.8 registry (plain HTTP on 127.0.0.1), median of ${RUNS} alternating runs after one warm-up each; `;
md += `${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the end, ${new Date().toISOString().slice(0, 16)}Z. `;
md += `regx is its bin (\`dist/regx\`, production build) with the given Node first on PATH (${nodes.map((n) => `${n.label}: ${n.start}`).join(', ')}); `;
md += `"NODE_EXTRA_CA_CERTS" rows set it to ${EXTRA_CA ?? '(none found)'} (skopeo does not read it). `;
md += 'Requests counted at the proxy during the warm-up run of each tool (HTTP request lines; a TLS ClientHello sent to this plain-HTTP port, i.e. an HTTPS probe, is listed apart). CPU = user+sys of the process, median of 3 separate runs under GNU time (wall times are taken without it).\n\n';
for (const f of failures) md += `**FAILED: ${f}.**\n\n`;
md += '| operation | path | Node | NODE_EXTRA_CA_CERTS | regx ms | skopeo ms | regx/skopeo | regx CPU ms | skopeo CPU ms | requests regx | requests skopeo |\n|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n';
const cpuCell = (v) => (v === undefined ? '' : fmt(v));
for (const s of sections) {
  for (const r of s.rows) {
    md += `| ${r.name} | ${s.label} | ${s.node.label.replace(/^Node /, '')} | ${s.extraCa ? 'set' : '–'} | ${fmt(r.regx)} | ${fmt(r.skopeo)} | ${(r.regx / r.skopeo).toFixed(2)} | ${cpuCell(r.cpuRegx)} | ${cpuCell(r.cpuSkopeo)} | ${s.counted ? r.counts.regx : ''} | ${s.counted ? r.counts.skopeo : ''} |\n`;
  }
}

// The sub-benchmarks: the explorer's tag details (TypeScript, under tsx), the report webview, activation and memory.
// Each one runs; a failure is reported in the table and fails the bench.
const subs = [
  ['scripts/bench-details.ts', ['--import', 'tsx']],
  ['scripts/bench-webview.mjs', []],
  ['scripts/bench-activation.mjs', []],
];
for (const [sub, flags] of process.env.REGX_BENCH_ONLY_CLI ? [] : subs) {
  console.error(`bench: running ${sub}…`);
  const r = spawnSync(process.execPath, [...flags, sub], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 << 20 });
  if (r.status !== 0) failures.push(`${sub} exited ${r.status ?? r.signal}`);
  md += `\n${r.status === 0 ? r.stdout.trim() : `### ${sub}\n\nfailed (exit ${r.status ?? r.signal}); see its output above.`}\n`;
}

mkdirSync('.bench', { recursive: true });
writeFileSync('.bench/results.md', md);
console.log(md);
if (failures.length) {
  for (const f of failures) console.error(`bench: FAILED: ${f}`);
  process.exit(1);
}
