// Scanning in a real extension host (issue 4 acceptance): the scan command run on a tree node opens the
// report panel and sets the tag's severity badge through the FileDecorationProvider, with
//   - Trivy: the stand-in `trivy` (test/support/fake-trivy/trivy) set as registryExplorer.trivy.path; it records
//     its argv and TRIVY_* environment, which proves the credentials travelled in the environment, not argv;
//   - Harbor: the Harbor test server runs the server-side scan (Pending → Running → Success) and serves the report.
// The stand-in inherits the extension host's environment (runTrivy spreads process.env), and this suite runs in
// that same process, so FAKE_TRIVY_RECORD / FAKE_TRIVY_REPORT are set here on process.env.
// Like explorer.test.ts, nodes come from the extension's bundle: no `instanceof` on them here.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { testbed } from '../testbed';
import { addRegistry, child, EXTENSION_ID as ID, extensionApi, rootOf, type Node } from '../tree';
import type { ExtensionApi } from '../../../src/extension';
import type { ScanReport, Severity } from '../../../src/scan/model';
import { waitFor } from '../../support/wait';

const SEVERITY_ORDER: Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
const LETTER: Record<Severity, string> = { CRITICAL: 'C', HIGH: 'H', MEDIUM: 'M', LOW: 'L', UNKNOWN: '?' };
const STATE_KEY = 'registryExplorer.scanResults';

type Record_ = { argv: string[]; env: Record<string, string>; pid: number };

let api: ExtensionApi;
let tmp: string;
let recordFile: string;
const added: string[] = [];
const goldens = (): string => join(vscode.extensions.getExtension(ID)!.extensionPath, 'test', 'fixtures', 'trivy');

const add = (args: Record<string, unknown>): Promise<string> => addRegistry(args, added);
/** A tag row whose details (digest → resourceUri) have loaded. */
async function tagRow(path: string[]): Promise<{ node: Node; uri: vscode.Uri; digest: string }> {
  let n = await rootOf(path[0]);
  for (const name of path.slice(1)) n = await child(n, name);
  const uri = await waitFor(async () => (await n.getTreeItem()).resourceUri, { what: 'the tag row to know its digest' });
  assert.equal(uri.scheme, 'registry-explorer-image');
  const digest = /@(sha256:[0-9a-f]{64})/.exec(decodeURIComponent(uri.toString()))?.[1];
  assert.ok(digest, `no digest in ${uri.toString()}`);
  return { node: n, uri, digest };
}
/** The worst severity of a report, computed from its findings (what the badge must show). */
function worst(report: ScanReport): Severity {
  const present = new Set(report.findings.map((f) => f.severity));
  const w = SEVERITY_ORDER.find((s) => present.has(s));
  assert.ok(w, 'the report has no findings');
  return w;
}
/** The report panel's tab (webview tabs carry the panel's viewType, prefixed by the workbench). */
function reportTabs(title: string): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) =>
    t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('registryExplorer.scanReport') && t.label === title);
}
/** Collects the URIs the decoration provider announces as changed. */
function watchDecorations(): { uris: string[]; all: number; dispose(): void } {
  const seen = { uris: [] as string[], all: 0, dispose: () => sub.dispose() };
  const sub = api.scans.onDidChangeFileDecorations((e) => {
    if (e === undefined) seen.all++;
    else for (const u of Array.isArray(e) ? e : [e]) seen.uris.push(u.toString());
  });
  return seen;
}
/**
 * Records the workbench's own calls to the decoration provider (the tree view asks it for every row it renders,
 * and asks again after onDidChangeFileDecorations names the row). Call `restore()` before calling it directly.
 */
function spyDecorations(): { asked: { uri: string; badge?: string }[]; count(uri: vscode.Uri): number; restore(): void } {
  const p = api.scans;
  const orig = p.provideFileDecoration;
  const asked: { uri: string; badge?: string }[] = [];
  p.provideFileDecoration = function (uri: vscode.Uri) {
    const d = orig.call(p, uri);
    asked.push({ uri: uri.toString(), badge: d?.badge });
    return d;
  };
  return { asked, count: (u) => asked.filter((a) => a.uri === u.toString()).length, restore: () => { p.provideFileDecoration = orig; } };
}
const readRecord = (): Record_ => JSON.parse(readFileSync(recordFile, 'utf8')) as Record_;

