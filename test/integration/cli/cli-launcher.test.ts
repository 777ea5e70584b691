// dist/cli.js is a launcher that compiles the CLI bundle through V8's code cache, and the bundle loads only
// what a run needs. Both are start-up costs every CLI process pays, so both are checked here as facts
// (which files exist, which modules loaded), not as timings; `npm run bench` has the timings.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
const cli = join(root, 'dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'regx-launcher-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string>, preload?: string) {
  const r = spawnSync(process.execPath, [...(preload ? ['-r', preload] : []), cli, ...args], {
    env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return r;
}

test('the first run writes V8 code cache (0600) and removes stale ones, the second run accepts it and leaves it as it is', () => {
  const cache = join(dir, 'cache');
  mkdirSync(cache, { recursive: true });
  writeFileSync(join(cache, 'cli-v0.0.0-1-1.v8cache'), 'stale');
  writeFileSync(join(cache, 'challenges.json'), '{}');
  run(['--version'], { REGX_CACHE_DIR: cache });
  assert.ok(existsSync(join(cache, 'challenges.json')), 'other cache files are left alone');
  const files = readdirSync(cache).filter((f) => f.endsWith('.v8cache'));
  assert.equal(files.length, 1, `cache files: ${files.join(', ')}`);
  const file = join(cache, files[0]);
  const st = statSync(file);
  assert.equal(st.mode & 0o777, 0o600);
  assert.ok(st.size > 10_000, `cache is ${st.size} bytes`);
  run(['--version'], { REGX_CACHE_DIR: cache });
  // Rewritten only when missing or rejected by V8: the same mtime means V8 took it.
  assert.equal(statSync(file).mtimeMs, st.mtimeMs);
  assert.deepEqual(readdirSync(cache).filter((f) => f.endsWith('.v8cache')), files);
});

test('an unwritable cache folder does not stop the CLI', () => {
  const blocker = join(dir, 'not-a-dir');
  writeFileSync(blocker, '');
  const r = run(['--version'], { REGX_CACHE_DIR: join(blocker, 'cache') });
  assert.match(r.stdout, /\S/);
});

test('start-up loads neither node:http2, node:child_process, node:tls nor node:fs/promises (loaded only when used)', () => {
  const probe = join(dir, 'probe.js');
  writeFileSync(probe, `process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(process.moduleLoadList) + '\\n'));`);
  const r = run(['--help'], { REGX_CACHE_DIR: join(dir, 'c2') }, probe);
  const loaded = JSON.parse(/LOADED (.*)/.exec(r.stderr)![1]) as string[];
  assert.ok(loaded.includes('NativeModule http'), 'the probe sees the modules the client loads');
  assert.ok(!loaded.includes('NativeModule http2'), 'node:http2 loaded at start-up');
  assert.ok(!loaded.includes('NativeModule child_process'), 'node:child_process loaded at start-up');
  assert.ok(!loaded.includes('NativeModule tls'), 'node:tls loaded at start-up');
  assert.ok(!loaded.includes('NativeModule fs/promises'), 'node:fs/promises loaded at start-up');
});
