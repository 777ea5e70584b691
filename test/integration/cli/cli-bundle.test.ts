// The built bundle as users run it (a separate `node cli.js` process): output, exit codes, stdin
// credentials, and the request budget of a retag across two processes (the challenge and scheme caches
// let the second process skip the 401 and the TLS probe).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type TestRegistry } from '../../support/registry';
import { fetchManifest, pushImage } from '../../support/seed';
import { runCli } from '../../support/cli';

let plain: TestRegistry;
let token: TestRegistry;
let dir: string;
before(async () => {
  [plain, token] = await Promise.all([startRegistry('plain'), startRegistry('token')]);
  dir = mkdtempSync(join(tmpdir(), 'regx-bundle-'));
  await pushImage(plain, 'b/app', '1');
  await pushImage(token, 'b/app', '1');
});
after(async () => {
  await Promise.all([plain?.stop(), token?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('plain HTTP loopback: the second process goes straight to HTTP and retags in 2 requests', async () => {
  const env = { REGX_CACHE_DIR: join(dir, 'c1') };
  const first = await runCli(['tags', `${plain.registry}/b/app`], { env, verbose: true });
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stdout, '1\n');
  assert.match(first.lines[0] ?? '', /GET https:\/\//, 'the first run probes TLS once');
  const r = await runCli(['tag', `${plain.registry}/b/app:1`, 'two'], { env, verbose: true });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.lines.map((l) => l.split(' ').slice(1, 3).join(' ').replace(/\/\/127[^/]+/, '//R')), [
    'GET http://R/v2/b/app/manifests/1', 'PUT http://R/v2/b/app/manifests/two',
  ]);
  assert.equal(r.requests, 2);
  assert.equal((await fetchManifest(plain, 'b/app', 'two')).digest, (await fetchManifest(plain, 'b/app', '1')).digest);
});

test('token auth: credentials on stdin; a later process fetches one token and no 401', async () => {
  const env = { REGX_CACHE_DIR: join(dir, 'c2'), DOCKER_CONFIG: join(dir, 'none') };
  const creds = `${token.username}:${token.password}\n`;
  const first = await runCli(['tags', `${token.registry}/b/app`, '--creds-stdin'], { env, stdin: creds, verbose: true });
  assert.equal(first.code, 0, first.stderr);
  const before = token.tokenRequests();
  const r = await runCli(['tag', `${token.registry}/b/app:1`, 'two', '--creds-stdin'], { env, stdin: creds, verbose: true });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(token.tokenRequests() - before, 1, 'one token for pull,push');
  assert.equal(r.requests, 3, r.stderr);
  assert.ok(!r.lines.some((l) => / 401 /.test(l)), r.stderr);
});

test('exit codes and one-line errors from the bundle', async () => {
  const env = { REGX_CACHE_DIR: join(dir, 'c3'), DOCKER_CONFIG: join(dir, 'none') };
  const nf = await runCli(['inspect', `${plain.registry}/b/app:missing`], { env });
  assert.equal(nf.code, 3);
  assert.match(nf.stderr, /^regx: .*not found.*\n$/);
  const auth = await runCli(['tags', `${token.registry}/b/app`], { env });
  assert.equal(auth.code, 4);
  assert.equal(auth.stderr.split('\n').filter(Boolean).length, 1);
  const usage = await runCli([], { env });
  assert.equal(usage.code, 2);
  const help = await runCli(['--help'], { env });
  assert.equal(help.code, 0);
  assert.match(help.stdout, /regx prune REPOSITORY/);
});
