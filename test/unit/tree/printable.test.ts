// Tree rows show what a registry sent (repository and tag names, error messages): printableItem() (the
// formatting helper the provider applies to every row) escapes controls and bidi characters in labels,
// descriptions and tooltips. Checked on its own, then through RegistryTreeProvider.getTreeItem with the real
// nodes against a hostile server, with a small stand-in for the `vscode` module.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import Module from 'node:module';
import { MemoryChallengeCache, RegistryClient } from '../../../src/registry/index';
import { printableItem } from '../../../src/tree/format';
import { json, startServer, type TestServer } from '../registry/servers';

/** C0 (but newline, a Markdown tooltip's own structure), DEL, C1 and the bidi controls of UAX #9. */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const EVIL = 'x\u001b]0;pwned\u0007\u001b[2J\rover\u202eexe\u2066\u009b';

class Md {
  constructor(public value = '') {}
  appendText(t: string): this { this.value += t.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&'); return this; }
  appendMarkdown(t: string): this { this.value += t; return this; }
}

function assertShown(item: { label?: unknown; description?: unknown; tooltip?: unknown }, where: string): void {
  const label = typeof item.label === 'string' ? item.label : (item.label as { label: string } | undefined)?.label ?? '';
  const tip = typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip as Md | undefined)?.value ?? '';
  for (const [k, v] of [['label', label], ['description', typeof item.description === 'string' ? item.description : ''], ['tooltip', tip]] as const) {
    assert.doesNotMatch(v, RAW, `${where} ${k}: ${JSON.stringify(v)}`);
  }
}

describe('printableItem (tree format helper)', () => {
  test('label, description and tooltip (text or Markdown) are escaped; ordinary rows are unchanged', () => {
    const item = printableItem({ label: `tag ${EVIL}`, description: EVIL, tooltip: new Md().appendText(`a/b:${EVIL}\n`).appendMarkdown('\n\nDigest: ') });
    assertShown(item, 'row');
    assert.equal(item.label, 'tag x\\u001b]0;pwned\\u0007\\u001b[2J\\u000dover\\u202eexe\\u2066\\u009b');
    assert.ok((item.tooltip as Md).value.includes('\n\nDigest: '), 'Markdown keeps its line breaks');
    const withLabel = printableItem({ label: { label: EVIL, highlights: [[0, 1]] as [number, number][] }, tooltip: EVIL });
    assertShown(withLabel, 'TreeItemLabel');
    assert.equal((withLabel.label as { highlights?: unknown }).highlights, undefined);
    const plain = { label: { label: 'v1.2.3', highlights: [[0, 2]] as [number, number][] }, description: '0123456789ab · 1.5 KiB', tooltip: 'café 日本語' };
    assert.deepEqual(printableItem({ ...plain }), plain);
  });
});

// ---- through the provider, with the real nodes ----

class TreeItem { id?: string; description?: string | boolean; tooltip?: unknown; iconPath?: unknown; contextValue?: string; command?: unknown; resourceUri?: unknown; constructor(public label: unknown, public collapsibleState?: number) {} }
class Emitter<T> { listeners: Array<(e: T) => void> = []; event = (l: (e: T) => void) => { this.listeners.push(l); return { dispose() {} }; }; fire(e: T) { for (const l of this.listeners) l(e); } dispose() {} }
const fakeVscode = {
  TreeItem, EventEmitter: Emitter, MarkdownString: Md,
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  ThemeIcon: class { constructor(readonly id: string, readonly color?: unknown) {} },
  ThemeColor: class { constructor(readonly id: string) {} },
  Uri: { from: (c: Record<string, string>) => ({ ...c, toString: () => `${c.scheme}://${c.authority}${c.path}?${c.query}` }) },
  l10n: { t: (m: string, ...a: unknown[]) => m.replace(/\{(\d+)\}/g, (_, i: string) => String(a[Number(i)])) },
  workspace: { onDidChangeConfiguration: () => ({ dispose() {} }) },
  window: { registerFileDecorationProvider: () => ({ dispose() {} }) },
  FileDecoration: class { constructor(readonly badge?: string, readonly tooltip?: string, readonly color?: unknown) {} },
};
const M = Module as unknown as { _load: (req: string, parent: unknown, isMain: boolean) => unknown };
const load = M._load;
M._load = function (req: string, parent: unknown, isMain: boolean) {
  return req === 'vscode' ? fakeVscode : load.call(this, req, parent, isMain);
};
type Provider = import('../../../src/tree/provider').RegistryTreeProvider;
type Node = import('../../../src/tree/treeNode').TreeNode;
const { RegistryTreeProvider } = require('../../../src/tree/provider') as typeof import('../../../src/tree/provider');
const { ScanResults } = require('../../../src/tree/scanDecorations') as typeof import('../../../src/tree/scanDecorations');
const { imageUri } = require('../../../src/tree/imageUri') as typeof import('../../../src/tree/imageUri');

