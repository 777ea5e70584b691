// 150,000 tags in one tags/list answer (registry 2.8 ignores `n` and sends every tag at once). Spreading a
// page that large into push(...) overflows the call stack (about 126,000 arguments here); listing, the
// tree's paging, the delete plan and prune must all get through it. A test server stands in for the
// registry: it answers tags/list with 150k names and a HEAD per tag, and counts what it is asked.
// A full plan is one HEAD per tag: 150,000 round trips take minutes on a shared 2-core machine, so the
// plan and prune runs here stop where the server stops answering (after HEAD_BUDGET HEADs, with a 400),
// which is past the listing that used to overflow; the planning over all 150,000 descriptors is checked
// in memory below. REGX_SCALE_FULL=1 lets the server answer every HEAD (the whole plan and prune).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryChallengeCache, RegistryClient, RegistryError, indexParents, parseReference, planDelete, tagsByDigest, type ManifestDescriptor } from '../../../src/registry/index';
import { Pager } from '../../../src/tree/pager';
import { runCliInProcess } from '../../support/cli';
import { startServer, type TestServer } from './servers';
import { buildImage, OCI_INDEX, OCI_MANIFEST } from '../../support/seed';

const N = 150_000;
const names = Array.from({ length: N }, (_, i) => `t${String(i + 1).padStart(6, '0')}`);
const listBody = Buffer.from(JSON.stringify({ name: 'big', tags: names }));
// Two images: t000001 and t150000 share one; every other tag points at the other.
const a = buildImage('many-a', { created: '2025-01-01T00:00:00Z' });
const b = buildImage('many-b', { created: '2025-02-01T00:00:00Z' });
const digestOf = (tag: string) => (tag === names[0] || tag === names[N - 1] ? a : b);
const FULL = process.env.REGX_SCALE_FULL === '1';
const HEAD_BUDGET = 500;
// A full plan is 150,000 round trips: on a busy shared machine that takes many minutes.
const T = { timeout: FULL ? 3_600_000 : 300_000 };

