import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryChallengeCache, RegistryClient, RegistryError, executeDelete, parseReference, planDelete } from '../../../src/registry/index';
import { startServer } from './servers';

const T = { timeout: 15_000 };
const DIGEST = `sha256:${'d'.repeat(64)}`;
const OTHER = `sha256:${'e'.repeat(64)}`;

test('a registry with OCI 1.1 tag deletion, asked up front (the CLI): the plan deletes the tag alone, found without deleting anything', T, async () => {
  let current = DIGEST;
  const deleted: string[] = [];
  const s = await startServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'HEAD' && path === '/v2/r/manifests/a') {
      res.writeHead(200, { 'docker-content-digest': current, 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'content-length': '10' });
      res.end();
      return;
    }
    if (req.method === 'DELETE' && path === '/v2/r/manifests/a') { deleted.push('a'); res.writeHead(202); res.end(); return; }
    if (req.method === 'DELETE') { res.writeHead(404, { 'content-type': 'application/json' }); res.end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}'); return; }
    res.writeHead(404); res.end();
  });
  const c = new RegistryClient({ registry: s.url, challengeCache: new MemoryChallengeCache() });
  try {
    const plan = await planDelete(c, parseReference(`${s.host}/r:a`), { probe: true });
    assert.deepEqual({ digest: plan.digest, byTag: plan.byTag, also: plan.alsoRemovesTags }, { digest: DIGEST, byTag: true, also: [] });
    assert.deepEqual(deleted, [], 'planning deleted nothing');
    assert.ok(!s.seen.some((r) => r.url.includes('/tags/list')), 'no tag listing needed');
    const probe = s.seen.find((r) => r.method === 'DELETE');
    assert.match(probe?.url ?? '', /^\/v2\/r\/manifests\/regx-probe-[0-9a-f]{24}$/);
    // The tag moved after the plan: refused.
    current = OTHER;
    await assert.rejects(executeDelete(c, plan, { confirmedTags: [] }), (e: unknown) => e instanceof RegistryError && e.code === 'PLAN_STALE');
    assert.deepEqual(deleted, []);
    current = DIGEST;
    await executeDelete(c, plan, { confirmedTags: [] });
    assert.deepEqual(deleted, ['a']);
    assert.ok(!s.seen.some((r) => r.method === 'DELETE' && r.url.includes('sha256:')), 'never deleted by digest');
    // A second plan reuses the probe's answer.
    const before = s.seen.filter((r) => r.method === 'DELETE').length;
    await planDelete(c, parseReference(`${s.host}/r:a`), { probe: true });
    assert.equal(s.seen.filter((r) => r.method === 'DELETE').length, before);
  } finally { await c.close(); await s.close(); }
});

test('confirmedTags that differ from the plan are refused before any request', T, async () => {
  const s = await startServer((req, res) => { res.writeHead(500); res.end(); });
  const c = new RegistryClient({ registry: s.url, challengeCache: new MemoryChallengeCache() });
  try {
    const plan = { ref: parseReference(`${s.host}/r:a`), digest: DIGEST, byTag: false, alsoRemovesTags: ['b', 'c'], parents: [] };
    await assert.rejects(executeDelete(c, plan, { confirmedTags: ['b'] }), (e: unknown) => e instanceof RegistryError && e.code === 'PLAN_STALE');
    assert.equal(s.seen.length, 0);
  } finally { await c.close(); await s.close(); }
});

test('not asked up front (a dialog): the plan is the by-digest one, no DELETE before confirmation; the real DELETE by tag answers', T, async () => {
  const deleted: string[] = [];
  const s = await startServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/v2/r/tags/list') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ name: 'r', tags: ['a', 'b'] }));
      return;
    }
    if (req.method === 'HEAD' && (path === '/v2/r/manifests/a' || path === '/v2/r/manifests/b')) {
      res.writeHead(200, { 'docker-content-digest': DIGEST, 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'content-length': '10' });
      res.end();
      return;
    }
    if (req.method === 'DELETE' && path === '/v2/r/manifests/a') { deleted.push('a'); res.writeHead(202); res.end(); return; }
    res.writeHead(404); res.end();
  });
  const c = new RegistryClient({ registry: s.url, challengeCache: new MemoryChallengeCache() });
  try {
    const plan = await planDelete(c, parseReference(`${s.host}/r:a`));
    assert.deepEqual({ byTag: plan.byTag, unknown: plan.tagDeleteUnknown, also: plan.alsoRemovesTags }, { byTag: false, unknown: true, also: ['b'] });
    assert.equal(s.seen.filter((r) => r.method === 'DELETE').length, 0, 'no DELETE while planning');
    await executeDelete(c, plan, { confirmedTags: ['b'] });
    assert.deepEqual(deleted, ['a'], 'the tag alone went: less than confirmed, never more');
    assert.deepEqual(s.seen.filter((r) => r.method === 'DELETE').map((r) => r.url), ['/v2/r/manifests/a']);
    // The answer is remembered: the next plan is exact and needs no listing.
    const lists = s.seen.filter((r) => r.url.includes('/tags/list')).length;
    const again = await planDelete(c, parseReference(`${s.host}/r:a`));
    assert.deepEqual({ byTag: again.byTag, also: again.alsoRemovesTags }, { byTag: true, also: [] });
    assert.equal(s.seen.filter((r) => r.url.includes('/tags/list')).length, lists);
  } finally { await c.close(); await s.close(); }
});
