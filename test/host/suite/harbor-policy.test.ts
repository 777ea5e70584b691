// Harbor policy from the tree, in a real extension host against the Harbor test server (issue 10 "Policy and
// safety", "Audit, replication, promotion"): commands run with the tree's own nodes (as their menus would) and
// their effect is checked over Harbor's API and in the tree. Projects are unique to this suite ("pol…"), created
// by pushing through Harbor's /v2/, so other suites see the seed unchanged.
// Like explorer.test.ts, nodes come from the extension's bundle: no `instanceof` on them here.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testbed } from '../testbed';
import { addRegistry, child, extensionApi, rootOf, type Node } from '../tree';
import type { ExtensionApi } from '../../../src/extension';
import { Reference } from '../../../src/registry/index';
import { listTags, pushImage } from '../../support/seed';
import type { TestRegistry } from '../../support/registry';
import { waitFor } from '../../support/wait';

let api: ExtensionApi;
const added: string[] = [];
const run = Date.now().toString(36).slice(-5);
const dev = `pol${run}dev`;
const staging = `pol${run}stg`;

type Harbor = Record<string, unknown> & { url: string; username?: string; password?: string };
let h: Harbor;
let id: string;
let viaHarbor: TestRegistry;

function seedTarget(r: { url: string; registry: string; username?: string; password?: string }): TestRegistry {
  return {
    mode: 'plain', url: r.url, registry: r.registry, username: r.username, password: r.password, dataDir: '',
    tokenRequests: () => 0, onStop: () => undefined, stop: async () => undefined,
  };
}
const mdText = (t: vscode.TreeItem['tooltip']): string => (typeof t === 'string' ? t : t?.value ?? '');
const ctxValue = async (n: Node): Promise<string> => (await n.getTreeItem()).contextValue ?? '';
/** A command whose refusal is an error notification: dismiss notifications until it has returned (as commands2 does). */
async function refused<T>(command: string, ...args: unknown[]): Promise<T | undefined> {
  let settled = false;
  const p = Promise.resolve(vscode.commands.executeCommand<T>(command, ...args)).finally(() => { settled = true; });
  while (!settled) await vscode.commands.executeCommand('notifications.clearAll');
  return p;
}
async function row(ns: string, repo: string, tag: string): Promise<Node> {
  return child(await child(await child(await rootOf(id), ns), repo), tag);
}

