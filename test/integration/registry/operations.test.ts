// Every client operation against the real CNCF distribution registry (Debian docker-registry 2.8) in all
// four modes. Requests are counted through the client's logger, never timed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  MemoryChallengeCache, RegistryClient, RegistryError, StaticCredentials, copyImage, executeDelete, parseReference, planDelete, retag,
  type RequestLogLine,
} from '../../../src/registry/index';
import { startRegistry, type RegistryMode, type TestRegistry } from '../../support/registry';
import { blobExists, fetchManifest, listTags, pushImage, pushIndex, tagImage } from '../../support/seed';

const T = { timeout: 60_000 };

interface Counted { client: RegistryClient; lines: RequestLogLine[]; count: (method: string, path: RegExp) => number; reset: () => void }

function clientFor(reg: TestRegistry): Counted {
  const lines: RequestLogLine[] = [];
  const client = new RegistryClient({
    registry: reg.registry,
    caFile: reg.caFile,
    credentials: reg.password ? new StaticCredentials({ [reg.registry]: { username: reg.username, password: reg.password } }) : undefined,
    challengeCache: new MemoryChallengeCache(),
    logger: (l) => lines.push(l),
  });
  return {
    client,
    lines,
    // Only answered requests to the registry itself (token fetches and the one-off scheme probe excluded).
    count: (method, path) => lines.filter((l) => l.status !== undefined && l.method === method && l.url.includes(reg.registry) && path.test(new URL(l.url).pathname)).length,
    reset: () => { lines.length = 0; },
  };
}

