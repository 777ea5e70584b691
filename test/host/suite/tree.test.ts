// The Registries tree in a real extension host, for what only the host shows: a sort chosen through the command
// (a real settings write and change event) keeps Load more and loaded details with no request; a Docker Hub
// namespace saved to the real settings keeps the pages loaded; Harbor and Docker Hub rows follow the default
// Semantic version sort; row texts say "1 repository". Nodes come from the extension's bundle: this suite reads
// their TreeItems and never uses `instanceof` on them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testbed } from '../testbed';
import type { ExtensionApi } from '../../../src/extension';

const ID = 'registry-explorer.registry-explorer';
type Node = { id: string; registryId: string; getTreeItem(): vscode.TreeItem | Promise<vscode.TreeItem>; getChildren(): Promise<Node[]> | Node[] };
type Provider = { getChildren(n?: Node): Promise<Node[]> | Node[]; details: { pending: number } };

let api: ExtensionApi;
const added: string[] = [];

const provider = (): Provider => api.ctx.tree as unknown as Provider;
const item = async (n: Node): Promise<vscode.TreeItem> => n.getTreeItem();
const label = async (n: Node): Promise<string> => {
  const l = (await item(n)).label;
  return typeof l === 'string' ? l : l?.label ?? '';
};
const labels = (ns: Node[]): Promise<string[]> => Promise.all(ns.map(label));
const children = async (n?: Node): Promise<Node[]> => provider().getChildren(n);
/** The child named `name`, following "Load more" (other suites add repositories that list before the seeded ones). */
async function child(n: Node | undefined, name: string): Promise<Node> {
  let kids = await children(n);
  for (let more = 0; more < 20; more++) {
    for (const k of kids) if (await label(k) === name) return k;
    const last = kids[kids.length - 1];
    if (!n || !(await isMore(last))) break;
    await vscode.commands.executeCommand('registryExplorer.loadMore', last);
    kids = await children(n);
  }
  throw new Error(`no child "${name}" under ${n?.id ?? 'root'}; have: ${(await labels(kids)).join(', ')}`);
}
async function rootOf(id: string): Promise<Node> {
  const r = (await children()).find((n) => n.registryId === id);
  assert.ok(r, `registry ${id} not in the tree`);
  return r;
}
async function waitFor(cond: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
async function add(args: Record<string, unknown>): Promise<string> {
  const id = await vscode.commands.executeCommand<string | undefined>('registryExplorer.addRegistry', args);
  assert.ok(id, 'addRegistry returned nothing');
  added.push(id);
  return id;
}
const setSetting = (key: string, value: unknown) => vscode.workspace.getConfiguration('registryExplorer').update(key, value, vscode.ConfigurationTarget.Global);
/** A tooltip's text (MarkdownString.appendText escapes spaces as &nbsp;). */
const tipText = (t: vscode.TreeItem['tooltip']): string => (t instanceof vscode.MarkdownString ? t.value : String(t ?? '')).replace(/&nbsp;/g, ' ');
const isMore = async (n: Node | undefined) => !!n && /Load more/.test(await label(n));
/** Resolves every row's TreeItem, as the view does when it shows them (starts lazy v2 details), then waits for them. */
async function renderAndSettle(ns: Node[]): Promise<void> {
  await Promise.all(ns.map(item));
  await waitFor(() => provider().details.pending === 0);
  await new Promise((r) => setTimeout(r, 50));
}

suite('tree', function () {
  this.timeout(120_000);

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<ExtensionApi>(ID);
    assert.ok(ext);
    api = ext.isActive ? ext.exports : await ext.activate();
    await setSetting('tagSort', undefined);
  });

  suiteTeardown(async () => {
    await setSetting('tagSort', undefined);
    await setSetting('pageSize', 100);
    for (const id of added) await api.ctx.registries.remove(id).catch(() => undefined);
  });

  test('v2: "Sort Tags" through the command keeps Load more and loaded details, and sends no request', async () => {
    const r = testbed().registries.plain!;
    await setSetting('pageSize', 2);
    const id = await add({ url: r.url, name: 'tree-plain' });
    const client = api.ctx.clients.get(id);
    let app = await child(await rootOf(id), 'demo/app');
    let kids = await children(app);
    assert.deepEqual(await labels(kids), ['latest', '1.1.0', 'Load more… (2 of 3 shown)']);
    await renderAndSettle(kids.slice(0, 2));
    await vscode.commands.executeCommand('registryExplorer.loadMore', kids[2]);
    kids = await children(app);
    assert.equal(kids.length, 3);
    await renderAndSettle(kids);
    const before = client.requestCount;
    await vscode.commands.executeCommand('registryExplorer.sortTags', undefined, 'name');
    app = await child(await rootOf(id), 'demo/app');
    kids = await children(app);
    assert.deepEqual(await labels(kids), ['1.0.0', '1.1.0', 'latest'], 'all three loaded rows, by name (Load more not undone)');
    for (const k of kids) assert.notEqual(String((await item(k)).description), '…', `${await label(k)} lost its details`);
    await renderAndSettle(kids);
    assert.equal(client.requestCount - before, 0, 'requests sent because of sorting');
    // Date (newest first): the v2 dates come from the details already loaded; still nothing to fetch.
    await vscode.commands.executeCommand('registryExplorer.sortTags', undefined, 'date');
    app = await child(await rootOf(id), 'demo/app');
    const byDate = await labels(await children(app));
    assert.equal(byDate[2], '1.0.0', `oldest last: ${byDate.join(', ')}`);
    assert.equal(client.requestCount - before, 0);
    await setSetting('tagSort', undefined);
    await setSetting('pageSize', 100);
  });

  test('Docker Hub: tags follow the Semantic version sort; a saved namespace keeps loaded pages', async () => {
    const h = testbed().hub;
    assert.ok(h, 'testbed has no Docker Hub test server');
    await setSetting('pageSize', 10);
    const id = await add({ url: h.url, name: 'tree-hub', kind: 'dockerhub', username: h.username, password: h.password });
    const def = api.ctx.registries.get(id)!;
    await api.ctx.registries.save({ ...def, namespaces: ['library'] });
    const alpine = await child(await child(await rootOf(id), 'library'), 'alpine');
    const tags = await labels(await children(alpine));
    assert.equal(tags[0], 'latest');
    assert.ok(tags.indexOf('3.20') < tags.indexOf('3.19'), `3.20 above 3.19: ${tags.join(', ')}`);
    assert.ok(tags.indexOf('3.22.2') < tags.indexOf('3.22'), tags.join(', '));
    // The user namespace: 24 repositories, page size 10; Load more once.
    await api.ctx.registries.save({ ...api.ctx.registries.get(id)!, namespaces: ['library', String(h.username)] });
    let ns = await child(await rootOf(id), String(h.username));
    let repos = await children(ns);
    assert.equal(repos.length, 11);
    await vscode.commands.executeCommand('registryExplorer.loadMore', repos[10]);
    assert.equal((await children(ns)).length, 21);
    // What "Show Namespace in Tree" does: save the definition with one more namespace.
    await api.ctx.registries.save({ ...api.ctx.registries.get(id)!, namespaces: ['library', String(h.username), 'other'] });
    ns = await child(await rootOf(id), String(h.username));
    repos = await children(ns);
    assert.equal(repos.length, 21, 'the pages Load more showed are still there');
    assert.ok(await isMore(repos[20]));
    assert.match(tipText((await item(ns)).tooltip), /24 repositories/);
    await setSetting('pageSize', 100);
  });

  test('Harbor: the Semantic version sort applies to the artifact list; "1 repository"; project tooltips', async () => {
    const h = testbed().harbor;
    assert.ok(h, 'testbed has no Harbor test server');
    await setSetting('pageSize', 100);
    const id = await add({ url: h.url, name: 'tree-harbor', username: h.username, password: h.password });
    const root = await rootOf(id);
    const tools = await child(root, 'tools');
    assert.match(String((await item(tools)).description), /^1 repository · private/);
    assert.match(tipText((await item(tools)).tooltip), /tools[\s\S]*Private project[\s\S]*1 repository/);
    assert.match(String((await item(await child(tools, 'busy'))).description), /^1 artifact\b/);
    const app = await child(await child(root, 'demo'), 'app');
    assert.deepEqual(await labels(await children(app)), ['latest', '1.1.0', '1.0.0']);
  });

  test('5,000 tags: the first page costs one tags/list under every sort; rows seen before cost nothing after a sort', async () => {
    const big = testbed().big;
    assert.ok(big, 'testbed has no big registry (REGX_HOST_BIG=0?)');
    await setSetting('pageSize', 100);
    const id = await add({ url: big.url, name: 'tree-big' });
    const client = api.ctx.clients.get(id);
    const counts: Record<string, number> = {};
    for (const sort of ['semver', 'date', 'name']) {
      await vscode.commands.executeCommand('registryExplorer.refresh');
      await vscode.commands.executeCommand('registryExplorer.sortTags', undefined, sort);
      const repo = await child(await rootOf(id), big.repository);
      const before = client.requestCount;
      const kids = await children(repo);
      counts[sort] = client.requestCount - before;
      assert.equal(kids.length, 101, 'page size 100 + "Load more"');
      assert.ok(counts[sort] <= 1, `${counts[sort]} requests to show the first page sorted by ${sort}`);
    }
    // Sorted by name, the first 100 rows load their details; by semver, another 100 tags are shown (they load);
    // back to name, the first 100 need nothing: what was loaded is kept across sorts.
    const byName = await children(await child(await rootOf(id), big.repository));
    await renderAndSettle(byName.slice(0, 100));
    let before = client.requestCount;
    await vscode.commands.executeCommand('registryExplorer.sortTags', undefined, 'semver');
    await renderAndSettle((await children(await child(await rootOf(id), big.repository))).slice(0, 100));
    counts.toSemverNewRows = client.requestCount - before;
    before = client.requestCount;
    await vscode.commands.executeCommand('registryExplorer.sortTags', undefined, 'name');
    const back = await children(await child(await rootOf(id), big.repository));
    assert.deepEqual(await labels(back.slice(0, 3)), await labels(byName.slice(0, 3)));
    for (const k of back.slice(0, 100)) assert.notEqual(String((await item(k)).description), '…');
    await renderAndSettle(back.slice(0, 100));
    counts.backToName = client.requestCount - before;
    console.log(`[tree-requests] ${JSON.stringify(counts)}`);
    assert.equal(counts.backToName, 0, 'rows seen before need no request');
    assert.ok(counts.toSemverNewRows <= 101, `${counts.toSemverNewRows} requests for 100 newly shown tags on one manifest`);
    await setSetting('tagSort', undefined);
  });
});

