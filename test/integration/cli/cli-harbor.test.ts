// The CLI against the Harbor API test server (real distribution registry behind /v2/): `ls` lists
// projects and repositories through Harbor's API, and the distribution commands work through Harbor's /v2/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarbor, type HarborServer } from '../../support/harbor-server';
import { fetchManifest, pushImage } from '../../support/seed';
import { runCliInProcess as runCli } from '../../support/cli';

let h: HarborServer;
let dir: string;
let env: NodeJS.ProcessEnv;
before(async () => {
  h = await startHarbor({ projects: ['empty'] });
  await pushImage(h.backend, 'library/app', 'v1');
  await pushImage(h.backend, 'library/team/web', '1.0');
  await pushImage(h.backend, 'tools/ci', 'latest');
  dir = mkdtempSync(join(tmpdir(), 'regx-cli-harbor-'));
  env = { REGX_CACHE_DIR: join(dir, 'cache'), DOCKER_CONFIG: join(dir, 'docker'), REGX_USERNAME: h.username, REGX_PASSWORD: h.password };
});
after(async () => {
  await h?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('ls --projects and ls --harbor list through the Harbor API', async () => {
  const projects = await runCli(['ls', h.registry, '--projects'], { env });
  assert.equal(projects.code, 0, projects.stderr);
  const names = projects.stdout.trim().split('\n');
  for (const p of ['empty', 'library', 'tools']) assert.ok(names.includes(p), `${p} in ${names.join(', ')}`);
  assert.deepEqual(names, [...names].sort(), 'sorted by name');
  const repos = await runCli(['ls', h.registry, '--harbor', '--json'], { env, verbose: true });
  assert.equal(repos.code, 0, repos.stderr);
  assert.deepEqual((JSON.parse(repos.stdout) as string[]).sort(), ['library/app', 'library/team/web', 'tools/ci']);
  assert.ok(repos.lines.every((l) => l.includes('/api/v2.0/')), repos.stderr);
  const limited = await runCli(['ls', h.registry, '--harbor', '--limit', '1'], { env });
  assert.equal(limited.stdout.trim().split('\n').length, 1);
});

test('plain ls on a Harbor lists the same repositories', async () => {
  const r = await runCli(['ls', h.registry], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n').sort(), ['library/app', 'library/team/web', 'tools/ci']);
});

test('tags, inspect and tag work through Harbor /v2/', async () => {
  const tags = await runCli(['tags', `${h.registry}/library/team/web`], { env });
  assert.equal(tags.code, 0, tags.stderr);
  assert.equal(tags.stdout, '1.0\n');
  const ins = await runCli(['inspect', `${h.registry}/library/app:v1`, '--json'], { env });
  assert.equal(ins.code, 0, ins.stderr);
  assert.equal((JSON.parse(ins.stdout) as { digest: string }).digest, (await fetchManifest(h.backend, 'library/app', 'v1')).digest);
  const t = await runCli(['tag', `${h.registry}/library/app:v1`, 'v1-copy'], { env });
  assert.equal(t.code, 0, t.stderr);
  assert.equal((await fetchManifest(h.backend, 'library/app', 'v1-copy')).digest, (await fetchManifest(h.backend, 'library/app', 'v1')).digest);
  const denied = await runCli(['ls', h.registry, '--projects'], { env: { ...env, REGX_PASSWORD: 'wrong' } });
  assert.equal(denied.code, 4, denied.stderr);
});