for (const mode of ['plain', 'basic', 'tls', 'token'] as RegistryMode[]) {
  describe(`registry 2.8, ${mode} mode`, () => {
    let reg: TestRegistry;
    let other: TestRegistry;
    let c: Counted;
    let appDigest: string;
    let indexDigest: string;
    const ref = (s: string) => parseReference(`${reg.registry}/${s}`);

    before(async () => {
      reg = await startRegistry(mode);
      other = await startRegistry('plain');
      appDigest = await pushImage(reg, 'team/app', 'v1');
      indexDigest = await pushIndex(reg, 'multi', 'v1', ['linux/amd64', 'linux/arm64']);
      c = clientFor(reg);
    });
    after(async () => {
      await c?.client.close();
      await reg?.stop();
      await other?.stop();
    });

    test('ping, catalog, tags', T, async () => {
      const p = await c.client.ping();
      assert.equal(p.kind, 'distribution');
      assert.equal(p.apiVersion, 'registry/2.0');
      assert.equal(c.client.baseUrl, reg.url);
      const cat = await c.client.catalog();
      assert.ok(cat.items.includes('team/app') && cat.items.includes('multi'), cat.items.join(','));
      // _catalog pages for real on 2.8: a relative, URL-encoded Link.
      const p1 = await c.client.catalog({ n: 1 });
      assert.equal(p1.items.length, 1);
      assert.ok(p1.next?.startsWith('/v2/_catalog?'), p1.next);
      const p2 = await c.client.catalog({ n: 1, cursor: p1.next });
      assert.equal(p2.items.length, 1);
      assert.notDeepEqual(p2.items, p1.items);
      assert.deepEqual((await c.client.tags('team/app')).items, ['v1']);
      await assert.rejects(c.client.tags('nope/nothing'), (e: unknown) => e instanceof RegistryError && e.status === 404);
    });

    test('manifests: HEAD and GET agree, digests verified, index and image details', T, async () => {
      const head = await c.client.headManifest(ref('team/app:v1'));
      assert.equal(head?.digest, appDigest);
      const m = await c.client.getManifest(ref('team/app:v1'));
      assert.equal(m.digest, appDigest);
      assert.equal(m.isIndex, false);
      assert.equal(m.layers?.length, 1);
      assert.equal(await c.client.headManifest(ref('team/app:missing')), undefined);
      const idx = await c.client.getManifest(ref('multi:v1'));
      assert.equal(idx.digest, indexDigest);
      assert.equal(idx.isIndex, true);
      assert.equal(idx.manifests?.length, 2);
      const d = await c.client.imageConfig(ref('multi:v1'));
      assert.deepEqual(d.platforms.map((p) => `${p.os}/${p.architecture}`).sort(), ['linux/amd64', 'linux/arm64']);
      assert.ok(d.created && !Number.isNaN(Date.parse(d.created)));
      assert.ok(d.size > idx.size);
      const img = await c.client.imageConfig(ref('team/app:v1'));
      assert.equal(img.digest, appDigest);
      assert.equal(img.size, m.size + (m.config?.size ?? 0) + (m.layers ?? []).reduce((s, l) => s + l.size, 0));
    });

    test('retag is exactly one manifest GET and one PUT (and at most one token request)', T, async () => {
      await c.client.tags('team/app'); // auth state and scheme already known, as in a session
      c.reset();
      const tokensBefore = reg.tokenRequests();
      const digest = await retag(c.client, ref('team/app:v1'), 'v1-retagged');
      assert.equal(digest, appDigest);
      assert.equal(c.count('GET', /\/manifests\//), 1);
      assert.equal(c.count('PUT', /\/manifests\//), 1);
      assert.equal(c.lines.filter((l) => l.url.includes(reg.registry)).length, 2, c.lines.map((l) => `${l.method} ${l.url}`).join('\n'));
      assert.ok(reg.tokenRequests() - tokensBefore <= 1);
      assert.equal((await fetchManifest(reg, 'team/app', 'v1-retagged')).digest, appDigest);
    });

    test('copy within the registry mounts every blob: no blob bytes move', T, async () => {
      c.reset();
      const tokensBefore = reg.tokenRequests();
      const digest = await copyImage({ client: c.client, ref: ref('multi:v1') }, { client: c.client, ref: ref('copies/multi:v1') });
      assert.equal(digest, indexDigest);
      assert.ok(reg.tokenRequests() - tokensBefore <= 1, 'one token serves the whole copy');
      // index GET + 2 child GETs + 4 mounts + 2 child PUTs + index PUT
      assert.equal(c.lines.filter((l) => l.url.includes(reg.registry)).length, 10, c.lines.map((l) => `${l.method} ${l.url}`).join('\n'));
      assert.equal(c.count('GET', /\/blobs\//), 0, 'no blob GET');
      assert.equal(c.count('PUT', /\/blobs\//), 0, 'no blob upload');
      assert.equal(c.count('POST', /\/blobs\/uploads\/$/), 4, 'one mount per blob (2 configs + 2 layers)');
      assert.equal((await fetchManifest(reg, 'copies/multi', 'v1')).digest, indexDigest);
      for (const d of (await c.client.getManifest(ref('copies/multi:v1'))).manifests ?? []) {
        const child = await c.client.getManifest(ref(`copies/multi@${d.digest}`));
        for (const b of [child.config, ...(child.layers ?? [])]) assert.ok(b && await blobExists(reg, 'copies/multi', b.digest));
      }
    });

    test('copy to another registry streams the blobs and skips those it has', T, async () => {
      const dst = clientFor(other);
      try {
        const target = parseReference(`${other.registry}/mirror/multi:v1`);
        const digest = await copyImage({ client: c.client, ref: ref('multi:v1') }, { client: dst.client, ref: target });
        assert.equal(digest, indexDigest);
        assert.equal((await fetchManifest(other, 'mirror/multi', 'v1')).digest, indexDigest);
        assert.equal(dst.count('PUT', /\/blobs\/uploads\//), 4);
        // Second copy: every blob is already there (HEAD), nothing uploaded.
        dst.reset();
        await copyImage({ client: c.client, ref: ref('multi:v1') }, { client: dst.client, ref: parseReference(`${other.registry}/mirror/multi:v2`) });
        assert.equal(dst.count('PUT', /\/blobs\/uploads\//), 0);
        assert.equal(dst.count('HEAD', /\/blobs\//), 4);
      } finally { await dst.client.close(); }
    });

    test('blobs: upload (POST then PUT), HEAD, GET, mount', T, async () => {
      const data = Buffer.from(`blob for ${mode} ${Date.now()}`);
      const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
      assert.equal(await c.client.headBlob('blobs/a', digest), false);
      await c.client.uploadBlob('blobs/a', digest, data, data.length);
      assert.equal(await c.client.headBlob('blobs/a', digest), true);
      assert.deepEqual(await c.client.getBlob('blobs/a', digest), data);
      assert.equal(await c.client.mountBlob('blobs/b', digest, 'blobs/a'), true);
      assert.ok(await blobExists(reg, 'blobs/b', digest));
      await assert.rejects(c.client.uploadBlob('blobs/a', digest, Buffer.from('other'), 5), (e: unknown) => e instanceof RegistryError && e.code === 'DIGEST_MISMATCH');
    });

    test('referrers: registry 2.8 has no API, the tag-schema fallback finds a cosign signature', T, async () => {
      const sigTag = `${appDigest.replace(':', '-')}.sig`;
      const sigDigest = await pushImage(reg, 'team/app', sigTag);
      const refs = await c.client.referrers(ref(`team/app@${appDigest}`));
      assert.equal(refs.length, 1);
      assert.equal(refs[0].digest, sigDigest);
      assert.equal(refs[0].artifactType, 'application/vnd.dev.cosign.artifact.sig.v1+json');
    });

    test('delete: the plan names every sibling tag, nothing goes before confirmation, a stale plan is refused', T, async () => {
      const d = await pushImage(reg, 'del/me', 'a');
      await tagImage(reg, 'del/me', 'a', 'b');
      await tagImage(reg, 'del/me', 'a', 'c');
      await pushImage(reg, 'del/me', 'unrelated');
      const plan = await planDelete(c.client, ref('del/me:a'));
      assert.equal(plan.digest, d);
      assert.equal(plan.byTag, false, 'registry 2.8 deletes by digest only');
      assert.deepEqual(plan.alsoRemovesTags, ['b', 'c']);
      assert.deepEqual((await listTags(reg, 'del/me')).sort(), ['a', 'b', 'c', 'unrelated'], 'planning deleted nothing');
      await assert.rejects(executeDelete(c.client, plan, { confirmedTags: ['b'] }), (e: unknown) => e instanceof RegistryError && e.code === 'PLAN_STALE');
      await tagImage(reg, 'del/me', 'a', 'd'); // the world changes after the plan
      await assert.rejects(executeDelete(c.client, plan, { confirmedTags: ['b', 'c'] }), (e: unknown) => e instanceof RegistryError && e.code === 'PLAN_STALE' && /new: d/.test(e.message));
      assert.deepEqual((await listTags(reg, 'del/me')).sort(), ['a', 'b', 'c', 'd', 'unrelated']);
      const fresh = await planDelete(c.client, ref('del/me:a'));
      assert.deepEqual(fresh.alsoRemovesTags, ['b', 'c', 'd']);
      await executeDelete(c.client, fresh, { confirmedTags: fresh.alsoRemovesTags });
      assert.deepEqual(await listTags(reg, 'del/me'), ['unrelated']);
    });
  });
}

describe('registry 2.8 with delete disabled', () => {
  let reg: TestRegistry;
  before(async () => { reg = await startRegistry('plain', { deleteEnabled: false }); });
  after(async () => { await reg?.stop(); });

  test('the plan says so and the delete fails with the next step', T, async () => {
    await pushImage(reg, 'keep', 'v1');
    const c = clientFor(reg);
    try {
      const disabled = (e: unknown) => e instanceof RegistryError && e.status === 405 && /delete is disabled on this registry \(set storage\.delete\.enabled: true\)/.test(e.message);
      // Not asked up front (a dialog): the real delete's answer says so.
      const plan = await planDelete(c.client, parseReference(`${reg.registry}/keep:v1`));
      assert.equal(plan.tagDeleteUnknown, true);
      await assert.rejects(executeDelete(c.client, plan, { confirmedTags: [] }), disabled);
      // Asked up front (the CLI): the plan knows.
      const asked = await planDelete(c.client, parseReference(`${reg.registry}/keep:v1`), { probe: true });
      assert.equal(asked.deleteDisabled, true);
      await assert.rejects(executeDelete(c.client, asked, { confirmedTags: [] }), disabled);
      assert.deepEqual(await listTags(reg, 'keep'), ['v1']);
    } finally { await c.client.close(); }
  });
});
