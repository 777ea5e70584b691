// `regx rm` and `regx prune` against the real registry 2.8 when a manifest is also named by an index:
// deleting it (by digest, the only delete 2.8 has) would break every tag of that index, so rm refuses in one
// line naming the index tags unless --with-parents, and prune never deletes a child of a kept index.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type TestRegistry } from '../../support/registry';
import { OCI_INDEX, fetchManifest, listTags, pullable, pushImage, pushImageDetailed, pushIndex, putManifest, sha256, tagImage , seedIndexWithTaggedChild } from '../../support/seed';
import { runCliInProcess as runCli } from '../../support/cli';

const T = { timeout: 60_000 };

describe('regx rm / prune and index children (registry 2.8)', () => {
  let reg: TestRegistry;
  let dir: string;
  const regx = (args: string[], verbose = false) => runCli(args, { env: { REGX_CACHE_DIR: join(dir, 'cache') }, verbose });

  before(async () => {
    reg = await startRegistry('plain');
    dir = mkdtempSync(join(tmpdir(), 'regx-rm-index-'));
    await seedIndexWithTaggedChild(reg, 'multi');
  });
  after(async () => {
    await reg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('rm of a tag that is a child of another tag\'s index refuses in one line naming the index tag; --with-parents deletes both', T, async () => {
    const refused = await regx(['rm', `${reg.registry}/multi:c-amd64`]);
    assert.equal(refused.code, 1, refused.stderr);
    const last = refused.stderr.trim().split('\n').at(-1) ?? '';
    assert.match(last, /^regx: refusing to delete .*multi:c-amd64: it is referenced by the index of tag\(s\) latest \(sha256:[0-9a-f]{64}\); pass --with-parents to delete .* too$/);
    assert.ok(await pullable(reg, 'multi', 'latest'), 'multi:latest must still pull');
    assert.deepEqual((await listTags(reg, 'multi')).sort(), ['c-amd64', 'latest', 'other']);

    const dry = await regx(['rm', `${reg.registry}/multi:c-amd64`, '--dry-run', '--json']);
    assert.equal(dry.code, 0, dry.stderr);
    const j = JSON.parse(dry.stdout) as { removes: string[]; referencedBy: Array<{ digest: string; tags: string[] }>; needsWithParents: boolean };
    assert.deepEqual(j.referencedBy.map((p) => p.tags), [['latest']]);
    assert.equal(j.needsWithParents, true);
    assert.deepEqual(await listTags(reg, 'multi').then((t) => t.sort()), ['c-amd64', 'latest', 'other']);

    const ok = await regx(['rm', `${reg.registry}/multi:c-amd64`, '--with-parents']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, `deleted ${reg.registry}/multi:latest\ndeleted ${reg.registry}/multi:c-amd64\n`);
    assert.deepEqual(await listTags(reg, 'multi'), ['other']);
  });

  test('rm --help documents --with-parents', T, async () => {
    const help = await regx(['rm', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /regx rm REFERENCE \[--with-siblings\] \[--with-parents\] \[--dry-run\]/);
    assert.match(help.stdout, /--with-parents/);
  });

  test('prune never deletes a child of a kept index, even through an untagged inner index', T, async () => {
    const old = '2024-01-01T00:00:00Z';
    const c = await pushImageDetailed(reg, 'pr', 'c', { platform: 'linux/amd64', created: old, salt: 'pr-c' });
    const inner = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [
      { mediaType: c.mediaType, digest: c.digest, size: c.manifest.length, platform: { os: 'linux', architecture: 'amd64' } }] }));
    await putManifest(reg, 'pr', sha256(inner), inner, OCI_INDEX);
    const outer = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_INDEX, digest: sha256(inner), size: inner.length }] }));
    await putManifest(reg, 'pr', 'keep', outer, OCI_INDEX);
    await pushImage(reg, 'pr', 'gone', { created: old, salt: 'pr-gone' });
    const dry = await regx(['prune', `${reg.registry}/pr`, '--keep-last', '0', '--protect', '^keep$']);
    assert.equal(dry.code, 0, dry.stderr);
    const rows = dry.stdout.trim().split('\n').map((l) => l.split('\t'));
    assert.deepEqual(rows.filter((r) => r[0] === 'delete').map((r) => r[3]), ['gone']);
    const real = await regx(['prune', `${reg.registry}/pr`, '--keep-last', '0', '--protect', '^keep$', '--yes']);
    assert.equal(real.code, 0, real.stderr);
    assert.deepEqual((await listTags(reg, 'pr')).sort(), ['c', 'keep']);
    assert.ok(await pullable(reg, 'pr', 'keep'), 'pr:keep must still pull');
  });
});
