// Every HarborClient operation against the Harbor API test server, whose /v2/ is a real distribution registry.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from '../../../src/registry/client';
import { StaticCredentials } from '../../../src/registry/credentials';
import { RegistryError } from '../../../src/registry/errors';
import { HarborClient } from '../../../src/registry/harbor';
import { HARBOR_REPORT_MIME_V11 } from '../../../src/registry/harbor-types';
import { parseHarborReport } from '../../../src/scan/parseHarborReport';
import { startHarbor, type HarborServer } from '../../support/harbor-server';
import { listTags, pushImage, pushIndex } from '../../support/seed';
import type { TestRegistry } from '../../support/registry';

describe('HarborClient against the Harbor test server', () => {
  let h: HarborServer;
  let client: RegistryClient;
  let harbor: HarborClient;
  let v1: string;
  let multi: string;

  const apiRequests = (): Array<{ method: string; path: string }> => h.requests().filter((r) => r.path.startsWith('/api/'));

  before(async () => {
    h = await startHarbor({ scanPendingPolls: 1, scanRunningPolls: 1 });
    v1 = await pushImage(h.backend, 'library/app', 'v1');
    await pushImage(h.backend, 'library/app', 'v2');
    multi = await pushIndex(h.backend, 'library/app', 'multi', ['linux/amd64', 'linux/arm64/v8']);
    await pushImage(h.backend, 'library/team/web', '1.0');
    for (let i = 0; i < 12; i++) await pushImage(h.backend, `library/svc-${String(i).padStart(2, '0')}`, 'latest');
    client = new RegistryClient({ registry: h.registry, credentials: new StaticCredentials({ [h.registry]: { username: h.username, password: h.password } }) });
    harbor = new HarborClient(client);
  });
  after(async () => {
    await client?.close();
    await h?.stop();
  });

  test('detect: a Harbor answers systeminfo; a plain registry does not', async () => {
    assert.equal(await HarborClient.detect(client), true);
    const plain = new RegistryClient({ registry: h.backend.registry });
    try {
      assert.equal(await HarborClient.detect(plain), false);
    } finally { await plain.close(); }
  });

  test('projects: list, paging headers, q and HEAD', async () => {
    const page = await harbor.projects({ pageSize: 1 });
    assert.equal(page.items.length, 1);
    assert.equal(page.total, 2); // library (seeded) and ci (the robot's project)
    assert.equal(page.next, '2');
    const second = await harbor.projects({ pageSize: 1, cursor: page.next });
    assert.equal(second.items.length, 1);
    assert.equal(second.next, undefined);
    assert.notEqual(second.items[0].name, page.items[0].name);
    const lib = await harbor.projects({ q: { name: { fuzzy: 'libr' } } });
    assert.deepEqual(lib.items.map((p) => p.name), ['library']);
    assert.equal(lib.items[0].metadata?.public, 'true');
    assert.equal(lib.items[0].repo_count, 14);
    assert.equal(await harbor.projectExists('library'), true);
    assert.equal(await harbor.projectExists('nope'), false);
    assert.equal((await harbor.project('library')).name, 'library');
  });

  test('repositories: pages of at most 100, q name=~ and exact, sort', async () => {
    const p1 = await harbor.repositories('library', { pageSize: 10, sort: 'name' });
    assert.equal(p1.total, 14);
    assert.equal(p1.items.length, 10);
    assert.equal(p1.next, '2');
    const p2 = await harbor.repositories('library', { pageSize: 10, cursor: p1.next, sort: 'name' });
    assert.equal(p2.items.length, 4);
    assert.equal(p2.next, undefined);
    const fuzzy = await harbor.repositories('library', { q: 'name=~svc-1' });
    assert.deepEqual(fuzzy.items.map((r) => r.name).sort(), ['library/svc-10', 'library/svc-11']);
    const exact = await harbor.repositories('library', { q: { name: 'library/team/web' } });
    assert.deepEqual(exact.items.map((r) => r.name), ['library/team/web']);
    const desc = await harbor.repositories('library', { sort: '-name', pageSize: 1 });
    assert.equal(desc.items[0].name, 'library/team/web');
    const big = await harbor.repositories('library', { pageSize: 500 });
    assert.equal(big.items.length, 14, 'page_size is capped at 100 by the client, not rejected');
    const one = await harbor.repository('library', 'team/web');
    assert.equal(one.artifact_count, 1);
  });

  test('artifacts: tags, sizes, platforms, scan overview and accessories in ONE API request', async () => {
    h.clearRequests();
    const page = await harbor.artifacts('library', 'app', { pageSize: 10 });
    const api = apiRequests();
    assert.equal(api.length, 1, `one API request, got ${JSON.stringify(api)}`);
    const q = new URLSearchParams(h.requests().find((r) => r.path.startsWith('/api/'))?.query ?? '');
    assert.equal(q.get('with_tag'), 'true');
    assert.equal(q.get('with_scan_overview'), 'true');
    assert.equal(q.get('with_accessory'), 'true');
    assert.equal(page.total, 3);
    const byTag = new Map(page.items.flatMap((a) => (a.tags ?? []).map((t) => [t.name, a] as const)));
    assert.equal(byTag.get('v1')?.digest, v1);
    assert.ok((byTag.get('v1')?.size ?? 0) > 0);
    assert.equal(byTag.get('v1')?.extra_attrs?.architecture, 'amd64');
    const idx = byTag.get('multi');
    assert.equal(idx?.digest, multi);
    assert.deepEqual(idx?.references?.map((r) => `${r.platform?.os}/${r.platform?.architecture}`), ['linux/amd64', 'linux/arm64']);
    assert.ok(page.items.every((a) => a.push_time));
  });

  test('artifacts of a nested repository: the name is encoded twice on the wire', async () => {
    h.clearRequests();
    const page = await harbor.artifacts('library', 'team/web');
    assert.equal(page.items.length, 1);
    assert.ok(apiRequests()[0].path.includes('/repositories/team%252Fweb/artifacts'), apiRequests()[0].path);
    const a = await harbor.artifact('library', 'team/web', '1.0');
    assert.equal(a.tags?.[0].name, '1.0');
  });

  test('artifacts with q tags=~ and paging', async () => {
    const page = await harbor.artifacts('library', 'app', { q: 'tags=~v', pageSize: 1, sort: 'digest' });
    assert.equal(page.total, 2);
    assert.equal(page.items.length, 1);
    assert.equal(page.next, '2');
  });

  test('createTag makes a real registry tag; 409 on a duplicate; deleteTag removes it', async () => {
    await harbor.createTag('library', 'app', 'v1', 'release');
    assert.ok((await listTags(h.backend, 'library/app')).includes('release'), 'the tag exists in the real registry');
    const a = await harbor.artifact('library', 'app', 'release');
    assert.equal(a.digest, v1);
    await assert.rejects(harbor.createTag('library', 'app', 'v1', 'release'), (e: unknown) => e instanceof RegistryError && e.status === 409);
    await harbor.deleteTag('library', 'app', v1, 'release');
    const after = await harbor.artifact('library', 'app', v1);
    assert.deepEqual(after.tags?.map((t) => t.name), ['v1']);
    await assert.rejects(harbor.deleteTag('library', 'app', v1, 'release'), (e: unknown) => e instanceof RegistryError && e.status === 404);
  });

  test('scan moves Pending → Running → Success; the report comes in the 1.1 shape', async () => {
    assert.equal(await harbor.scanStatus('library', 'app', 'v2'), undefined);
    assert.deepEqual(await harbor.vulnerabilityReport('library', 'app', 'v2'), {});
    await harbor.scan('library', 'app', 'v2');
    const seen: string[] = [];
    h.clearRequests();
    const done = await harbor.waitForScan('library', 'app', 'v2', { intervalMs: 5, onStatus: (s) => seen.push(s?.scan_status ?? 'none') });
    assert.equal(done.scan_status, 'Success');
    assert.deepEqual(seen, ['Pending', 'Running', 'Success']);
    assert.equal(apiRequests().length, 3);
    assert.equal(done.summary?.total, 3);
    const report = await harbor.vulnerabilityReport('library', 'app', 'v2') as Record<string, { vulnerabilities: Array<{ id: string; artifact_digests: string[] }> }>;
    assert.deepEqual(Object.keys(report), [HARBOR_REPORT_MIME_V11]);
    assert.equal(report[HARBOR_REPORT_MIME_V11].vulnerabilities[0].id, 'CVE-2019-18276');
    // The scan model reads exactly what the client returns.
    const parsed = parseHarborReport(report);
    assert.equal(parsed.format, 'harbor');
    assert.deepEqual(parsed.findings.map((f) => f.id), report[HARBOR_REPORT_MIME_V11].vulnerabilities.map((v) => v.id));
    // The overview also rides along on the artifact list, keyed by the MIME type.
    const page = await harbor.artifacts('library', 'app');
    const v2 = page.items.find((a) => a.tags?.some((t) => t.name === 'v2'));
    assert.equal(v2?.scan_overview?.[HARBOR_REPORT_MIME_V11]?.scan_status, 'Success');
  });

  test('waitForScan stops on an AbortSignal', async () => {
    await harbor.scan('library', 'app', 'v1');
    const ac = new AbortController();
    // Cancel inside the 10 s wait between two polls: onStatus runs right before that wait starts.
    const p = harbor.waitForScan('library', 'app', 'v1', { intervalMs: 10_000, signal: ac.signal, onStatus: () => queueMicrotask(() => ac.abort()) });
    await assert.rejects(p, (e: unknown) => e instanceof RegistryError && e.code === 'ABORTED');
  });

  test('robot account: `robot$` name in Basic auth; reads and pushes in its project, 403 elsewhere', async () => {
    const rc = new RegistryClient({ registry: h.registry, credentials: new StaticCredentials({ [h.registry]: { username: h.robot.name, password: h.robot.secret } }) });
    try {
      const rh = new HarborClient(rc);
      // Push through Harbor's /v2/ with the robot: Harbor's token service, then the real registry.
      const viaHarbor: TestRegistry = { ...h.backend, url: h.url, registry: h.registry, username: h.robot.name, password: h.robot.secret };
      const d = await pushImage(viaHarbor, 'ci/tool', 'latest');
      const arts = await rh.artifacts('ci', 'tool');
      assert.equal(arts.items[0].digest, d, 'a push through /v2/ shows up in the API');
      await rh.createTag('ci', 'tool', 'latest', 'stable');
      await assert.rejects(rh.createTag('library', 'app', 'v1', 'robot-tag'), (e: unknown) => e instanceof RegistryError && e.status === 403);
    } finally { await rc.close(); }
  });

  test('anonymous: public project readable, writes get 401; wrong password gets 401', async () => {
    const anon = new HarborClient(new RegistryClient({ registry: h.registry }));
    const bad = new HarborClient(new RegistryClient({ registry: h.registry, credentials: new StaticCredentials({ [h.registry]: { username: 'admin', password: 'wrong' } }) }));
    try {
      assert.deepEqual((await anon.projects()).items.map((p) => p.name), ['library']);
      await assert.rejects(anon.deleteTag('library', 'app', 'v1', 'v1'), (e: unknown) => e instanceof RegistryError && e.status === 401);
      await assert.rejects(anon.currentUser(), (e: unknown) => e instanceof RegistryError && e.status === 401);
      await assert.rejects(bad.projects(), (e: unknown) => e instanceof RegistryError && e.status === 401);
      assert.equal((await harbor.currentUser()).username, 'admin');
    } finally {
      await anon.client.close();
      await bad.client.close();
    }
  });

  test('deleteArtifact removes the manifest from the registry; deleteRepository removes the repository', async () => {
    await harbor.deleteArtifact('library', 'app', 'v2');
    const tags = await listTags(h.backend, 'library/app');
    assert.ok(!tags.includes('v2'));
    await assert.rejects(harbor.artifact('library', 'app', 'v2'), (e: unknown) => e instanceof RegistryError && e.status === 404);
    await harbor.deleteRepository('library', 'svc-00');
    await assert.rejects(harbor.repository('library', 'svc-00'), (e: unknown) => e instanceof RegistryError && e.status === 404);
    assert.deepEqual(await listTags(h.backend, 'library/svc-00'), []);
    assert.equal((await harbor.repositories('library')).total, 13);
  });

  test('errors carry Harbor\'s code and the server sends X-Request-Id', async () => {
    const res = await client.request({ method: 'GET', path: '/api/v2.0/projects/library/repositories/nope/artifacts', auth: 'basic' });
    assert.equal(res.status, 404);
    assert.ok(res.headers['x-request-id']);
    await assert.rejects(harbor.artifacts('library', 'nope'), (e: unknown) => e instanceof RegistryError && e.status === 404 && e.code === 'NOT_FOUND');
  });
});