describe(`${N} tags in one tags/list answer`, () => {
  let s: TestServer;
  let client: RegistryClient;
  const counts = { list: 0, head: 0, get: 0, delete: 0 };
  let headLimit = Infinity;

  before(async () => {
    s = await startServer((req, res) => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (path === '/v2/') { res.writeHead(200, { 'content-length': '2' }); res.end('{}'); return; }
      if (req.method === 'GET' && path === '/v2/big/tags/list') {
        counts.list++;
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(listBody.length) });
        res.end(listBody);
        return;
      }
      const m = /^\/v2\/big\/manifests\/(.+)$/.exec(path);
      if (m && (req.method === 'HEAD' || req.method === 'GET')) {
        const img = m[1]!.startsWith('sha256:') ? [a, b].find((x) => x.digest === m[1]) : digestOf(m[1]!);
        if (!img) { res.writeHead(404); res.end(); return; }
        if (req.method === 'HEAD' && ++counts.head > headLimit) {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end('{"errors":[{"code":"DENIED","message":"HEAD budget of this test spent"}]}');
          return;
        }
        if (req.method === 'GET') counts.get++;
        res.writeHead(200, { 'docker-content-digest': img.digest, 'content-type': OCI_MANIFEST, 'content-length': String(img.manifest.length) });
        res.end(req.method === 'GET' ? img.manifest : undefined);
        return;
      }
      const blob = /^\/v2\/big\/blobs\/(.+)$/.exec(path);
      const cfg = blob && [a, b].find((x) => x.config.digest === blob[1]);
      if (cfg) { res.writeHead(200, { 'content-length': String(cfg.config.data.length) }); res.end(cfg.config.data); return; }
      if (req.method === 'DELETE') {
        // registry 2.8: DELETE by tag is DIGEST_INVALID (TESTING.md); nothing here is deleted.
        counts.delete++;
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end('{"errors":[{"code":"DIGEST_INVALID"}]}');
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"NOT_FOUND"}]}');
    });
    client = new RegistryClient({ registry: s.url, challengeCache: new MemoryChallengeCache(), maxConnections: 32 });
  });
  after(async () => {
    await client?.close();
    await s?.close();
  });

  test('the client lists them and `regx tags` prints them all, sorted', T, async () => {
    let total = 0;
    for await (const page of client.allTags('big')) total += page.length;
    assert.equal(total, N);
    const r = await runCliInProcess(['tags', `${s.host}/big`, '--insecure', '--no-cache']);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout.trimEnd().split('\n');
    assert.equal(out.length, N);
    assert.equal(out[0], 't000001');
    assert.equal(out[N - 1], 't150000');
  });

  test('the tree pages them locally: one tags/list request, 100 rows per page', T, async () => {
    const before = counts.list;
    const p = new Pager<string>((cursor, n) => client.tags('big', { n, cursor }), () => 100);
    await p.first();
    assert.equal(p.visible.length, 100);
    assert.ok(p.hasMore);
    await p.more();
    assert.equal(p.visible.length, 200);
    assert.equal(p.items.length, N);
    assert.equal(counts.list - before, 1);
  });

  test('a delete plan gets through the listing to the per-tag reads; no DELETE', T, async () => {
    const before = { ...counts };
    headLimit = FULL ? Infinity : counts.head + HEAD_BUDGET;
    try {
      const planning = planDelete(client, parseReference(`${s.host}/big:t000001`), { concurrency: 32 });
      if (FULL) {
        const plan = await planning;
        assert.equal(plan.digest, a.digest);
        assert.deepEqual(plan.alsoRemovesTags, ['t150000']);
        assert.deepEqual(plan.parents, []);
        assert.equal(counts.head - before.head, N, 'the tag itself, then each of the others');
      } else {
        await assert.rejects(planning, (e: unknown) => e instanceof RegistryError && e.status === 400);
        assert.ok(counts.head - before.head > HEAD_BUDGET, `${counts.head - before.head} HEADs`);
      }
      assert.equal(counts.list - before.list, 1);
      assert.equal(counts.delete, 0);
    } finally { headLimit = Infinity; }
  });

  test('prune gets through the listing to the per-tag reads (dry run)', T, async () => {
    const before = counts.head;
    headLimit = FULL ? Infinity : counts.head + HEAD_BUDGET;
    try {
      const r = await runCliInProcess(['prune', `${s.host}/big`, '--keep-last', '1', '--insecure', '--no-cache']);
      if (FULL) {
        assert.equal(r.code, 0, r.stderr);
        const rows = r.stdout.trim().split('\n').map((l) => l.split('\t'));
        assert.deepEqual(rows.map((x) => [x[0], x[1]]), [['keep', b.digest], ['delete', a.digest]]);
      } else {
        assert.equal(r.code, 1);
        assert.match(r.stderr, /big:t\d+: HTTP 400/, 'stopped at a HEAD, past the listing');
        assert.ok(counts.head - before > HEAD_BUDGET);
      }
      assert.doesNotMatch(r.stderr, /call stack/);
      assert.equal(counts.delete, 0);
    } finally { headLimit = Infinity; }
  });

  test('planning over 150,000 tag descriptors: siblings and index parents, one GET for the one index', T, async () => {
    const tags = new Map<string, ManifestDescriptor>();
    for (const t of names) tags.set(t, { digest: digestOf(t).digest, mediaType: OCI_MANIFEST, size: 1 });
    const index = `sha256:${'1'.repeat(64)}`;
    tags.set('multi', { digest: index, mediaType: OCI_INDEX, size: 1 });
    let gets = 0;
    const stub = {
      getManifest: async () => {
        gets++;
        return { isIndex: true, manifests: [{ mediaType: OCI_MANIFEST, digest: a.digest, size: 1 }] };
      },
    } as unknown as RegistryClient;
    const repo = parseReference(`${s.host}/big`);
    const parents = await indexParents(stub, repo, tags, [a.digest, b.digest]);
    assert.deepEqual(parents.get(a.digest), [{ digest: index, tags: ['multi'] }]);
    assert.deepEqual(parents.get(b.digest), []);
    assert.equal(gets, 1);
    const groups = tagsByDigest(tags);
    assert.deepEqual(groups.get(a.digest), ['t000001', 't150000']);
    assert.equal(groups.get(b.digest)?.length, N - 2);
  });
});
