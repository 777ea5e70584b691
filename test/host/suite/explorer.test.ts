// The explorer in a real extension host: registries added through the real commands, the tree read through
// the real TreeDataProvider, retag/copy/delete through the commands (arguments passed, so no prompt shows),
// secrets checked to be in SecretStorage only, and the 5,000-tag and 10,000-tag acceptance numbers
// (request counts; the memory figure is `npm run bench`'s).
// Nodes come from the extension's bundle, so this suite never uses `instanceof` on them: it reads their
// TreeItems and passes plain `{ registryId, repository, tag }` arguments to commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testbed, type TestbedMode } from '../testbed';
import { addRegistry, child, children, EXTENSION_ID as ID, extensionApi, label, provider, rootOf, type Node } from '../tree';
import type { ExtensionApi } from '../../../src/extension';
import { waitFor } from '../../support/wait';

let api: ExtensionApi;
const added: string[] = [];

/**
 * Counts the client's per-repository calls for one repository until restore(). The workbench's own tree view
 * may use the same client at the same time (listing a new registry's catalog), so the client's total request
 * count is not a figure a test can own; calls for the test's repository are.
 */
function countCalls(client: object, repository: string): { counts: Record<string, number>; restore(): void } {
  const c = client as Record<string, (...a: unknown[]) => unknown>;
  const counts: Record<string, number> = {};
  const names = ['tags', 'headManifest', 'getManifest', 'imageConfig', 'getBlob'];
  for (const m of names) {
    const fn = c[m];
    counts[m] = 0;
    c[m] = function (this: unknown, ...args: unknown[]) {
      const first = args[0] as string | { repository?: string } | undefined;
      if ((typeof first === 'string' ? first : first?.repository) === repository) counts[m]++;
      return fn.apply(this, args);
    };
  }
  return { counts, restore() { for (const m of names) delete c[m]; } };
}
const add = (args: Record<string, unknown>): Promise<string> => addRegistry(args, added);
async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('registryExplorer').update(key, value, vscode.ConfigurationTarget.Global);
}

