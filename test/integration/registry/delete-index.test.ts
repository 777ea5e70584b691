// Deleting a manifest that an index names, against the real registry 2.8 (which deletes by digest only):
// the plan names the index tags that would break, the delete refuses unless they are confirmed too, and a
// registry that changed since the plan is refused. Requests are counted through the client's logger.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MemoryChallengeCache, RegistryClient, RegistryError, executeDelete, parseReference, planDelete, type RequestLogLine,
} from '../../../src/registry/index';
import { startRegistry, type TestRegistry } from '../../support/registry';
import { OCI_INDEX, fetchManifest, listTags, pullable, pushImage, pushImageDetailed, pushIndex, putManifest, sha256, tagImage } from '../../support/seed';

const T = { timeout: 60_000 };

describe('delete of an index child on registry 2.8', () => {
  let reg: TestRegistry;
  let client: RegistryClient;
  const lines: RequestLogLine[] = [];
  const ref = (s: string) => parseReference(`${reg.registry}/${s}`);
  const count = (method: string, path: RegExp) => lines.filter((l) => l.status !== undefined && l.method === method && path.test(new URL(l.url).pathname)).length;
  const isRefused = (code: string) => (e: unknown) => e instanceof RegistryError && e.code === code;

  /** An index tagged `tag` over amd64 and arm64; its amd64 child also tagged `childTag`. */
  async function indexWithTaggedChild(repo: string, tag: string, childTag: string): Promise<{ index: string; child: string }> {
    const index = await pushIndex(reg, repo, tag, ['linux/amd64', 'linux/arm64'], { salt: repo });
    const child = (JSON.parse((await fetchManifest(reg, repo, tag)).bytes.toString('utf8')) as { manifests: Array<{ digest: string }> }).manifests[0]!.digest;
    await tagImage(reg, repo, child, childTag);
    return { index, child };
  }

  before(async () => {
    reg = await startRegistry('plain');
    client = new RegistryClient({ registry: reg.registry, challengeCache: new MemoryChallengeCache(), logger: (l) => lines.push(l) });
  });
  after(async () => {
    await client?.close();
    await reg?.stop();
  });

  test('the plan names the index tag; without confirming it the delete refuses and the index stays pullable', T, async () => {
    const { index, child } = await indexWithTaggedChild('multi', 'latest', 'c-amd64');
    await tagImage(reg, 'multi', 'latest', 'stable'); // a second tag on the same index
    await pushImage(reg, 'multi', 'unrelated');
    const plan = await planDelete(client, ref('multi:c-amd64'));
    assert.equal(plan.digest, child);
    assert.deepEqual(plan.alsoRemovesTags, []);
    await assert.rejects(executeDelete(client, plan, { confirmedTags: plan.alsoRemovesTags }), isRefused('REFERENCED_BY_INDEX'));
    assert.ok(await pullable(reg, 'multi', 'latest'), 'multi:latest must still pull');
    assert.deepEqual((await listTags(reg, 'multi')).sort(), ['c-amd64', 'latest', 'stable', 'unrelated']);
    assert.deepEqual(plan.parents, [{ digest: index, tags: ['latest', 'stable'] }]);
    // Confirming only part of the index's tags is not confirming it.
    await assert.rejects(executeDelete(client, plan, { confirmedTags: [], confirmedParentTags: ['latest'] }), isRefused('PLAN_STALE'));
    assert.deepEqual((await listTags(reg, 'multi')).sort(), ['c-amd64', 'latest', 'stable', 'unrelated']);
    // Confirmed: the index goes first (never a tagged index naming a missing child), then the child.
    await executeDelete(client, plan, { confirmedTags: [], confirmedParentTags: ['latest', 'stable'] });
    assert.deepEqual(await listTags(reg, 'multi'), ['unrelated']);
  });

  test('an index of indexes: the tagged outer index is named, reached through the untagged inner one; GETs are one per index digest and reused', T, async () => {
    const c = await pushImageDetailed(reg, 'nested', 'c', { platform: 'linux/amd64', salt: 'nested-c' });
    const d = await pushImageDetailed(reg, 'nested', 'd', { platform: 'linux/arm64', salt: 'nested-d' });
    const inner = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [
      { mediaType: c.mediaType, digest: c.digest, size: c.manifest.length, platform: { os: 'linux', architecture: 'amd64' } },
      { mediaType: d.mediaType, digest: d.digest, size: d.manifest.length, platform: { os: 'linux', architecture: 'arm64' } },
    ] }));
    await putManifest(reg, 'nested', sha256(inner), inner, OCI_INDEX);
    const outer = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_INDEX, digest: sha256(inner), size: inner.length }] }));
    const outerDigest = await putManifest(reg, 'nested', 'keep', outer, OCI_INDEX);
    await pushImage(reg, 'nested', 'plain', { salt: 'nested-plain' });
    lines.length = 0;
    const plan = await planDelete(client, ref('nested:c'));
    assert.deepEqual(plan.parents, [{ digest: outerDigest, tags: ['keep'] }]);
    assert.equal(count('GET', /\/manifests\//), 2, 'one GET for the outer index and one for the inner, none for images');
    assert.equal(count('HEAD', /\/manifests\//), 4, 'the tag itself, then each of the 3 other tags');
    assert.equal(count('DELETE', /./), 0);
    lines.length = 0;
    await assert.rejects(executeDelete(client, plan, { confirmedTags: [] }), isRefused('REFERENCED_BY_INDEX'));
    assert.equal(count('GET', /\/manifests\//), 0, 'a refusal before any request');
    assert.ok(await pullable(reg, 'nested', 'keep'));
    await executeDelete(client, plan, { confirmedTags: [], confirmedParentTags: ['keep'] });
    assert.equal(count('GET', /\/manifests\//), 0, 'the re-check reuses the index GETs (cached by digest)');
    assert.deepEqual((await listTags(reg, 'nested')).sort(), ['d', 'plain']);
  });

  test('an index pushed after the plan that names the manifest: the delete refuses', T, async () => {
    const img = await pushImageDetailed(reg, 'late', 'a', { salt: 'late-a' });
    const plan = await planDelete(client, ref('late:a'));
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [
      { mediaType: img.mediaType, digest: img.digest, size: img.manifest.length, platform: { os: 'linux', architecture: 'amd64' } }] }));
    await putManifest(reg, 'late', 'idx', index, OCI_INDEX);
    await assert.rejects(executeDelete(client, plan, { confirmedTags: [] }), (e: unknown) => isRefused('PLAN_STALE')(e) && /idx/.test((e as Error).message));
    assert.ok(await pullable(reg, 'late', 'idx'));
    assert.deepEqual((await listTags(reg, 'late')).sort(), ['a', 'idx']);
    assert.deepEqual(plan.parents, [], 'nothing named it when planned');
  });

  test('deleting the index itself breaks nothing: no parents, its tagged child stays', T, async () => {
    await indexWithTaggedChild('top', 'latest', 'c-amd64');
    const plan = await planDelete(client, ref('top:latest'));
    await executeDelete(client, plan, { confirmedTags: [] });
    assert.deepEqual(await listTags(reg, 'top'), ['c-amd64']);
    assert.ok(await pullable(reg, 'top', 'c-amd64'));
    assert.deepEqual(plan.parents, []);
  });
});
