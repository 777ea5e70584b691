// The extension's Delete Tag / Delete Artifact / Delete Repository commands (src/commands/deleteCommands.ts)
// in plain Node with a stand-in `vscode` whose modal records what it was shown and answers as the test says,
// against the real registry 2.8 and a hostile test server. Requests are counted, never timed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { installFakeVscode } from '../../unit/scan/fakeVscode';
import { startServer, type TestServer } from '../../unit/registry/servers';
import { startRegistry, type TestRegistry } from '../../support/registry';
import { fetchManifest, listTags, pullable, pushImage, pushIndex, tagImage , seedIndexWithTaggedChild } from '../../support/seed';

installFakeVscode();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const vscode = require('vscode') as { window: Record<string, unknown> };
const { deleteTag, deleteArtifact, deleteRepository } = require('../../../src/commands/deleteCommands') as typeof import('../../../src/commands/deleteCommands');
const { DistributionBackend } = require('../../../src/backends/distributionBackend') as typeof import('../../../src/backends/distributionBackend');
const { MemoryChallengeCache, Reference, RegistryClient, RegistryError } = require('../../../src/registry/index') as typeof import('../../../src/registry/index');
type Client = InstanceType<typeof RegistryClient>;
type Line = import('../../../src/registry/index').RequestLogLine;

const T = { timeout: 60_000 };

interface Shown { message: string; detail: string; items: string[]; deletesBefore: number }
let shown: Shown[] = [];
let answer: (items: string[]) => string | undefined = () => undefined;
let deletesSoFar: () => number = () => 0;
vscode.window.showWarningMessage = async (message: string, options: { detail?: string }, ...items: string[]) => {
  shown.push({ message, detail: options?.detail ?? '', items, deletesBefore: deletesSoFar() });
  return answer(items);
};

function fakeCtx(client: Client, registryUrl: string, errors: unknown[]) {
  const def = { id: 'r1', name: 'test', url: registryUrl, kind: 'distribution' as const };
  const backend = new DistributionBackend(client, client.registry);
  return {
    registries: { get: () => def },
    clients: { get: () => client },
    backends: { get: () => backend },
    tree: { refreshRepository() {}, refreshRegistry() {}, refresh() {} },
    config: { pageSize: 100 },
    pickImage: async (arg: unknown) => ({ registry: def, backend, client, ref: arg as InstanceType<typeof Reference>, digest: (arg as InstanceType<typeof Reference>).digest }),
    pickRepository: async (arg: unknown) => ({ registry: def, backend, client, repository: String(arg) }),
    withProgress: <R>(_t: string, task: (s: AbortSignal, r: () => void) => Promise<R>) => task(new AbortController().signal, () => {}),
    reportError: async (e: unknown) => void errors.push(e),
  } as never;
}

