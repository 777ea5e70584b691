// Commands no other host suite covers, in a real extension host: delete repository (v2 and Harbor), delete
// of a tag that an index names,
// copy to another registry, search Docker Hub, and copy reference / pull command with a tree-node argument.
// Every test checks the effect over HTTP (the project's client or the test bed's seeder), not just the
// command's return value. Repositories are unique to this suite ("c2/…") so other suites see the seed unchanged.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testbed } from '../testbed';
import { addRegistry, child, childLabels as labels, extensionApi, rootOf } from '../tree';
import type { ExtensionApi } from '../../../src/extension';
import { Reference } from '../../../src/registry/index';
import { fetchManifest, listTags, pullable, pushImage, pushIndex, tagImage } from '../../support/seed';
import type { TestRegistry } from '../../support/registry';
import { waitFor } from '../../support/wait';

let api: ExtensionApi;
const added: string[] = [];
const run = Date.now().toString(36);

const add = (args: Record<string, unknown>): Promise<string> => addRegistry(args, added);
/** The seeder needs only the address (and credentials) of a registry; the rest of TestRegistry is unused by it. */
function seedTarget(r: { url: string; registry: string; username?: string; password?: string }): TestRegistry {
  return {
    mode: 'plain', url: r.url, registry: r.registry, username: r.username, password: r.password, dataDir: '',
    tokenRequests: () => 0, onStop: () => undefined, stop: async () => undefined,
  };
}
/** Tags over HTTP without the client under test (a 404 NAME_UNKNOWN counts as no tags). */
const tagsOf = (reg: TestRegistry, repo: string): Promise<string[]> => listTags(reg, repo);