describe('RegistryTreeProvider.getTreeItem against a hostile registry', () => {
  let server: TestServer;
  let client: RegistryClient;
  after(async () => { await client?.close(); await server?.close(); });

  test('registry, repository, tag and error rows show no raw control or bidi character', { timeout: 20_000 }, async () => {
    server = await startServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/v2/_catalog') return json(res, 200, { repositories: [`evil${EVIL}/app`, 'ok/app', 'broken/app'] });
      if (path === '/v2/ok/app/tags/list') return json(res, 200, { tags: [`t${EVIL}`] });
      // Everything else (the broken repository's tags, the tag's manifest) is refused with a hostile message.
      json(res, 403, { errors: [{ code: 'DENIED', message: `no ${EVIL}` }] });
    });
    client = new RegistryClient({ registry: server.url, challengeCache: new MemoryChallengeCache(), retries: 0 });
    const logged: string[] = [];
    const log = Object.fromEntries(['trace', 'debug', 'info', 'warn', 'error'].map((k) => [k, (m: string) => { logged.push(m); }]));
    const config = { detailConcurrency: 2, pageSize: 50, tagSort: 'name', affects: () => false };
    const def = { id: 'r1', name: `Evil ${EVIL}`, url: server.url, kind: 'generic' };
    const registries = { list: () => [def], get: () => def, onDidChange: () => ({ dispose() {} }) };
    const clients = { get: () => client };
    const provider: Provider = new RegistryTreeProvider(config as never, clients as never, registries as never, log as never);
    // The first change event is the tag row whose details failed (the only lazy load in this tree).
    const rerendered = new Promise<void>((resolve) => { provider.onDidChangeTreeData(() => resolve()); });

    const shown = async (n: Node, where: string) => { const item = await provider.getTreeItem(n); assertShown(item as never, where); return item; };
    const [reg] = await provider.getChildren() as Node[];
    assert.ok(reg);
    await shown(reg, 'registry');
    const repos = await provider.getChildren(reg) as Node[];
    assert.equal(repos.length, 3);
    for (const r of repos) await shown(r, 'repository');
    const byId = (part: string) => repos.find((r) => r.id.includes(part)) as Node;
    const tags = await provider.getChildren(byId('repo:ok/app')) as Node[];
    assert.equal(tags.length, 1);
    const first = await shown(tags[0] as Node, 'tag');
    assert.match(String(first.label), /^tx\\u001b\]0;pwned\\u0007/);
    // The tag's details fail; the row re-renders with the error in its tooltip.
    await rerendered;
    const failed = await shown(tags[0] as Node, 'tag with failed details');
    assert.ok(String((failed.tooltip as Md).value).includes('Error'), String((failed.tooltip as Md).value));
    // A failed load: the server's message in the error row (label and tooltip).
    const errors = await provider.getChildren(byId('repo:broken/app')) as Node[];
    const err = await shown(errors[0] as Node, 'error');
    assert.match(String(err.label), /no x\\u001b\]0;pwned/);
    // A repository name the client refuses to address is an error row too, and shown escaped.
    for (const n of await provider.getChildren(byId('repo:evil')) as Node[]) await shown(n, 'evil repository child');
    // Whatever the nodes logged went to the channel given to the provider (createLog escapes it; log.test.ts).
    assert.ok(logged.length > 0);
  });
});

test('scan badges: a tooltip built from Harbor\'s scan_overview (scanner name, end time) is escaped', async () => {
  const state = new Map<string, unknown>();
  const context = { globalState: { get: (k: string) => state.get(k), update: async (k: string, v: unknown) => { state.set(k, v); } } };
  const results = new ScanResults(context as never);
  const digest = `sha256:${'ab'.repeat(32)}`;
  await results.recordHarborOverview(digest, { scan_status: 'Success', end_time: `\u001b[2J\u202e2026`, scanner: { name: `Trivy${EVIL}` }, summary: { total: 1, summary: { High: 1 } } });
  const d = results.provideFileDecoration(imageUri('r1', 'app', digest, '1.0')) as { badge: string; tooltip: string } | undefined;
  assert.ok(d);
  assert.equal(d.badge, 'H');
  assert.doesNotMatch(d.tooltip, RAW, JSON.stringify(d.tooltip));
  assert.match(d.tooltip, /^Trivyx\\u001b\]0;pwned/);
  results.dispose();
});
