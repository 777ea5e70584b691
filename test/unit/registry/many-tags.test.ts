// 150,000 tags in one tags/list answer (registry 2.8 ignores `n` and sends every tag at once). Spreading a
// page that large into push(...) overflows the call stack (about 126,000 arguments here); listing, the
// tree's paging, the delete plan and prune must all get through it. A test server stands in for the
// registry: it answers tags/list with 150k names and a HEAD per tag, and counts what it is asked.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryChallengeCache, RegistryClient, parseReference, planDelete } from '../../../src/registry/index';
import { Pager } from '../../../src/tree/pager';
import { runCliInProcess } from '../../support/cli';
import { startServer, type TestServer } from './servers';
import { buildImage, OCI_MANIFEST } from '../../support/seed';

const N = 150_000;
const T = { timeout: 300_000 };
const names = Array.from({ length: N }, (_, i) => `t${String(i + 1).padStart(6, '0')}`);
const listBody = Buffer.from(JSON.stringify({ name: 'big', tags: names }));
// Two images: t000001 and t150000 share one; every other tag points at the other.
const a = buildImage('many-a', { created: '2025-01-01T00:00:00Z' });
const b = buildImage('many-b', { created: '2025-02-01T00:00:00Z' });
const digestOf = (tag: string) => (tag === names[0] || tag === names[N - 1] ? a : b);

describe(`${N} tags in one tags/list answer`, () => {
  let s: TestServer;
  let client: RegistryClient;
  const counts = { list: 0, head: 0, get: 0, delete: 0 };

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
        if (req.method === 'HEAD') counts.head++; else counts.get++;
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
    client = new RegistryClient({ registry: s.url, challengeCache: new MemoryChallengeCache() });
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

  test('a delete plan goes through all of them: one list, one HEAD per tag, no DELETE', T, async () => {
    const before = { ...counts };
    const plan = await planDelete(client, parseReference(`${s.host}/big:t000001`));
    assert.equal(plan.digest, a.digest);
    assert.deepEqual(plan.alsoRemovesTags, ['t150000']);
    assert.deepEqual(plan.parents, []);
    assert.equal(counts.list - before.list, 1);
    assert.equal(counts.head - before.head, N, 'the tag itself, then each of the others');
    assert.equal(counts.delete, 0);
  });

  test('prune plans over them (dry run)', T, async () => {
    const r = await runCliInProcess(['prune', `${s.host}/big`, '--keep-last', '1', '--insecure', '--no-cache']);
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.trim().split('\n').map((l) => l.split('\t'));
    assert.deepEqual(rows.map((x) => [x[0], x[1]]), [['keep', b.digest], ['delete', a.digest]]);
    assert.equal(counts.delete, 0);
  });
});
