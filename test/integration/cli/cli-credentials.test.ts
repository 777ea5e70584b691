// Credentials the user types belong to one registry. A command that touches two registries (cp) takes
// per-side credentials (--src-username/--src-password-stdin, --dest-..., REGX_SRC_*/REGX_DEST_*, or Docker
// config.json per host); the unscoped ones (--creds-stdin, --username/--password-stdin, REGX_USERNAME/
// REGX_PASSWORD) are a usage error there unless both references are on the same registry.
// Two real basic-auth registries with different passwords, and a recording server that asks for Basic
// credentials and keeps every Authorization header it receives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type TestRegistry } from '../../support/registry';
import { fetchManifest, pushImage } from '../../support/seed';
import { runCliInProcess as runCli } from '../../support/cli';
import { startServer, type TestServer } from '../../unit/registry/servers';

let a: TestRegistry;
let b: TestRegistry;
let rec: TestServer;
let dir: string;
let env: NodeJS.ProcessEnv;
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

before(async () => {
  [a, b] = await Promise.all([startRegistry('basic', { password: 'password-of-a' }), startRegistry('basic', { password: 'password-of-b' })]);
  await pushImage(a, 'src/app', '1', { layers: 2 });
  // Any registry that asks for Basic credentials: what does the CLI send it?
  rec = await startServer((req, res) => {
    res.writeHead(401, { 'www-authenticate': 'Basic realm="recorder"', 'content-type': 'application/json' });
    res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
  });
  dir = mkdtempSync(join(tmpdir(), 'regx-cli-creds-'));
  env = { REGX_CACHE_DIR: join(dir, 'cache'), DOCKER_CONFIG: join(dir, 'no-docker-config') };
});
after(async () => {
  await Promise.all([a?.stop(), b?.stop(), rec?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const aCreds = () => basic(a.username as string, a.password as string);
const leakedToRecorder = () => rec.seen.filter((s) => s.authorization === aCreds());

test('cp A B --creds-stdin: a usage error (exit 2); B never receives A\'s credentials', async () => {
  rec.seen.length = 0;
  const r = await runCli(['cp', `${a.registry}/src/app:1`, `${rec.host}/dst/app:1`, '--creds-stdin'], { env, stdin: `${a.username}:${a.password}\n` });
  assert.equal(leakedToRecorder().length, 0, `B received A's Authorization ${leakedToRecorder().length} time(s)`);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--src-/);
  assert.equal(rec.seen.length, 0, 'nothing is sent before the usage is checked');
});

test('cp A B --username U --password-stdin and REGX_USERNAME/REGX_PASSWORD: the same usage error', async () => {
  rec.seen.length = 0;
  const pw = await runCli(['cp', `${a.registry}/src/app:1`, `${rec.host}/dst/app:1`, '--username', a.username as string, '--password-stdin'],
    { env, stdin: `${a.password}\n` });
  assert.equal(pw.code, 2, pw.stderr);
  const fromEnv = await runCli(['cp', `${a.registry}/src/app:1`, `${rec.host}/dst/app:1`],
    { env: { ...env, REGX_USERNAME: a.username, REGX_PASSWORD: a.password } });
  assert.equal(fromEnv.code, 2, fromEnv.stderr);
  assert.equal(leakedToRecorder().length, 0);
  assert.equal(rec.seen.length, 0);
});

test('cp A B --src-username U --src-password-stdin: A\'s credentials go to A only; B is asked anonymously', async () => {
  rec.seen.length = 0;
  const r = await runCli(['cp', `${a.registry}/src/app:1`, `${rec.host}/dst/app:1`, '--src-username', a.username as string, '--src-password-stdin'],
    { env, stdin: `${a.password}\n` });
  assert.equal(r.code, 4, r.stderr); // B wants credentials it was not given
  assert.ok(rec.seen.length > 0, 'the copy reached B');
  assert.deepEqual(rec.seen.filter((s) => s.authorization !== undefined).map((s) => s.authorization), [], 'no Authorization at all to B');
});

test('cp between two basic registries with different passwords: --src-* on stdin, REGX_DEST_* from the environment', async () => {
  const r = await runCli(['cp', `${a.registry}/src/app:1`, `${b.registry}/dst/app:1`, '--src-username', a.username as string, '--src-password-stdin'],
    { env: { ...env, REGX_DEST_USERNAME: b.username, REGX_DEST_PASSWORD: b.password }, stdin: `${a.password}\n` });
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await fetchManifest(b, 'dst/app', '1')).digest, (await fetchManifest(a, 'src/app', '1')).digest);
  // The other way round: --dest-creds-stdin, the source from REGX_SRC_*.
  const back = await runCli(['cp', `${b.registry}/dst/app:1`, `${a.registry}/back/app:1`, '--dest-creds-stdin'],
    { env: { ...env, REGX_SRC_USERNAME: b.username, REGX_SRC_PASSWORD: b.password }, stdin: `${a.username}:${a.password}\n` });
  assert.equal(back.code, 0, back.stderr);
  // Swapped credentials fail with exit 4 (each registry checks its own password).
  const swapped = await runCli(['cp', `${a.registry}/src/app:1`, `${b.registry}/dst/app:2`, '--src-creds-stdin'],
    { env: { ...env, REGX_DEST_USERNAME: a.username, REGX_DEST_PASSWORD: a.password }, stdin: `${b.username}:${b.password}\n` });
  assert.equal(swapped.code, 4, swapped.stderr);
});

test('cp between two registries with Docker config.json entries per host', async () => {
  const cfg = join(dir, 'docker');
  mkdirSync(cfg, { recursive: true });
  writeFileSync(join(cfg, 'config.json'), JSON.stringify({ auths: {
    [a.registry]: { auth: Buffer.from(`${a.username}:${a.password}`).toString('base64') },
    [b.registry]: { auth: Buffer.from(`${b.username}:${b.password}`).toString('base64') },
  } }));
  const r = await runCli(['cp', `${a.registry}/src/app:1`, `${b.registry}/dst/app:cfg`], { env: { ...env, DOCKER_CONFIG: cfg } });
  assert.equal(r.code, 0, r.stderr);
});

test('one registry: --creds-stdin works for cp within it and for single-registry commands; stdin carries one secret', async () => {
  const same = await runCli(['cp', `${a.registry}/src/app:1`, `${a.registry}/copy/app:1`, '--creds-stdin'], { env, stdin: `${a.username}:${a.password}\n` });
  assert.equal(same.code, 0, same.stderr);
  const tags = await runCli(['tags', `${a.registry}/copy/app`, '--username', a.username as string, '--password-stdin'], { env, stdin: `${a.password}\n` });
  assert.equal(tags.code, 0, tags.stderr);
  assert.equal(tags.stdout, '1\n');
  const two = await runCli(['cp', `${a.registry}/src/app:1`, `${b.registry}/dst/app:1`, '--src-creds-stdin', '--dest-creds-stdin'], { env, stdin: 'x:y\n' });
  assert.equal(two.code, 2, two.stderr);
  const scopedOnSingle = await runCli(['tags', `${a.registry}/copy/app`, '--src-creds-stdin'], { env, stdin: 'x:y\n' });
  assert.equal(scopedOnSingle.code, 2, scopedOnSingle.stderr);
});
