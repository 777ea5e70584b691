// Retention on the real registry (CNCF distribution) and through the Harbor test server: the shared planner
// over a repository with tags sharing digests, multi-arch indexes with tagged children, dates spread over
// months, protected patterns and cosign signature tags; then the apply through the backend.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Reference, RegistryClient, StaticCredentials, HarborClient } from '../../../src/registry/index';
import { DistributionBackend } from '../../../src/backends/distributionBackend';
import { HarborBackend } from '../../../src/backends/harborBackend';
import { planBackendRepository } from '../../../src/retention/planBackendRepository';
import { applyRetention, deleteOrder } from '../../../src/retention/applyRetention';
import { bytesFreed, imageSize } from '../../../src/retention/blobSizes';
import { tagRows } from '../../../src/retention/planRetention';
import { parseTagPattern } from '../../../src/retention/tagPatterns';
import { startRegistry, type TestRegistry } from '../../support/registry';
import { startHarbor, type HarborServer } from '../../support/harbor-server';
import { listTags, pushImage, pushImageDetailed, pushIndex, seedRetention } from '../../support/seed';

const T = { timeout: 120_000 };
const protect = ['semver', 'latest', 'production'].map(parseTagPattern);
const sorted = (a: Iterable<string>) => [...a].sort();

describe('retention on the real registry', () => {
  let reg: TestRegistry;
  let client: RegistryClient;
  let d: Record<string, string>;
  const now = Date.now();

  before(async () => {
    reg = await startRegistry('plain');
    d = await seedRetention(reg, 'ret/app', now);
    client = new RegistryClient({ registry: reg.registry });
  });
  after(async () => { await client?.close(); await reg?.stop(); });

  test('plan: protected tags, shared digests, a kept index\'s tagged child and signatures follow their subject', T, async () => {
    const backend = new DistributionBackend(client, reg.registry);
    const { plan } = await planBackendRepository(backend, 'ret/app', { keepLast: 2, protect, now });
    const rows = tagRows(plan);
    const keep = sorted(rows.filter((r) => r.keep).map((r) => r.tag));
    const sig = (t: string) => `${d[t]!.replace(':', '-')}.sig`;
    assert.deepEqual(keep, sorted(['build-5', 'latest', sig('build-5'), 'build-4', 'v1.0.0', 'production', 'production-amd64']));
    const go = sorted(rows.filter((r) => !r.keep).map((r) => r.tag));
    assert.deepEqual(go, sorted(['build-1', sig('build-1'), 'build-2', 'build-3', 'candidate', 'old-multi', 'old-multi-arm64']));
    const why = (tag: string) => rows.find((r) => r.tag === tag)?.reasons.map((r) => r.rule);
    assert.deepEqual(why('v1.0.0'), ['protected']);
    assert.deepEqual(why('production-amd64'), ['childOf']);
    assert.deepEqual(why(sig('build-5')), ['subjectKept']);
    assert.deepEqual(rows.find((r) => r.tag === 'candidate')?.sharedWith, ['build-3']);
    // Attachments go first, then indexes before what they name.
    const order = deleteOrder(plan).map((x) => x.tags[0]);
    assert.equal(order[0], sig('build-1'));
    assert.ok(order.indexOf('old-multi') < order.indexOf('old-multi-arm64'));
  });

  test('apply deletes exactly the planned tags; the freed size counts blobs no kept manifest references', T, async () => {
    const backend = new DistributionBackend(client, reg.registry);
    const { plan } = await planBackendRepository(backend, 'ret/app', { keepLast: 2, protect, now });
    const repo = new Reference(reg.registry, 'ret/app');
    const freed = await bytesFreed(client, repo, plan.filter((p) => !p.keep).map((p) => p.digest), plan.filter((p) => p.keep).map((p) => p.digest));
    assert.ok(freed.bytes > 0 && freed.blobs >= 10, `freed ${JSON.stringify(freed)}`);
    const progress: number[] = [];
    const result = await applyRetention(backend, 'ret/app', plan, { onProgress: (done) => progress.push(done) });
    assert.deepEqual(result.failed, []);
    assert.equal(result.cancelled, false);
    assert.equal(result.deleted.length, 6); // build-1, its .sig, build-2, build-3/candidate, old-multi, old-multi-arm64
    assert.deepEqual(sorted(await listTags(reg, 'ret/app')), sorted(['build-5', 'latest', `${d['build-5']!.replace(':', '-')}.sig`, 'build-4', 'v1.0.0', 'production', 'production-amd64']));
    assert.ok(progress.length >= 6);
  });

  test('a tag pushed onto a doomed digest after the preview is never lost', T, async () => {
    await pushImage(reg, 'ret/race', 'old', { created: new Date(now - 100 * 86_400_000) });
    await pushImage(reg, 'ret/race', 'new', { created: new Date(now) });
    const backend = new DistributionBackend(client, reg.registry);
    const { plan } = await planBackendRepository(backend, 'ret/race', { keepLast: 1, now });
    const { tagImage } = await import('../../support/seed');
    await tagImage(reg, 'ret/race', 'old', 'pushed-meanwhile');
    const result = await applyRetention(backend, 'ret/race', plan);
    assert.equal(result.deleted.length, 0);
    assert.match(result.failed[0]?.reason ?? '', /tags changed since the preview/);
    assert.deepEqual(sorted(await listTags(reg, 'ret/race')), ['new', 'old', 'pushed-meanwhile']);
  });

  test('cancelled before the first delete: nothing goes', T, async () => {
    await pushImage(reg, 'ret/cancel', 'a', { created: new Date(now - 100 * 86_400_000) });
    await pushImage(reg, 'ret/cancel', 'b', { created: new Date(now) });
    const backend = new DistributionBackend(client, reg.registry);
    const { plan } = await planBackendRepository(backend, 'ret/cancel', { keepLast: 1, now });
    const ac = new AbortController();
    ac.abort();
    const result = await applyRetention(backend, 'ret/cancel', plan, { signal: ac.signal });
    assert.equal(result.cancelled, true);
    assert.deepEqual(sorted(await listTags(reg, 'ret/cancel')), ['a', 'b']);
  });

  test('sizes: a tag is config + layers; an index per platform, shared blobs once', T, async () => {
    const img = await pushImageDetailed(reg, 'ret/size', 'one', { layers: 2 });
    const s = await imageSize(client, new Reference(reg.registry, 'ret/size', 'one'), img.digest);
    assert.equal(s.bytes, img.size - img.manifest.length);
    const idx = await pushIndex(reg, 'ret/size', 'multi', ['linux/amd64', 'linux/arm64']);
    const m = await imageSize(client, new Reference(reg.registry, 'ret/size', 'multi'), idx);
    assert.deepEqual(m.platforms.map((p) => p.platform), ['linux/amd64', 'linux/arm64']);
    assert.equal(m.bytes, m.platforms[0]!.bytes + m.platforms[1]!.bytes);
  });
});