suite('explorer', function () {
  this.timeout(120_000);

  suiteSetup(async () => {
    api = await extensionApi();
    await setSetting('pageSize', 100);
  });

  suiteTeardown(async () => {
    for (const id of added) await api.ctx.registries.remove(id).catch(() => undefined);
  });

  test('activation is lazy (no "*"), and every registryExplorer command is contributed and registered', async () => {
    const pkg = vscode.extensions.getExtension(ID)!.packageJSON as { activationEvents?: string[]; contributes: { commands: { command: string }[] } };
    assert.ok(!(pkg.activationEvents ?? []).includes('*'));
    assert.ok((pkg.activationEvents ?? []).some((e) => e.startsWith('onView:')));
    const contributed = new Set(pkg.contributes.commands.map((c) => c.command));
    const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('registryExplorer.') && !c.endsWith('.focus') && !c.endsWith('.resetViewLocation') && !c.includes('.registries.'));
    const notContributed = registered.filter((c) => !contributed.has(c));
    assert.deepEqual(notContributed, [], `registered but not in package.json: ${notContributed.join(', ')}`);
  });

  for (const mode of ['plain', 'basic', 'tls', 'token'] as TestbedMode[]) {
    test(`${mode}: add through the command, then registry → repository → tags with lazy details`, async () => {
      const r = testbed().registries[mode];
      assert.ok(r, `testbed has no ${mode} registry`);
      const id = await add({ url: r.url, name: `t-${mode}`, username: r.username, password: r.password, caFile: r.caFile });
      const def = api.ctx.registries.get(id)!;
      assert.equal(def.kind, 'distribution');
      const root = await rootOf(id);
      const repos = await Promise.all((await children(root)).map(label));
      for (const repo of Object.keys(r.seeded)) assert.ok(repos.includes(repo), `${repo} missing in ${repos.join(', ')}`);
      const app = await child(root, 'demo/app');
      const tags = await children(app);
      assert.deepEqual((await Promise.all(tags.map(label))).sort(), [...r.seeded['demo/app']].sort());
      // semver order: latest first, then newest version
      assert.deepEqual(await Promise.all(tags.map(label)), ['latest', '1.1.0', '1.0.0']);
      const t = tags[1];
      assert.equal((await t.getTreeItem()).description, '…', 'details are lazy');
      await waitFor(async () => String((await t.getTreeItem()).description) !== '…', { what: `the details of ${mode} demo/app:1.1.0 to load` });
      const item = await t.getTreeItem();
      assert.match(String(item.description), /^[0-9a-f]{12} · /, `description ${item.description}`);
      assert.equal(item.resourceUri?.scheme, 'registry-explorer-image');
      // multi-arch index → platform children
      const multi = await child(root, 'demo/multi');
      const idx = (await children(multi))[0];
      await waitFor(async () => (await idx.getTreeItem()).collapsibleState === vscode.TreeItemCollapsibleState.Collapsed, { what: 'demo/multi:1.0 to show as an index with platforms' });
      const plats = await Promise.all((await children(idx)).map(label));
      assert.deepEqual(plats.sort(), ['linux/amd64', 'linux/arm64/v8']);
    });
  }

  test('secrets live in SecretStorage only: never in settings or globalState', async () => {
    const r = testbed().registries.basic!;
    const id = added.find((i) => api.ctx.registries.get(i)?.name === 't-basic');
    assert.ok(id);
    assert.equal((await api.ctx.registries.secret(id))?.credentials.password, r.password);
    const settings = JSON.stringify(vscode.workspace.getConfiguration('registryExplorer').get('registries'));
    assert.ok(!settings.includes(r.password!), 'password found in settings');
    const gs = api.ctx.extension.globalState;
    const dump = JSON.stringify(gs.keys().map((k) => [k, gs.get(k)]));
    assert.ok(!dump.includes(r.password!), 'password found in globalState');
  });

  test('a wrong password is refused before saving, with a 401 message that does not echo the password', async () => {
    const r = testbed().registries.basic!;
    const before = api.ctx.registries.list().length;
    const bad = 'wrong-Secret-9137';
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('registryExplorer.addRegistry', { url: r.url, name: 'bad', username: r.username, password: bad })),
      (e: Error) => { assert.match(e.message, /401|credentials/i); assert.ok(!e.message.includes(bad)); return true; });
    assert.equal(api.ctx.registries.list().length, before);
  });

  test('copy, retag and delete through the commands; the tree follows', async () => {
    const id = added.find((i) => api.ctx.registries.get(i)?.name === 't-basic')!;
    const client = api.ctx.clients.get(id);
    const src = { registryId: id, repository: 'demo/app', tag: '1.1.0' };
    const digest = await vscode.commands.executeCommand<string>('registryExplorer.copyTo', src, { registryId: id, repository: 'scratch/app', tag: 'a' });
    assert.match(String(digest), /^sha256:/);
    const before = client.requestCount;
    await vscode.commands.executeCommand('registryExplorer.retag', { registryId: id, repository: 'scratch/app', tag: 'a' }, 'b');
    assert.ok(client.requestCount - before <= 4, `retag took ${client.requestCount - before} requests`);
    assert.deepEqual((await client.tags('scratch/app')).items.sort(), ['a', 'b']);
    const root = await rootOf(id);
    const scratch = await child(root, 'scratch/app');
    assert.deepEqual((await Promise.all((await children(scratch)).map(label))).sort(), ['a', 'b']);
    // v2 deletes by digest: deleting "a" removes "b" too (the confirmation names it; `true` skips the modal here)
    const ok = await vscode.commands.executeCommand<boolean>('registryExplorer.deleteTag', { registryId: id, repository: 'scratch/app', tag: 'a' }, true);
    assert.equal(ok, true);
    assert.deepEqual((await client.tags('scratch/app')).items, []);
    const after = await Promise.all((await children(scratch)).map(label));
    assert.deepEqual(after, ['No tags']);
    // seeded source untouched
    assert.ok((await client.tags('demo/app')).items.includes('1.1.0'));
  });

  test('copy reference / digest reference / pull command, and inspect manifest + config as read-only JSON', async () => {
    const r = testbed().registries.plain!;
    const id = added.find((i) => api.ctx.registries.get(i)?.name === 't-plain')!;
    const arg = { registryId: id, repository: 'demo/app', tag: '1.1.0' };
    assert.equal(await vscode.commands.executeCommand('registryExplorer.copyReference', arg), `${r.registry}/demo/app:1.1.0`);
    assert.equal(await vscode.env.clipboard.readText(), `${r.registry}/demo/app:1.1.0`);
    assert.match(String(await vscode.commands.executeCommand('registryExplorer.copyDigestReference', arg)), new RegExp(`^${r.registry.replace(/[.]/g, '\\.')}/demo/app@sha256:[0-9a-f]{64}$`));
    assert.equal(await vscode.commands.executeCommand('registryExplorer.copyPullCommand', arg), `docker pull ${r.registry}/demo/app:1.1.0`);
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('registryExplorer.inspect', arg);
    assert.ok(doc, 'no document');
    assert.equal(doc.uri.scheme, 'registry-explorer');
    assert.match(doc.getText(), /"schemaVersion": 2/);
    assert.match(doc.getText(), /\/\/ layers: \d+/);
    const cfg = await vscode.commands.executeCommand<vscode.TextDocument>('registryExplorer.inspectConfig', arg);
    assert.match(cfg!.getText(), /"created": "2025-02-10T10:00:00Z"/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('filter tags and go to tag on a repository node', async () => {
    const id = added.find((i) => api.ctx.registries.get(i)?.name === 't-plain')!;
    const app = await child(await rootOf(id), 'demo/app');
    await vscode.commands.executeCommand('registryExplorer.filter', app, '1.1');
    assert.deepEqual(await Promise.all((await children(app)).map(label)), ['1.1.0']);
    await vscode.commands.executeCommand('registryExplorer.filter', app, '');
    assert.equal((await children(app)).length, 3);
    // a loaded tag is revealed in place
    const shown = await vscode.commands.executeCommand<Node | undefined>('registryExplorer.goToTag', app, '1.0.0');
    assert.ok(shown);
    assert.equal(await label(shown), '1.0.0');
    // a tag hidden by the filter is pinned on top, checked with one manifest HEAD
    await vscode.commands.executeCommand('registryExplorer.filter', app, '1.1');
    await vscode.commands.executeCommand('registryExplorer.goToTag', app, '1.0.0');
    assert.deepEqual(await Promise.all((await children(app)).map(label)), ['1.0.0', '1.1.0']);
    assert.equal(await vscode.commands.executeCommand('registryExplorer.goToTag', app, 'no-such-tag'), undefined);
    await vscode.commands.executeCommand('registryExplorer.clearFilter', app);
  });

  test('Import from Docker: registry and credentials from a Docker config.json', async () => {
    const r = testbed().registries.token!;
    assert.ok(r.authFile, 'token registry has no authFile');
    const old = added.find((i) => api.ctx.registries.get(i)?.name === 't-token');
    if (old) await vscode.commands.executeCommand('registryExplorer.removeRegistry', old, true);
    const ids = await vscode.commands.executeCommand<string[]>('registryExplorer.importFromDocker', { configPath: r.authFile, hosts: [r.registry] });
    assert.equal(ids?.length, 1);
    added.push(ids[0]);
    assert.equal((await api.ctx.registries.secret(ids[0]))?.credentials.password, r.password);
    const root = await rootOf(ids[0]);
    assert.ok((await Promise.all((await children(root)).map(label))).includes('demo/app'));
  });

  test('Harbor: kind detected, projects → repositories → tags straight from the artifact list', async () => {
    const h = testbed().harbor;
    assert.ok(h, 'testbed has no Harbor test server');
    const id = await add({ url: h.url, name: 't-harbor', username: h.username, password: h.password });
    assert.equal(api.ctx.registries.get(id)!.kind, 'harbor');
    const root = await rootOf(id);
    const demo = await child(root, 'demo');
    const app = await child(demo, 'app');
    const tags = await children(app);
    const names = await Promise.all(tags.map(label));
    for (const t of ['1.0.0', '1.1.0', 'latest']) assert.ok(names.includes(t), `${t} missing in ${names.join(', ')}`);
    // no lazy loading on Harbor: the digest is there as soon as the list is
    const item = await tags[0].getTreeItem();
    assert.match(String(item.description), /^[0-9a-f]{12} · /);
    await vscode.commands.executeCommand('registryExplorer.retag', { registryId: id, repository: 'demo/app', tag: '1.0.0' }, 'h-retag');
    assert.ok((await api.ctx.clients.get(id).tags('demo/app')).items.includes('h-retag'));
    assert.equal(await vscode.commands.executeCommand('registryExplorer.deleteTag', { registryId: id, repository: 'demo/app', tag: 'h-retag' }, true), true);
    const left = (await api.ctx.clients.get(id).tags('demo/app')).items;
    assert.ok(!left.includes('h-retag') && left.includes('1.0.0'), `Harbor deletes only the tag: ${left.join(', ')}`);
  });

  test('Docker Hub: namespaces → repositories → tags from the Hub API', async () => {
    const h = testbed().hub;
    assert.ok(h, 'testbed has no Docker Hub test server');
    const id = await add({ url: h.url, name: 't-hub', kind: 'dockerhub', username: h.username, password: h.password });
    const root = await rootOf(id);
    const ns = await child(root, String(h.username));
    const repos = await children(ns);
    assert.ok(repos.length > 0, 'no repositories in the user namespace');
    const tags = await children(repos[0]);
    assert.ok(tags.length > 0);
    assert.notEqual(await label(tags[0]), 'No tags');
  });

  test('5,000 tags: the first page shows with no per-tag request', async () => {
    const big = (testbed() as unknown as { big?: { url: string; repository: string; tags: number } }).big;
    assert.ok(big, 'testbed has no big registry (REGX_HOST_BIG=0?)');
    const id = await add({ url: big.url, name: 't-big' });
    const root = await rootOf(id);
    const repo = await child(root, big.repository);
    const spy = countCalls(api.ctx.clients.get(id), big.repository);
    let kids: Node[];
    try {
      kids = await children(repo);
    } finally {
      spy.restore();
    }
    assert.equal(kids.length, 101, 'page size 100 + "Load more"');
    assert.deepEqual(spy.counts, { tags: 1, headManifest: 0, getManifest: 0, imageConfig: 0, getBlob: 0 },
      'the first page costs one tags/list and no per-tag request');
    assert.match(await label(kids[100]), /Load more/);
  });

  test('10,000 tags over two registries: one tags/list each, every later page of 1,000 without another', async () => {
    // The memory this costs is measured by `npm run bench` (scripts/bench-activation.mjs → host-memory.json);
    // here only what is deterministic: the requests and the number of rows.
    const big = (testbed() as unknown as { big?: { url: string; repository: string; tags: number } }).big;
    assert.ok(big, 'testbed has no big registry (REGX_HOST_BIG=0?)');
    await setSetting('pageSize', 1000);
    try {
      let loaded = 0;
      for (const name of ['t-big-a', 't-big-b']) {
        const id = await add({ url: big.url, name });
        const repo = await child(await rootOf(id), big.repository);
        const spy = countCalls(api.ctx.clients.get(id), big.repository);
        try {
          let pages = 1;
          let kids = await children(repo);
          assert.equal(spy.counts.tags, 1, 'the first page costs exactly one tags/list');
          // "Load more" is told by its node id (…/~more), not by a TreeItem: a tag row's TreeItem starts its lazy
          // details (a manifest GET), which this test counts.
          const isMore = (n: Node | undefined): boolean => !!n && n.id.endsWith('/~more');
          while (isMore(kids[kids.length - 1]) && pages <= big.tags / 1000 + 1) {
            const more = kids[kids.length - 1];
            assert.match(await label(more), /Load more/);
            await vscode.commands.executeCommand('registryExplorer.loadMore', more);
            kids = await children(repo);
            pages++;
          }
          assert.ok(!isMore(kids[kids.length - 1]), `${name}: still "Load more" after ${pages} pages`);
          assert.equal(kids.length, big.tags, `${name}: every tag is a row`);
          assert.equal(pages, Math.ceil(big.tags / 1000), `${name}: pages of 1,000`);
          assert.deepEqual(spy.counts, { tags: 1, headManifest: 0, getManifest: 0, imageConfig: 0, getBlob: 0 },
            `${name}: later pages come from the one tags/list answer (the registry ignores n), with no per-tag request`);
          loaded += kids.length;
        } finally {
          spy.restore();
        }
      }
      assert.ok(loaded >= 10_000, `loaded ${loaded}`);
    } finally {
      await setSetting('pageSize', 100);
    }
  });
});
