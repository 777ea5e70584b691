// `regx scan --scanner harbor` against the Harbor API test server (its /v2/ is a real registry): Harbor's
// scanner runs the scan, the report names that scanner, and Harbor's CVE allowlist (the project's, or the
// system's when the project reuses it) marks findings ignored, with its expiry. The server's example report
// (the scanner adapter spec's) has one High (CVE-2013-7445 in linux), one Medium and one Low, none fixed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarbor, type HarborServer } from '../../support/harbor-server';
import { pushImage } from '../../support/seed';
import { runCliInProcess as runCli } from '../../support/cli';

let h: HarborServer;
let dir: string;
let env: NodeJS.ProcessEnv;
let auth: string;
let image: string;

before(async () => {
  h = await startHarbor({ scanPendingPolls: 0, scanRunningPolls: 0 });
  await pushImage(h.backend, 'library/app', 'v1');
  image = `${h.registry}/library/app:v1`;
  dir = mkdtempSync(join(tmpdir(), 'regx-cli-scan-harbor-'));
  env = { REGX_CACHE_DIR: join(dir, 'cache'), DOCKER_CONFIG: join(dir, 'docker'), REGX_USERNAME: h.username, REGX_PASSWORD: h.password };
  auth = `Basic ${Buffer.from(`${h.username}:${h.password}`).toString('base64')}`;
});
after(async () => {
  await h?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function put(path: string, body: unknown): Promise<void> {
  const r = await fetch(`${h.url}/api/v2.0${path}`, { method: 'PUT', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(r.status, 200, await r.text());
}
const gate = ['--scanner', 'harbor', '--exit-code', '1', '--severity', 'HIGH,CRITICAL'];

test('Harbor scans; the header names Harbor\'s scanner and version; the High finding fails the gate', async () => {
  h.clearRequests();
  const r = await runCli(['scan', image, ...gate], { env });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /regx: Trivy v0\.9\.1 \(through Harbor\) scanned 127\.0\.0\.1:\d+\/library\/app:v1: 3 findings \(1 HIGH, 1 MEDIUM, 1 LOW\)/);
  assert.match(r.stderr, /gate failed: 1 finding at CRITICAL, HIGH \(1 HIGH\)/);
  assert.match(r.stdout, /^CVE-2013-7445\s+HIGH\s+linux\s+4\.9\.189-3\+deb9u2/m);
  const api = h.requests().filter((x) => x.path.startsWith('/api/v2.0/')).map((x) => `${x.method} ${x.path.replace(/\/api\/v2\.0/, '')}`);
  assert.deepEqual(api, [
    'POST /projects/library/repositories/app/artifacts/v1/scan',
    'GET /projects/library/repositories/app/artifacts/v1',
    'GET /projects/library/repositories/app/artifacts/v1/additions/vulnerabilities',
    'GET /projects/library',
  ], 'one scan, one poll (the server finishes at once), the report, the project and its allowlist');
});

test('the project\'s CVE allowlist ignores the finding, named with its expiry; the gate passes', async () => {
  const expires = Math.floor(Date.parse('2999-01-01T00:00:00Z') / 1000);
  await put('/projects/library', { cve_allowlist: { items: [{ cve_id: 'CVE-2013-7445' }], expires_at: expires } });
  const r = await runCli(['scan', image, ...gate, '--format', 'json'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /ignored CVE-2013-7445 in linux: Harbor CVE allowlist of project library \(until 2999-01-01\)/);
  assert.match(r.stderr, /gate passed: no findings at CRITICAL, HIGH; 1 ignored/);
  const j = JSON.parse(r.stdout) as { format: string; scanner: { name: string; vendor: string; version: string }; findings: Array<{ id: string; ignored?: unknown }> };
  assert.equal(j.format, 'harbor');
  assert.deepEqual(j.scanner, { name: 'Trivy', version: 'v0.9.1', vendor: 'Aqua Security' });
  assert.equal(j.findings.length, 3, 'the ignored finding is kept');
  assert.deepEqual(j.findings.find((f) => f.id === 'CVE-2013-7445')?.ignored, { source: 'harbor-allowlist', rule: 'Harbor CVE allowlist of project library', expires: '2999-01-01T00:00:00.000Z' });
});

test('with reuse_sys_cve_allowlist the system allowlist applies (and the project\'s no longer); an expired one ignores nothing', async () => {
  await put('/projects/library', { metadata: { reuse_sys_cve_allowlist: 'true' } });
  const none = await runCli(['scan', image, ...gate], { env });
  assert.equal(none.code, 1, 'the system list is empty: the project list is not used');
  await put('/system/CVEAllowlist', { items: [{ cve_id: 'CVE-2013-7445' }, { cve_id: 'CVE-2019-2182' }] });
  h.clearRequests();
  const r = await runCli(['scan', image, ...gate], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /ignored CVE-2013-7445 in linux: Harbor system CVE allowlist\n/);
  assert.match(r.stderr, /ignored CVE-2019-2182 in bash: Harbor system CVE allowlist\n/);
  assert.ok(h.requests().some((x) => x.method === 'GET' && x.path === '/api/v2.0/system/CVEAllowlist'));
  await put('/system/CVEAllowlist', { items: [{ cve_id: 'CVE-2013-7445' }], expires_at: 1_600_000_000 });
  const expired = await runCli(['scan', image, ...gate], { env });
  assert.equal(expired.code, 1, expired.stderr);
  assert.match(expired.stderr, /Harbor system CVE allowlist: the rule for CVE-2013-7445 expired on 2020-09-13/);
});

test('--ignore-unfixed ignores all three (Harbor\'s example has no fixes); a robot without rights on the project cannot scan: exit 5', async () => {
  const r = await runCli(['scan', image, ...gate, '--ignore-unfixed'], { env });
  assert.equal(r.code, 0, r.stderr);
  const robot = await runCli(['scan', image, ...gate], { env: { ...env, REGX_USERNAME: h.robot.name, REGX_PASSWORD: h.robot.secret } });
  assert.equal(robot.code, 5, robot.stderr);
  assert.match(robot.stderr, /^regx: the scan of .* could not run: /);
});
