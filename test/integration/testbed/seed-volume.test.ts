// Seeding at volume stays fast and exact: many repositories through blob mounts, many tags of one manifest.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { startRegistry, type TestRegistry } from '../../support/registry';
import { pushImage, seedMany, tagMany, listTags, seedRequestCount } from '../../support/seed';
import { seedDemo } from '../../support/demo';

let reg: TestRegistry;
before(async () => { reg = await startRegistry('plain'); });
after(async () => { await reg?.stop(); });

test('seedMany creates N repositories with 3 requests each after the first', async () => {
  const before = seedRequestCount(reg);
  const repos = await seedMany(reg, 120, { prefix: 'vol/r-' });
  assert.equal(repos.length, 120);
  // first repo: 2 blobs × (POST + PUT) + manifest PUT = 5; every other: 2 mounts + 1 manifest PUT.
  assert.equal(seedRequestCount(reg) - before, 5 + 119 * 3);
  const r = await request(`${reg.url}/v2/_catalog?n=1000`);
  const cat = (await r.body.json()) as { repositories: string[] };
  assert.equal(cat.repositories.filter((x) => x.startsWith('vol/r-')).length, 120);
});

test('tagMany puts 1,000 tags on one manifest', async () => {
  const d = await pushImage(reg, 'vol/tags', 'base');
  const tags = await tagMany(reg, 'vol/tags', d, 1000);
  assert.equal(tags[0], 'tag-0001');
  assert.equal((await listTags(reg, 'vol/tags')).length, 1001);
});

test('the demo seed makes its repositories', async () => {
  const repos = await seedDemo(reg, { manyTags: 30 });
  assert.deepEqual(repos, ['library/alpine', 'team/api', 'team/web', 'tools/ci-cache']);
  assert.deepEqual((await listTags(reg, 'library/alpine')).sort(), ['3', '3.18', '3.19', '3.20', 'latest']);
  assert.equal((await listTags(reg, 'tools/ci-cache')).length, 31);
});