describe('retention through the Harbor test server', () => {
  let h: HarborServer;
  let client: RegistryClient;

  before(async () => {
    h = await startHarbor({ immutableTags: ['library/app:frozen'] });
    const old = new Date(Date.now() - 300 * 86_400_000);
    await pushImage(h.backend, 'library/app', 'frozen', { created: old, salt: 'frozen' });
    await pushImage(h.backend, 'library/app', 'stale', { created: old, salt: 'stale' });
    await pushImage(h.backend, 'library/app', 'fresh', { created: new Date() });
    client = new RegistryClient({ registry: h.registry, credentials: new StaticCredentials({ [h.registry]: { username: h.username, password: h.password } }) });
  });
  after(async () => { await client?.close(); await h?.stop(); });

  test('an immutable Harbor tag never goes; the rest is deleted through Harbor\'s artifact API', T, async () => {
    const backend = new HarborBackend(client, h.registry, new HarborClient(client));
    const { plan } = await planBackendRepository(backend, 'library/app', { keepLast: 1, now: Date.now() });
    const rows = tagRows(plan);
    assert.deepEqual(rows.find((r) => r.tag === 'frozen')?.reasons, [{ rule: 'immutable', tag: 'frozen' }]);
    assert.equal(rows.find((r) => r.tag === 'frozen')?.immutable, true);
    assert.equal(rows.find((r) => r.tag === 'stale')?.keep, false);
    h.clearRequests();
    const result = await applyRetention(backend, 'library/app', plan);
    assert.deepEqual(result.failed, []);
    assert.deepEqual(result.deleted.map((x) => x.tags), [['stale']]);
    const deletes = h.requests().filter((r) => r.method === 'DELETE');
    assert.ok(deletes.some((r) => r.path.startsWith('/api/v2.0/projects/library/repositories/app/artifacts/sha256')), JSON.stringify(deletes));
    assert.deepEqual(sorted(await listTags(h.backend, 'library/app')), ['fresh', 'frozen']);
  });
});
