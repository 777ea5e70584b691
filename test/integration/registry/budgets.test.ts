// Request budgets from the issue, counted against the real registry in token mode (the mode where
// round trips cost most): the first page of a 5,000-tag repository is one request plus at most one token
// request; one scope's token is fetched once while valid. The 5,000 tags are seeded once for the file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileChallengeCache, MemoryChallengeCache, RegistryClient, StaticCredentials, parseReference, type RequestLogLine } from '../../../src/registry/index';
import { startRegistry, type TestRegistry } from '../../support/registry';
import { pushImage, tagImage, tagMany } from '../../support/seed';

const T = { timeout: 120_000 };
let reg: TestRegistry;
let dir: string;

function clientFor(cache: MemoryChallengeCache | FileChallengeCache, lines: RequestLogLine[]): RegistryClient {
  return new RegistryClient({
    // The explicit scheme keeps the one-off loopback scheme probe out of the counts.
    registry: `http://${reg.registry}`,
    credentials: new StaticCredentials({ [reg.registry]: { username: reg.username, password: reg.password } }),
    challengeCache: cache,
    logger: (l) => lines.push(l),
  });
}

before(async () => {
  reg = await startRegistry('token');
  dir = mkdtempSync(join(tmpdir(), 'regx-budget-'));
  const digest = await pushImage(reg, 'big', 'v1');
  await tagMany(reg, 'big', digest, 5000);
}, { timeout: 120_000 });

after(async () => {
  await reg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('first page of tags of a 5,000-tag repository: 1 request + 1 token request (challenge known)', T, async () => {
  const cacheFile = join(dir, 'challenges.json');
  // An earlier session (or CLI run) learned the registry's challenge and wrote it to the cache file.
  const warm: RequestLogLine[] = [];
  const first = clientFor(new FileChallengeCache(cacheFile), warm);
  await first.ping();
  await first.close();

  const lines: RequestLogLine[] = [];
  const c = clientFor(new FileChallengeCache(cacheFile), lines);
  const tokensBefore = reg.tokenRequests();
  try {
    const page = await c.tags('big');
    assert.equal(page.items.length, 5001);
    assert.equal(page.next, undefined, 'registry 2.8 returns every tag unpaged');
    const registryRequests = lines.filter((l) => l.url.includes(reg.registry));
    assert.equal(registryRequests.length, 1, lines.map((l) => `${l.method} ${l.url} ${l.status}`).join('\n'));
    assert.equal(reg.tokenRequests() - tokensBefore, 1);
    assert.equal(c.requestCount, 2);
  } finally { await c.close(); }
});

test('first page with nothing known: the 401 costs one extra round trip, no ping', T, async () => {
  const lines: RequestLogLine[] = [];
  const c = clientFor(new MemoryChallengeCache(), lines);
  try {
    const page = await c.tags('big', { n: 100 });
    assert.equal(page.items.length, 5001);
    assert.deepEqual(lines.map((l) => `${l.method} ${new URL(l.url).pathname} ${l.status}`), [
      'GET /v2/big/tags/list 401', 'GET /token 200', 'GET /v2/big/tags/list 200',
    ]);
  } finally { await c.close(); }
});

test('one scope: the token is fetched once while it is valid', T, async () => {
  const lines: RequestLogLine[] = [];
  const c = clientFor(new MemoryChallengeCache(), lines);
  try {
    const tokensBefore = reg.tokenRequests();
    for (let i = 0; i < 5; i++) await c.tags('big');
    await Promise.all(Array.from({ length: 10 }, (_, i) => c.headManifest(parseReference(`${reg.registry}/big:tag-${String(i + 1).padStart(4, '0')}`))));
    await c.getManifest(parseReference(`${reg.registry}/big:v1`));
    assert.equal(reg.tokenRequests() - tokensBefore, 1);
    assert.equal(lines.filter((l) => l.url.includes('/token')).length, 1);
  } finally { await c.close(); }
});

test('tag details of a page: one manifest GET a row and one config GET per distinct config, no HEAD, one token', T, async () => {
  // The explorer's own loader, as the tree runs it for the shown rows (src/tree/details.ts).
  const { DetailLoader, viewScope } = await import('../../../src/tree/details');
  const tags: string[] = [];
  for (let i = 0; i < 24; i++) {
    await pushImage(reg, 'details', `d${i}`, { salt: `d${i}`, created: `2025-01-${String(i + 1).padStart(2, '0')}T00:00:00Z` });
    tags.push(`d${i}`);
  }
  await pushImage(reg, 'details', 's0', { salt: 'shared' });
  tags.push('s0');
  for (let i = 1; i < 8; i++) tags.push(await tagImage(reg, 'details', 's0', `s${i}`).then(() => `s${i}`));
  const lines: RequestLogLine[] = [];
  const c = clientFor(new MemoryChallengeCache(), lines);
  try {
    const loader = new DetailLoader(16);
    const scope = viewScope('r', 'details');
    const out = await Promise.all(tags.map((t) => loader.loadTag(scope, c, parseReference(`${reg.registry}/details:${t}`))));
    assert.ok(out.every((d) => d?.created), 'every row has its date');
    const seen = lines.filter((l) => !l.url.includes('/token') && l.status !== 401).map((l) => `${l.method} ${/\/manifests\//.test(l.url) ? 'manifest' : /\/blobs\//.test(l.url) ? 'blob' : l.url}`);
    const count = (k: string) => seen.filter((s) => s === k).length;
    assert.equal(count('HEAD manifest'), 0, 'no HEAD: the GET by tag answers the digest');
    assert.equal(count('GET manifest'), tags.length, 'one manifest GET a row');
    assert.equal(count('GET blob'), 24 + 1, 'one config GET per distinct config (the 8 s* rows share one)');
    assert.equal(seen.length, tags.length + 25);
    assert.equal(lines.filter((l) => l.url.includes('/token')).length, 1, 'one token for the repository');
    // Shown again (Load more, sort): nothing is sent.
    const before = lines.length;
    await Promise.all(tags.map((t) => loader.loadTag(scope, c, parseReference(`${reg.registry}/details:${t}`))));
    assert.equal(lines.length, before);
  } finally { await c.close(); }
});