suite('scan', function () {
  this.timeout(120_000);

  suiteSetup(async () => {
    api = await extensionApi();
    assert.ok(api.scans, 'activate() returns no scans (the decoration provider)');
    tmp = mkdtempSync(join(tmpdir(), 'regx-host-scan-'));
    recordFile = join(tmp, 'trivy-record.json');
    const stand = join(vscode.extensions.getExtension(ID)!.extensionPath, 'test', 'support', 'fake-trivy', 'trivy');
    assert.ok(existsSync(stand), `stand-in trivy missing: ${stand}`);
    await vscode.workspace.getConfiguration('registryExplorer').update('trivy.path', stand, vscode.ConfigurationTarget.Global);
    process.env.FAKE_TRIVY_RECORD = recordFile;
    process.env.FAKE_TRIVY_REPORT = join(goldens(), 'alpine-39.json.golden');
  });

  suiteTeardown(async () => {
    delete process.env.FAKE_TRIVY_RECORD;
    delete process.env.FAKE_TRIVY_REPORT;
    await vscode.workspace.getConfiguration('registryExplorer').update('trivy.path', undefined, vscode.ConfigurationTarget.Global);
    for (const id of added) await api.ctx.registries.remove(id).catch(() => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(tmp, { recursive: true, force: true });
  });

  test('Trivy: scan a tag from the tree → report panel, severity badge, credentials only in the environment', async () => {
    const r = testbed().registries.basic;
    assert.ok(r?.username && r.password, 'testbed has no basic-auth registry');
    const id = await add({ url: r.url, name: 's-basic', username: r.username, password: r.password });
    assert.equal((await api.ctx.registries.secret(id))?.credentials.password, r.password, 'password not in SecretStorage');
    const { node, uri, digest } = await tagRow([id, 'demo/app', '1.1.0']);
    assert.equal(api.scans.provideFileDecoration(uri), undefined, 'a badge before any scan');
    // Show the row in the real tree view: the workbench then asks the provider for its decoration.
    const spy = spyDecorations();
    const changes = watchDecorations();
    let report: ScanReport | undefined;
    try {
      await vscode.commands.executeCommand('registryExplorer.registries.focus');
      // Reveal again every second: when the view is already visible (earlier suites), the refreshes that adding
      // the registry and loading the row's details fire can re-render the tree over a reveal still in flight.
      const reveal = () => (api.ctx.tree as unknown as { reveal(n: unknown, o: object): Promise<void> }).reveal(node, { select: true, focus: false, expand: false });
      let revealedAt = 0;
      await waitFor(async () => {
        if (spy.count(uri) > 0) return true;
        // A re-render can drop a reveal in flight: reveal again (a retry; the wait itself is on the spy).
        if (Date.now() - revealedAt > 1000) { revealedAt = Date.now(); await reveal(); }
        return false;
      }, { what: 'the tree view to ask for the row\'s decoration' }).catch((e: Error) => {
        const view = (api.ctx.tree as unknown as { view?: vscode.TreeView<unknown> }).view;
        throw new Error(`${e.message} (view visible: ${view?.visible}, selection: ${view?.selection.length}, asked: ${JSON.stringify(spy.asked.slice(-5))}, row: ${uri.toString()})`);
      });
      const askedBefore = spy.count(uri);
      rmSync(recordFile, { force: true });

      report = await vscode.commands.executeCommand<ScanReport | undefined>('registryExplorer.scan', node);
      assert.ok(report, 'the scan command returned no report (see the error notification / log)');
      // The change event makes the workbench ask again; this time the provider answers with the badge.
      await waitFor(() => spy.count(uri) > askedBefore, { what: 'the tree view to ask again after the scan' });
      const last = spy.asked.filter((a) => a.uri === uri.toString()).at(-1);
      assert.equal(last?.badge, 'C', `the tree view got ${JSON.stringify(last)}`);
    } finally {
      spy.restore();
      changes.dispose();
    }
    assert.ok(report, 'the scan command returned no report (see the error notification / log)');
    assert.equal(report.format, 'trivy');
    assert.ok(report.findings.length > 0);

    // The stand-in ran once, with the credentials in its environment and nowhere in argv.
    const rec = readRecord();
    assert.equal(rec.env.TRIVY_USERNAME, r.username);
    assert.equal(rec.env.TRIVY_PASSWORD, r.password);
    for (const a of rec.argv) {
      assert.ok(!a.includes(r.password), `password in argv: ${JSON.stringify(rec.argv)}`);
      assert.ok(!a.includes(r.username), `username in argv: ${JSON.stringify(rec.argv)}`);
    }
    assert.deepEqual(rec.argv.slice(0, 4), ['image', '--format', 'json', '--quiet']);
    // The reference is ONE argument after "--", pinned to the digest the tree shows.
    assert.equal(rec.argv.at(-2), '--');
    assert.equal(rec.argv.at(-1), `${r.registry}/demo/app@${digest}`);

    // The report panel opened as an editor tab titled after the image.
    const title = `Scan: ${r.registry}/demo/app:1.1.0`;
    await waitFor(() => reportTabs(title).length > 0, { what: `a report tab "${title}"` }).catch((e: Error) => {
      throw new Error(`${e.message}; tabs: ${JSON.stringify(vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label))}`);
    });

    // The badge: the provider's decoration for the row's URI, and a change event for exactly that row.
    const dec = api.scans.provideFileDecoration(uri);
    assert.ok(dec, 'no decoration after the scan');
    assert.equal(dec.badge, LETTER[worst(report)]);
    assert.equal(dec.badge, 'C', 'alpine-39 golden has CRITICAL findings');
    assert.match(String(dec.tooltip), new RegExp(`${report.findings.length} findings`));
    assert.ok(changes.uris.includes(uri.toString()), `no decoration change for ${uri.toString()} (got ${JSON.stringify(changes)})`);
  });

  test('a rescan replaces the badge (kept per digest in globalState); Show Scan Report reopens it without scanning', async () => {
    const r = testbed().registries.basic!;
    const id = added.find((i) => api.ctx.registries.get(i)?.name === 's-basic');
    assert.ok(id, 'the Trivy test did not add its registry');
    const { uri, digest } = await tagRow([id, 'demo/app', '1.1.0']);
    assert.equal(api.scans.provideFileDecoration(uri)?.badge, 'C', 'the first scan left no badge');

    // Rescan through "latest" by name (no digest known to the command): same content as 1.1.0, so the
    // digest it resolves is the same and its result replaces 1.1.0's badge.
    process.env.FAKE_TRIVY_REPORT = join(goldens(), 'npm.json.golden');
    rmSync(recordFile, { force: true });
    const report = await vscode.commands.executeCommand<ScanReport | undefined>('registryExplorer.scan', { registryId: id, repository: 'demo/app', tag: 'latest' });
    assert.ok(report, 'the rescan returned no report');
    assert.equal(readRecord().argv.at(-1), `${r.registry}/demo/app@${digest}`, 'the rescan did not pin the resolved digest');
    const dec = api.scans.provideFileDecoration(uri);
    assert.equal(dec?.badge, LETTER[worst(report)]);
    assert.equal(dec?.badge, 'M', 'npm golden has only MEDIUM findings');

    // Persisted per digest in globalState (what a reload reads), with the new counts, no password.
    const state = api.ctx.extension.globalState.get<Record<string, { counts: Record<Severity, number>; total: number }>>(STATE_KEY);
    assert.ok(state?.[digest], `no globalState entry for ${digest}`);
    assert.equal(state[digest].counts.CRITICAL, 0);
    assert.equal(state[digest].total, report.findings.length);
    assert.ok(!JSON.stringify(state).includes(r.password!), 'password in globalState');

    // "Show Scan Report" opens the stored report: the stand-in does not run again.
    rmSync(recordFile, { force: true });
    const { node } = await tagRow([id, 'demo/app', '1.1.0']);
    const shown = await vscode.commands.executeCommand<ScanReport | undefined>('registryExplorer.openScanReport', node);
    assert.ok(shown);
    assert.equal(shown.findings.length, report.findings.length);
    assert.ok(!existsSync(recordFile), 'Show Scan Report ran Trivy again');
  });

  test('Trivy: the registry\'s CA file reaches Trivy (SSL_CERT_FILE); plain HTTP adds --insecure; trivy.serverUrl adds --server', async () => {
    const tls = testbed().registries.tls;
    const plain = testbed().registries.plain;
    assert.ok(tls?.caFile && plain, 'testbed has no tls/plain registry');
    const cfg = () => vscode.workspace.getConfiguration('registryExplorer');
    process.env.FAKE_TRIVY_REPORT = join(goldens(), 'secrets.json.golden');

    const tlsId = await add({ url: tls.url, name: 's-tls', username: tls.username, password: tls.password, caFile: tls.caFile });
    const t = await tagRow([tlsId, 'demo/app', '1.0.0']);
    rmSync(recordFile, { force: true });
    const r1 = await vscode.commands.executeCommand<ScanReport | undefined>('registryExplorer.scan', t.node);
    assert.ok(r1, 'the TLS scan returned no report');
    const rec1 = readRecord();
    assert.equal(rec1.env.SSL_CERT_FILE, tls.caFile);
    assert.ok(!rec1.argv.includes('--insecure'), `verified TLS must not be --insecure: ${JSON.stringify(rec1.argv)}`);
    assert.equal(rec1.argv.at(-1), `${tls.registry}/demo/app@${t.digest}`);
    assert.equal(api.scans.provideFileDecoration(t.uri)?.badge, LETTER[worst(r1)]);

    const server = 'http://127.0.0.1:4954';
    await cfg().update('trivy.serverUrl', server, vscode.ConfigurationTarget.Global);
    try {
      const plainId = await add({ url: plain.url, name: 's-plain' });
      const p = await tagRow([plainId, 'tools/busy', 'stable']);
      rmSync(recordFile, { force: true });
      const r2 = await vscode.commands.executeCommand<ScanReport | undefined>('registryExplorer.scan', p.node);
      assert.ok(r2, 'the plain-HTTP scan returned no report');
      const rec2 = readRecord();
      assert.ok(rec2.argv.includes('--insecure'), `plain HTTP needs --insecure: ${JSON.stringify(rec2.argv)}`);
      const at = rec2.argv.indexOf('--server');
      assert.ok(at > 0 && rec2.argv[at + 1] === server, `no --server ${server}: ${JSON.stringify(rec2.argv)}`);
      assert.equal(rec2.env.TRIVY_USERNAME, undefined, 'an anonymous registry passed a username');
      assert.equal(rec2.env.TRIVY_PASSWORD, undefined, 'an anonymous registry passed a password');
      assert.equal(rec2.argv.at(-1), `${plain.registry}/tools/busy@${p.digest}`);
    } finally {
      await cfg().update('trivy.serverUrl', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('Harbor: scan an artifact from the tree → server-side scan to Success, report panel, badge', async () => {
    const h = testbed().harbor;
    assert.ok(h, 'testbed has no Harbor test server');
    const id = await add({ url: h.url, name: 's-harbor', username: h.username, password: h.password });
    assert.equal(api.ctx.registries.get(id)!.kind, 'harbor');
    const { node, uri, digest } = await tagRow([id, 'demo', 'app', '1.1.0']);
    const harbor = api.ctx.clients.harbor(id);
    const before = await harbor.scanStatus('demo', 'app', digest);
    assert.notEqual(before?.scan_status, 'Success', 'the artifact was already scanned before the test');
    assert.equal(api.scans.provideFileDecoration(uri), undefined, 'a badge before any scan');
    rmSync(recordFile, { force: true });
    const changes = watchDecorations();

    const report = await vscode.commands.executeCommand<ScanReport | undefined>('registryExplorer.scan', node);
    changes.dispose();
    assert.ok(report, 'the Harbor scan returned no report (see the error notification / log)');
    assert.equal(report.format, 'harbor');
    assert.ok(report.findings.length > 0);
    assert.ok(!existsSync(recordFile), 'a Harbor artifact must be scanned by Harbor, not local Trivy');

    // Harbor ran the scan: its scan overview for this artifact ended in Success.
    const after = await harbor.scanStatus('demo', 'app', digest);
    assert.equal(after?.scan_status, 'Success');

    const title = `Scan: ${String(h.registry)}/demo/app:1.1.0`;
    await waitFor(() => reportTabs(title).length > 0, { what: `a report tab "${title}"` });

    const dec = api.scans.provideFileDecoration(uri);
    assert.ok(dec, 'no decoration after the Harbor scan');
    assert.equal(dec.badge, LETTER[worst(report)]);
    assert.ok(changes.uris.includes(uri.toString()), `no decoration change for ${uri.toString()} (got ${JSON.stringify(changes)})`);
  });
});
