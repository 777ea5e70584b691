// `npm test`: everything, in the order a failure is cheapest to find.
//   setup (system packages, code-server) → lint → typecheck → build
//   → unit, integration, e2e (node:test, files named *.test.ts)
//   → host (the mocha suite inside a real VS Code host)
// Every stage runs; a stage with no test files or no result is a failure, never a silent pass.
// Ends with one plain line "tests: N passed, N failed" that sums every stage.
// `npm test -- unit` (or integration, e2e, host) runs only those stages after the build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv } from './child-env.mjs';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const only = process.argv.slice(2);
const want = (stage) => only.length === 0 || only.includes(stage);
const artifacts = join(root, '.test-artifacts');
mkdirSync(artifacts, { recursive: true });

let passed = 0;
let failed = 0;
const failures = [];

function run(label, cmd, args, opts = {}) {
  console.log(`\n=== ${label}: ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', env: cleanEnv(opts.env) });
  if (opts.capture && r.stdout) process.stdout.write(r.stdout);
  return r;
}

function step(label, cmd, args) {
  const r = run(label, cmd, args);
  if (r.status !== 0) {
    console.error(`\n${label} failed (exit ${r.status ?? r.signal}); stopping.`);
    console.log(`\ntests: ${passed} passed, ${failed + 1} failed`);
    process.exit(1);
  }
}

function testFiles(dir) {
  const out = [];
  const walk = (d) => {
    if (!existsSync(d)) return;
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.test.ts')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

step('setup', process.execPath, ['scripts/setup.mjs']);
step('lint', process.execPath, ['scripts/lint.mjs']);
step('typecheck', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']);
step('build', process.execPath, ['esbuild.mjs']);

for (const stage of ['unit', 'integration', 'e2e']) {
  if (!want(stage)) continue;
  const files = testFiles(join('test', stage));
  if (files.length === 0) { failed += 1; failures.push(`${stage} (no test files under test/${stage})`); continue; }
  const r = run(stage, process.execPath, [
    '--import', 'tsx', '--test', '--test-timeout=180000', '--test-reporter=spec', ...files,
  ], { capture: true, env: { REGX_ARTIFACTS: artifacts } });
  const out = r.stdout ?? '';
  const p = Number(/ℹ pass (\d+)/.exec(out)?.[1] ?? 0);
  const f = Number(/ℹ fail (\d+)/.exec(out)?.[1] ?? 0);
  const c = Number(/ℹ cancelled (\d+)/.exec(out)?.[1] ?? 0);
  passed += p;
  failed += f + c;
  // A crashed runner or a file that failed to load may report no failing test: count it.
  if (r.status !== 0 && f + c === 0) failed += 1;
  if (r.status !== 0) failures.push(stage);
  if (p + f + c === 0) { failed += 1; failures.push(`${stage} (ran no test)`); }
}

// The in-host suite reports its counts in .test-artifacts/host-results.json.
if (want('host')) {
  const resultFile = join(artifacts, 'host-results.json');
  rmSync(resultFile, { force: true });
  const r = run('host', process.execPath, ['scripts/host-test.mjs'], { env: { REGX_ARTIFACTS: artifacts } });
  let counts = { passed: 0, failed: 0 };
  try { counts = JSON.parse(readFileSync(resultFile, 'utf8')); } catch { /* no result: counted below */ }
  passed += counts.passed;
  failed += counts.failed;
  if (r.status !== 0 || counts.passed + counts.failed === 0) {
    if (counts.failed === 0) failed += 1;
    failures.push('host');
  }
}

console.log(failures.length ? `\nfailing stages: ${failures.join(', ')}` : '\nall stages passed');
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