suite('harbor policy', function () {
  this.timeout(90_000);

  suiteSetup(async () => {
    api = await extensionApi();
    const tb = testbed().harbor as Harbor | undefined;
    assert.ok(tb, 'testbed has no Harbor test server');
    h = tb;
    viaHarbor = seedTarget({ url: h.url, registry: new URL(h.url).host, username: h.username, password: h.password });
    await pushImage(viaHarbor, `${dev}/app`, '1.0.0', { salt: `a-${run}` });
    await pushImage(viaHarbor, `${dev}/app`, '1.1.0', { salt: `b-${run}` });
    await pushImage(viaHarbor, `${staging}/base`, 'v1', { salt: `c-${run}` });
    id = await addRegistry({ url: h.url, name: 'policy-harbor', username: h.username, password: h.password }, added);
  });

  suiteTeardown(async () => {
    for (const r of added) await api.ctx.registries.remove(r).catch(() => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('project and registry rows carry the policy capabilities their menus read', async () => {
    const ns = await child(await rootOf(id), dev);
    for (const w of ['hasProjectPolicy', 'hasImmutability', 'hasLabels', 'hasAuditLog']) assert.match(await ctxValue(ns), new RegExp(`\\b${w}\\b`));
    assert.match(await ctxValue(await rootOf(id)), /\bhasReplication\b/);
  });

  test('vulnerability settings: changed from the project node, read back from Harbor', async () => {
    const ns = await child(await rootOf(id), dev);
    const s = await vscode.commands.executeCommand<{ scanOnPush: boolean; preventSeverity?: string; reuseSystemAllowlist: boolean; allowlist: { cves: string[] } }>(
      'registryExplorer.vulnerabilitySettings', ns, { scanOnPush: true, preventSeverity: 'critical', reuseSystemAllowlist: false, allowlist: { cves: ['CVE-2024-3094'] } });
    assert.equal(s?.scanOnPush, true);
    assert.equal(s?.preventSeverity, 'critical');
    assert.deepEqual(s?.allowlist.cves, ['CVE-2024-3094']);
    const p = await api.ctx.clients.harbor(id).project(dev) as unknown as { metadata: Record<string, string>; cve_allowlist: { items: Array<{ cve_id: string }> } };
    assert.equal(p.metadata.auto_scan, 'true');
    assert.equal(p.metadata.severity, 'critical');
    assert.deepEqual(p.cve_allowlist.items, [{ cve_id: 'CVE-2024-3094' }]);
    const sys = await vscode.commands.executeCommand<{ cves: string[] }>('registryExplorer.editSystemCveAllowlist', await rootOf(id), { cves: ['CVE-2021-44228'] });
    assert.deepEqual(sys?.cves, ['CVE-2021-44228']);
  });

  test('immutability: a rule locks the tags it matches in the tree; delete and overwrite are explained, nothing is sent', async () => {
    const ns = await child(await rootOf(id), dev);
    assert.equal(await vscode.commands.executeCommand<boolean>('registryExplorer.addImmutabilityRule', ns, { repositories: 'app', tags: '1.0.*' }), true);
    const locked = await waitFor(async () => {
      const it = await (await row(dev, 'app', '1.0.0')).getTreeItem();
      return (it.iconPath as vscode.ThemeIcon | undefined)?.id === 'lock' ? it : undefined;
    }, { what: 'the lock on 1.0.0' });
    assert.match(locked.contextValue ?? '', /\bimmutable\b/);
    assert.match(String(locked.description), /immutable|不可变/);
    assert.notEqual(((await (await row(dev, 'app', '1.1.0')).getTreeItem()).iconPath as vscode.ThemeIcon).id, 'lock');

    // Delete from the row: refused before any DELETE, with the rule named.
    const b = api.ctx.backends.get(id);
    const err = await b.planDelete({ ref: new Reference(new URL(h.url).host, `${dev}/app`, '1.0.0') }).then(() => undefined, (e: unknown) => e as Error & { code?: string });
    assert.equal(err?.code, 'TAG_IMMUTABLE');
    assert.match(err?.message ?? '', /immutability rule #\d+ \(repositories matching app, tags matching 1\.0\.\*\)/);
    assert.equal(await refused<boolean>('registryExplorer.deleteTag', await row(dev, 'app', '1.0.0'), true), false);
    // Retag 1.1.0 as 1.0.0 would move the protected tag: refused too.
    assert.equal(await refused<string>('registryExplorer.retag', await row(dev, 'app', '1.1.0'), '1.0.0'), undefined);
    assert.deepEqual((await listTags(viaHarbor, `${dev}/app`)).sort(), ['1.0.0', '1.1.0'], 'nothing changed on the server');

    const rules = await b.immutability!.rules(dev);
    assert.equal(await vscode.commands.executeCommand<boolean>('registryExplorer.removeImmutabilityRule', ns, rules[0].id, true), true);
    assert.deepEqual(await b.immutability!.rules(dev), []);
  });

  test('labels: created in the project, added from the row (tooltip shows it as text), removed', async () => {
    const ns = await child(await rootOf(id), dev);
    const hostile = '<img src=x onerror=alert(1)>';
    assert.equal(await vscode.commands.executeCommand<boolean>('registryExplorer.createLabel', ns, { name: hostile, color: '#48960C' }), true);
    assert.equal(await vscode.commands.executeCommand<boolean>('registryExplorer.addLabel', await row(dev, 'app', '1.1.0'), hostile), true);
    const it = await waitFor(async () => {
      const i = await (await row(dev, 'app', '1.1.0')).getTreeItem();
      return /\blabeled\b/.test(i.contextValue ?? '') ? i : undefined;
    }, { what: 'the label on 1.1.0' });
    const md = mdText(it.tooltip);
    // Appended as text (Markdown syntax escaped: the parentheses), in a MarkdownString without supportHtml, so
    // VS Code shows the tag as text instead of rendering it.
    assert.ok(md.includes('onerror=alert\\(1\\)'), `the label is Markdown-escaped text: ${md.slice(-300)}`);
    assert.notEqual((it.tooltip as vscode.MarkdownString).supportHtml, true);
    assert.notEqual((it.tooltip as vscode.MarkdownString).isTrusted, true);
    assert.equal(await vscode.commands.executeCommand<boolean>('registryExplorer.removeLabel', await row(dev, 'app', '1.1.0'), hostile), true);
    await waitFor(async () => !/\blabeled\b/.test(await ctxValue(await row(dev, 'app', '1.1.0'))) || undefined, { what: 'the label gone' });
  });

  test('audit log: opened from the project node in a webview tab; Harbor recorded what this suite did', async () => {
    const ns = await child(await rootOf(id), dev);
    const panel = await vscode.commands.executeCommand<{ served: number; project: string } | undefined>('registryExplorer.showAuditLog', ns);
    assert.equal(panel?.project, dev);
    await waitFor(() => (panel!.served > 0 ? true : undefined), { what: 'the first page served to the page', timeout: 30_000 });
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('registryExplorer.auditLog'));
    assert.ok(tab, 'no audit log tab');
    const page = await api.ctx.backends.get(id).audit!.auditLog(dev, { page: 1, pageSize: 10, operation: 'create', resourceType: 'tag' });
    assert.equal(page.items.length, 0, 'no tag was created in this project (the retag was refused)');
  });

  test('replication policies and their latest executions (read-only)', async () => {
    const r = await vscode.commands.executeCommand<{ policies: Array<{ name: string; destination: string }>; executions?: Array<{ status: string; failed: number }> }>('registryExplorer.showReplication', await rootOf(id), 1);
    assert.deepEqual(r?.policies.map((p) => p.name), ['mirror-hub', 'to-dr-site']);
    assert.deepEqual(r?.executions?.map((e) => [e.status, e.failed]), [['Failed', 1], ['Succeed', 0]]);
  });

  test('promote from the row: Harbor copies into the other project with a new tag; the tree shows it', async () => {
    const out = await vscode.commands.executeCommand<Reference | undefined>('registryExplorer.promote', await row(dev, 'app', '1.1.0'), { namespace: staging, tag: 'rc1' });
    assert.equal(out?.repository, `${staging}/app`);
    assert.deepEqual((await listTags(viaHarbor, `${staging}/app`)).sort(), ['1.1.0', 'rc1']);
    await waitFor(async () => (await child(await child(await rootOf(id), staging), 'app').then(() => true, () => undefined)), { what: `${staging}/app in the tree` });
  });
});
