// The report panel's host side (src/webview/reportPanel.ts) against a small stand-in for the `vscode` module:
// the page gets the report on 'ready', only http(s) links are opened, exports are written where the user
// chose, malformed messages are ignored, and the HTML carries a fresh nonce and the strict CSP.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import Module from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrivyReport, type ScanReport } from '../../../src/scan/index';
import { microtasksDrained } from '../../support/wait';

interface FakeUri { scheme: string; path: string; fsPath: string; toString(): string }
const uri = (s: string): FakeUri => ({ scheme: s.split(':')[0], path: s.replace(/^[a-z]+:\/\//, '/'), fsPath: s.replace(/^file:\/\//, ''), toString: () => s });

const opened: string[] = [];
const written: { path: string; text: string }[] = [];
let saveTarget: FakeUri | undefined;
/** The label of the quick-pick item to choose (the first one when unset), and what was offered. */
let pickAnswer: RegExp | undefined;
const offered: string[][] = [];
let panelOptions: Record<string, unknown> = {};
const posted: unknown[] = [];
let onMessage: ((m: unknown) => void) | undefined;
let html = '';

const fakeVscode = {
  Uri: {
    joinPath: (base: FakeUri, ...p: string[]) => uri(`${base.toString()}/${p.join('/')}`),
    parse: (s: string) => uri(s),
  },
  ViewColumn: { Active: -1 },
  l10n: { t: (m: string, ...a: unknown[]) => m.replace(/\{(\d+)\}/g, (_, i) => String(a[Number(i)])) },
  env: { openExternal: async (u: FakeUri) => { opened.push(u.toString()); return true; } },
  workspace: {
    workspaceFolders: undefined,
    fs: { writeFile: async (u: FakeUri, bytes: Uint8Array) => { written.push({ path: u.toString(), text: Buffer.from(bytes).toString('utf8') }); } },
  },
  window: {
    showSaveDialog: async () => { saveDialogs++; return saveTarget; },
    showQuickPick: async (items: { label: string }[]) => {
      offered.push(items.map((i) => i.label));
      return pickAnswer ? items.find((i) => pickAnswer!.test(i.label)) : items[0];
    },
    showInformationMessage: async () => undefined,
    createWebviewPanel: (_type: string, title: string, _col: unknown, options: Record<string, unknown>) => {
      panelOptions = options;
      const webview = {
        cspSource: 'https://fake.vscode-cdn.net',
        asWebviewUri: (u: FakeUri) => uri(u.toString().replace('file://', 'https://fake.vscode-cdn.net')),
        postMessage: async (m: unknown) => { posted.push(m); return true; },
        onDidReceiveMessage: (fn: (m: unknown) => void) => { onMessage = fn; return { dispose() {} }; },
        set html(v: string) { html = v; },
        get html() { return html; },
      };
      // Closing the tab: VS Code fires onDidDispose to every listener.
      const closed: (() => void)[] = [];
      return {
        title, webview, iconPath: undefined,
        onDidDispose: (fn: () => void) => { closed.push(fn); return { dispose() {} }; },
        dispose() { for (const fn of closed.splice(0)) fn(); },
      };
    },
  },
};

const M = Module as unknown as { _load: (req: string, parent: unknown, isMain: boolean) => unknown };
const load = M._load;
M._load = function (req: string, parent: unknown, isMain: boolean) {
  return req === 'vscode' ? fakeVscode : load.call(this, req, parent, isMain);
};
const { openReport } = require('../../../src/webview/reportPanel') as typeof import('../../../src/webview/reportPanel');

const shared = join(__dirname, '../../fixtures');
const report: ScanReport = parseTrivyReport(JSON.parse(readFileSync(join(shared, 'trivy/alpine-39.json.golden'), 'utf8')));
const context = { extensionUri: uri('file:///ext'), subscriptions: [] as unknown[] };
let saveDialogs = 0;
/**
 * Delivers a page message through the listener the panel subscribed, then waits until the panel has done
 * with it: every fake above answers with an already-settled promise, so the handler's whole chain has run
 * once the microtask queue is empty (an ordering guarantee of the event loop, not a delay).
 */
const send = async (m: unknown) => {
  assert.ok(onMessage, 'the panel subscribed no message listener');
  onMessage(m);
  await microtasksDrained();
};

describe('report panel (host side)', () => {
  test('options, HTML and the report on ready', async () => {
    openReport(context as never, report, 'Scan: alpine');
    assert.equal(panelOptions.enableScripts, true);
    assert.equal(panelOptions.retainContextWhenHidden, false);
    assert.deepEqual((panelOptions.localResourceRoots as FakeUri[]).map(String), ['file:///ext/dist/webview', 'file:///ext/media']);
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
    assert.ok(nonce && nonce.length >= 24, 'a random nonce');
    assert.ok(html.includes(`<script type="module" nonce="${nonce}" src="https://fake.vscode-cdn.net/ext/dist/webview/report.js">`));
    assert.ok(html.includes("default-src 'none'"));
    await send({ type: 'ready' });
    const m = posted.at(-1) as { type: string; reportJson: string; title: string };
    assert.equal(m.type, 'report');
    assert.equal(m.title, 'Scan: alpine');
    assert.deepEqual(JSON.parse(m.reportJson), report);
    const html1 = html;
    openReport(context as never, report, 'again');
    assert.notEqual(/nonce-([^']+)/.exec(html)?.[1], /nonce-([^']+)/.exec(html1)?.[1], 'a fresh nonce per panel');
  });

  test('only http(s) links are opened; junk messages are ignored', async () => {
    opened.length = 0;
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'command:workbench.action.terminal.new', 'vscode://evil', 'https://nvd.nist.gov/vuln/detail/CVE-2019-14697']) await send({ type: 'openLink', url });
    await send({ type: 'openLink', url: 42 });
    await send('openLink');
    await send(null);
    assert.deepEqual(opened, ['https://nvd.nist.gov/vuln/detail/CVE-2019-14697']);
  });

  test('exports write the chosen file; cancelling writes nothing', async () => {
    written.length = 0;
    saveTarget = undefined;
    const dialogs = saveDialogs;
    await send({ type: 'export', format: 'csv' });
    assert.equal(saveDialogs, dialogs + 1, 'the save dialog was shown');
    assert.equal(written.length, 0);
    saveTarget = uri('file:///tmp/out.sarif');
    await send({ type: 'export', format: 'sarif' });
    assert.equal(written.length, 1);
    assert.equal(JSON.parse(written[0].text).version, '2.1.0');
    saveTarget = uri('file:///tmp/out.csv');
    await send({ type: 'export', format: 'csv' });
    assert.match(written[1].text, /^Kind,ID,Severity,Target,/);
    await send({ type: 'export', format: 'exe' });
    assert.equal(written.length, 2);
    assert.equal(saveDialogs, dialogs + 3, 'no save dialog for an unknown format');
  });

  test('export writes what the filter shows, and offers all findings too', async () => {
    written.length = 0;
    offered.length = 0;
    saveTarget = uri('file:///tmp/shown.csv');
    const shown = report.findings.slice(0, 2).map((f) => f.key);
    assert.ok(report.findings.length > 2, 'the fixture has more findings than are shown');
    pickAnswer = undefined;
    await send({ type: 'export', format: 'csv', shown });
    assert.equal(written.length, 1);
    assert.equal(written[0].text.trim().split('\n').length, 1 + shown.length, 'a header and the shown findings');
    assert.equal(offered.length, 1, 'a filtered export asks: the shown findings or all');
    assert.match(offered[0][0], /2 findings shown/);
    assert.match(offered[0][1], new RegExp(`all ${report.findings.length} findings`, 'i'));
    pickAnswer = /all/i;
    saveTarget = uri('file:///tmp/all.csv');
    await send({ type: 'export', format: 'csv', shown });
    assert.equal(written[1].text.trim().split('\n').length, 1 + report.findings.length);
    // Nothing filtered: no question.
    await send({ type: 'export', format: 'csv', shown: report.findings.map((f) => f.key) });
    assert.equal(offered.length, 2);
    // Keys the report does not have are junk: the message is ignored.
    await send({ type: 'export', format: 'csv', shown: [99999] });
    await send({ type: 'export', format: 'csv', shown: ['1'] });
    assert.equal(written.length, 3);
  });

  test('a closed panel leaves no subscription behind', () => {
    const before = context.subscriptions.length;
    const a = openReport(context as never, report, 'first');
    const b = openReport(context as never, report, 'second');
    assert.equal(context.subscriptions.length, before + 2, 'an open panel is disposed on deactivation');
    a.panel.dispose();
    assert.equal(context.subscriptions.length, before + 1);
    assert.ok(!context.subscriptions.includes(a), 'the closed panel is gone from the subscriptions');
    assert.ok(context.subscriptions.includes(b), 'the open one stays');
    b.panel.dispose();
    assert.equal(context.subscriptions.length, before);
  });
});