suite('commands2', function () {
  this.timeout(60_000);

  suiteSetup(async () => {
    api = await extensionApi();
  });

  suiteTeardown(async () => {
    for (const id of added) await api.ctx.registries.remove(id).catch(() => undefined);
  });

  test('delete repository (v2): every manifest goes, tags list is empty, the tree follows the catalog with no tags', async () => {
    const r = testbed().registries.plain;
    assert.ok(r, 'testbed has no plain registry');
    const reg = seedTarget(r);
    const repo = `c2/del-${run}`;
    await pushImage(reg, repo, 'one', { created: '2025-04-01T00:00:00Z', salt: `d1-${run}` });
    await pushImage(reg, repo, 'two', { created: '2025-04-02T00:00:00Z', salt: `d2-${run}` });
    const id = await add({ url: r.url, name: 'c2-plain' });
    assert.ok((await labels(await rootOf(id))).includes(repo), 'seeded repository not listed');
    const ok = await vscode.commands.executeCommand<boolean>('registryExplorer.deleteRepository', { registryId: id, repository: repo }, true);
    assert.equal(ok, true);
    assert.deepEqual(await tagsOf(reg, repo), []);
    const client = api.ctx.clients.get(id);
    assert.equal(await client.headManifest(new Reference(r.registry, repo, 'one')), undefined, 'manifest "one" still there');
    // distribution keeps an emptied repository's name in the catalog until garbage collection (see
    // deleteRepository): after the refresh the tree follows the catalog, and the name shows no tags.
    const catalog = (await client.catalog({ n: 1000 })).items;
    const root = await rootOf(id);
    const repos = await labels(root);
    assert.ok(catalog.includes(repo), 'distribution 2.8 keeps the emptied name in the catalog');
    assert.ok(repos.includes(repo), 'the tree follows the catalog');
    assert.deepEqual(await labels(await child(root, repo)), ['No tags']);
    // the seed next to it is untouched
    assert.ok((await tagsOf(reg, 'demo/app')).includes('1.1.0'));
  });

  test('delete tag (v2) of an index child: confirming the tag alone is refused and the index stays; confirming the index tags deletes both', async () => {
    const r = testbed().registries.plain;
    assert.ok(r, 'testbed has no plain registry');
    const reg = seedTarget(r);
    const repo = `c2/idx-${run}`;
    await pushIndex(reg, repo, 'latest', ['linux/amd64', 'linux/arm64'], { created: '2025-04-04T00:00:00Z', salt: `i-${run}` });
    const amd64 = (JSON.parse((await fetchManifest(reg, repo, 'latest')).bytes.toString('utf8')) as { manifests: { digest: string }[] }).manifests[0].digest;
    await tagImage(reg, repo, amd64, 'c-amd64');
    await pushImage(reg, repo, 'other', { created: '2025-04-05T00:00:00Z', salt: `o-${run}` });
    const id = await add({ url: r.url, name: 'c2-idx' });
    const target = { registryId: id, repository: repo, tag: 'c-amd64' };
    // The refusal is reported as an error notification, and the command returns once it is dismissed:
    // dismiss notifications until the command has returned.
    let settled = false;
    const refused = Promise.resolve(vscode.commands.executeCommand<boolean>('registryExplorer.deleteTag', target, true)).finally(() => { settled = true; });
    while (!settled) await vscode.commands.executeCommand('notifications.clearAll');
    assert.equal(await refused, false, 'the tag alone must be refused');
    assert.ok(await pullable(reg, repo, 'latest'), `${repo}:latest must still pull`);
    assert.deepEqual((await tagsOf(reg, repo)).sort(), ['c-amd64', 'latest', 'other']);
    assert.equal(await vscode.commands.executeCommand<boolean>('registryExplorer.deleteTag', target, 'with-parents'), true);
    assert.deepEqual(await tagsOf(reg, repo), ['other']);
  });

  test('delete repository (Harbor): Harbor and its registry side no longer list it, nor does the tree', async () => {
    const h = testbed().harbor as (Record<string, unknown> & { url: string; username?: string; password?: string; }) | undefined;
    assert.ok(h, 'testbed has no Harbor test server');
    const name = `del-${run}`;
    // Pushed through Harbor's own /v2/ (its token service, admin credentials), as a client would.
    const viaHarbor = seedTarget({ url: h.url, registry: new URL(h.url).host, username: h.username, password: h.password });
    await pushImage(viaHarbor, `demo/${name}`, 'v1', { created: '2025-04-03T00:00:00Z', salt: `h-${run}` });
    const id = await add({ url: h.url, name: 'c2-harbor', username: h.username, password: h.password });
    assert.equal(api.ctx.registries.get(id)!.kind, 'harbor');
    const demo = await child(await rootOf(id), 'demo');
    assert.ok((await labels(demo)).includes(name), 'seeded Harbor repository not listed');
    const ok = await vscode.commands.executeCommand<boolean>('registryExplorer.deleteRepository', { registryId: id, repository: `demo/${name}` }, true);
    assert.equal(ok, true);
    // Harbor's own API: the repository is gone; its registry side lists no tags
    const harbor = api.ctx.clients.harbor(id);
    const names = (await harbor.repositories('demo', { pageSize: 100 })).items.map((x) => x.name);
    assert.ok(!names.includes(`demo/${name}`), `Harbor still lists it: ${names.join(', ')}`);
    const tags = await api.ctx.clients.get(id).tags(`demo/${name}`).then((p) => p.items, (e: Error) => {
      if (/404|NAME_UNKNOWN|not found/i.test(e.message)) return [] as string[];
      throw e;
    });
    assert.deepEqual(tags, []);
    const after = await labels(await child(await rootOf(id), 'demo'));
    assert.ok(!after.includes(name), `tree still lists ${name}: ${after.join(', ')}`);
    assert.ok(after.includes('app'), 'demo/app must stay');
  });

  test('copy to another registry (plain → Basic auth): the target manifest digest equals the source', async () => {
    const src = testbed().registries.plain!;
    const dst = testbed().registries.basic;
    assert.ok(dst, 'testbed has no basic registry');
    const srcId = await add({ url: src.url, name: 'c2-src' });
    const dstId = await add({ url: dst.url, name: 'c2-dst', username: dst.username, password: dst.password });
    const repo = `c2/copy-${run}`;
    const digest = await vscode.commands.executeCommand<string>('registryExplorer.copyTo',
      { registryId: srcId, repository: 'demo/multi', tag: '1.0' }, { registryId: dstId, repository: repo, tag: 'copied' });
    const want = await fetchManifest(seedTarget(src), 'demo/multi', '1.0');
    const got = await fetchManifest(seedTarget(dst), repo, 'copied');
    assert.equal(got.digest, want.digest, 'destination digest differs from the source');
    assert.equal(digest, want.digest, 'command returned another digest');
    assert.equal(got.mediaType, want.mediaType);
    // an index: each platform manifest it names is there too
    const idx = JSON.parse(got.bytes.toString('utf8')) as { manifests: { digest: string }[] };
    for (const m of idx.manifests) assert.equal((await fetchManifest(seedTarget(dst), repo, m.digest)).digest, m.digest);
  });

  test('search Docker Hub: the client returns the fixture results, the command waits on its quick pick and returns when it is dismissed', async () => {
    const h = testbed().hub;
    assert.ok(h, 'testbed has no Docker Hub test server');
    const id = await add({ url: h.url, name: 'c2-hub', kind: 'dockerhub', username: h.username, password: h.password });
    const page = await api.ctx.clients.hub(id).search('regxdemo', { pageSize: 100 });
    const names = page.items.map((x) => (x as unknown as { repo_name: string }).repo_name);
    assert.equal(names.length, 23, names.join(', '));
    assert.ok(names.every((n) => /^regxdemo\/app-\d\d$/.test(n)), names.join(', '));
    const alpine = (await api.ctx.clients.hub(id).search('alpine', { pageSize: 100 })).items.map((x) => (x as unknown as { repo_name: string }).repo_name).sort();
    assert.deepEqual(alpine, ['alpine', 'someone/alpine-tools']);
    // The command itself: it shows the results in a quick pick and returns once that pick is dismissed.
    // A spy on the window API (one API object per extension: the suite runs as this extension's tests) says
    // when the pick was opened and with what; the wait is for that, never for a length of time.
    const shown: { labels: string[]; title?: string }[] = [];
    const win = vscode.window as { showQuickPick: typeof vscode.window.showQuickPick };
    const original = win.showQuickPick;
    win.showQuickPick = ((items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>, options?: vscode.QuickPickOptions, token?: vscode.CancellationToken) => {
      const entry: { labels: string[]; title?: string } = { labels: [], title: options?.title };
      shown.push(entry);
      void Promise.resolve(items).then((list) => { entry.labels = list.map((i) => i.label); });
      return original.call(vscode.window, items as readonly vscode.QuickPickItem[], options, token);
    }) as typeof vscode.window.showQuickPick;
    let done = false;
    let p: Promise<unknown>;
    try {
      p = Promise.resolve(vscode.commands.executeCommand('registryExplorer.searchDockerHub', id, 'alpine')).then((v) => { done = true; return v; });
      await waitFor(() => shown.length > 0 && shown[0].labels.length > 0, { what: 'the search results quick pick' });
    } finally {
      win.showQuickPick = original;
    }
    assert.deepEqual([...shown[0].labels].sort(), ['alpine', 'someone/alpine-tools']);
    assert.match(String(shown[0].title), /alpine/);
    assert.equal(done, false, 'the command returned while its quick pick was still open');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await waitFor(() => done, { what: 'the command to return after its quick pick was closed', timeout: 10_000 });
    await p;
  });

  test('copy reference / pull command with a tree node argument: the clipboard holds exactly the text', async () => {
    const r = testbed().registries.plain!;
    const id = await add({ url: r.url, name: 'c2-clip' });
    const app = await child(await rootOf(id), 'demo/app');
    const tag = await child(app, '1.0.0');
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('registryExplorer.copyReference', tag);
    assert.equal(await vscode.env.clipboard.readText(), `${r.registry}/demo/app:1.0.0`);
    await vscode.commands.executeCommand('registryExplorer.copyPullCommand', tag);
    assert.equal(await vscode.env.clipboard.readText(), `docker pull ${r.registry}/demo/app:1.0.0`);
    await vscode.commands.executeCommand('registryExplorer.copyDigestReference', tag);
    const digest = (await fetchManifest(seedTarget(r), 'demo/app', '1.0.0')).digest;
    assert.equal(await vscode.env.clipboard.readText(), `${r.registry}/demo/app@${digest}`);
  });
});