describe('Delete Tag / Delete Artifact against registry 2.8', () => {
  let reg: TestRegistry;
  let client: Client;
  const lines: Line[] = [];
  const errors: unknown[] = [];
  const deletes = () => lines.filter((l) => l.method === 'DELETE' && l.status !== undefined).length;
  const ref = (repo: string, tag?: string, digest?: string) => new Reference(reg.registry, repo, tag, digest);

  before(async () => {
    reg = await startRegistry('plain');
    client = new RegistryClient({ registry: reg.registry, challengeCache: new MemoryChallengeCache(), logger: (l) => lines.push(l) });
    deletesSoFar = deletes;
    await seedIndexWithTaggedChild(reg, 'multi');
  });
  after(async () => {
    await client?.close();
    await reg?.stop();
  });

  test('the dialog names the index tag, nothing reaches the registry as a DELETE before it, and Cancel deletes nothing', T, async () => {
    shown = [];
    answer = () => undefined; // Cancel
    const ok = await deleteTag(fakeCtx(client, reg.url, errors), ref('multi', 'c-amd64'));
    assert.equal(ok, false);
    assert.equal(shown.length, 1);
    assert.equal(shown[0]!.deletesBefore, 0, 'no DELETE (not even a capability probe) before the user answered');
    assert.equal(deletes(), 0, 'cancelled: no DELETE at all');
    assert.match(shown[0]!.detail, /latest/);
    assert.ok(shown[0]!.items.some((i) => /index/i.test(i)), `a choice to delete the index tags too: ${shown[0]!.items.join(' | ')}`);
    assert.ok(await pullable(reg, 'multi', 'latest'));
    assert.deepEqual((await listTags(reg, 'multi')).sort(), ['c-amd64', 'latest', 'other']);
  });

  test('scripted confirmation of the tag alone is refused; choosing the index tags deletes exactly those', T, async () => {
    errors.length = 0;
    assert.equal(await deleteTag(fakeCtx(client, reg.url, errors), ref('multi', 'c-amd64'), true), false);
    assert.ok(errors.some((e) => e instanceof RegistryError && e.code === 'REFERENCED_BY_INDEX'), String(errors[0]));
    assert.ok(await pullable(reg, 'multi', 'latest'));
    shown = [];
    answer = (items) => items.find((i) => /index/i.test(i));
    assert.equal(await deleteTag(fakeCtx(client, reg.url, errors), ref('multi', 'c-amd64')), true);
    assert.deepEqual(await listTags(reg, 'multi'), ['other']);
  });

  test('Delete Artifact by digest names the index tags too; a sibling tag is named and goes', T, async () => {
    await pushIndex(reg, 'art', 'v1', ['linux/amd64', 'linux/arm64'], { salt: 'art' });
    const child = (JSON.parse((await fetchManifest(reg, 'art', 'v1')).bytes.toString('utf8')) as { manifests: Array<{ digest: string }> }).manifests[1]!.digest;
    await tagImage(reg, 'art', child, 'arm');
    await tagImage(reg, 'art', child, 'arm-too');
    shown = [];
    answer = () => undefined;
    const before = deletes();
    assert.equal(await deleteArtifact(fakeCtx(client, reg.url, errors), ref('art', undefined, child)), false);
    assert.equal(deletes(), before);
    assert.match(shown[0]!.detail, /v1/);
    assert.match(shown[0]!.detail, /arm, arm-too/);
    answer = (items) => items.find((i) => /index/i.test(i));
    assert.equal(await deleteArtifact(fakeCtx(client, reg.url, errors), ref('art', undefined, child)), true);
    assert.deepEqual(await listTags(reg, 'art'), []);
  });
});

describe('Delete Repository against a registry whose Link loops', () => {
  let s: TestServer;
  let client: Client;
  let listRequests = 0;
  const D = `sha256:${'a'.repeat(64)}`;

  before(async () => {
    s = await startServer((req, res) => {
      const url = req.url ?? '';
      if (url.startsWith('/v2/loop/tags/list')) {
        listRequests++;
        // A safety valve so that an unguarded client ends here instead of looping for ever.
        if (listRequests > 50) { res.writeHead(500); res.end(); return; }
        const second = url.includes('last=b');
        const next = second ? '/v2/loop/tags/list?n=1000' : '/v2/loop/tags/list?last=b&n=1000';
        res.writeHead(200, { 'content-type': 'application/json', link: `<${next}>; rel="next"` });
        res.end(JSON.stringify({ name: 'loop', tags: second ? ['b'] : ['a'] }));
        return;
      }
      if (req.method === 'HEAD') {
        res.writeHead(200, { 'docker-content-digest': D, 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'content-length': '10' });
        res.end();
        return;
      }
      res.writeHead(404); res.end();
    });
    client = new RegistryClient({ registry: s.url, challengeCache: new MemoryChallengeCache() });
  });
  after(async () => {
    await client?.close();
    await s?.close();
  });

  test('A→B→A stops with a loop error, asks nothing and deletes nothing', T, async () => {
    const errors: unknown[] = [];
    shown = [];
    answer = (items) => items[0];
    const ok = await deleteRepository(fakeCtx(client, s.url, errors), 'loop');
    assert.equal(ok, false);
    assert.ok(errors.some((e) => e instanceof RegistryError && e.code === 'LINK_LOOP'), String(errors[0]));
    assert.ok(listRequests <= 3, `${listRequests} tags/list requests`);
    assert.equal(shown.length, 0);
    assert.ok(!s.seen.some((r) => r.method === 'DELETE'));
  });
});
