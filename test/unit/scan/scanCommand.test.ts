// scanImage (src/commands/scan.ts) end to end in Node with a stand-in `vscode` and the stand-in trivy:
// the registry's stored password reaches Trivy through its environment only, the image is scanned by digest,
// the report panel opens with the report, and the tag row's decoration shows the severity badge.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeUri, fakeExtensionContext, installFakeVscode } from './fakeVscode';
import { waitFor } from '../../support/wait';

const rec = installFakeVscode();
const { scanImage, openScanReportFile } = require('../../../src/commands/scan') as typeof import('../../../src/commands/scan');
const { imageUri } = require('../../../src/tree/imageUri') as typeof import('../../../src/tree/imageUri');
const { Reference } = require('../../../src/registry/index') as typeof import('../../../src/registry/index');
const { registerScanDecorations } = require('../../../src/tree/scanDecorations') as typeof import('../../../src/tree/scanDecorations');

const dir = mkdtempSync(join(tmpdir(), 'regx-scan-cmd-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const record = join(dir, 'trivy-record.json');
process.env.FAKE_TRIVY_RECORD = record;

const digest = 'sha256:' + 'ab'.repeat(32);
const def = { id: 'reg1', name: 'local', url: 'http://127.0.0.1:5000', kind: 'distribution' as const, username: 'alice', caFile: '/etc/regx/ca.pem' };
const errors: unknown[] = [];
const extension = fakeExtensionContext(join(dir, 'storage'));
const ctx = {
  extension,
  log: { info() {}, warn() {}, debug() {}, error() {} },
  config: { trivyPath: join(__dirname, '../../support/fake-trivy/trivy') },
  registries: { secret: async (id: string) => (id === 'reg1' ? { method: 'password', credentials: { username: 'alice', password: 'pa$$-w0rd "quoted"' } } : undefined) },
  clients: {},
  tree: {},
  pickImage: async () => ({ registry: def, client: {}, ref: new Reference('127.0.0.1:5000', 'team/app', '1.0'), digest }),
  withProgress: <T>(_t: string, task: (s: AbortSignal, r: (m: string) => void) => Promise<T>) => task(new AbortController().signal, () => {}),
  reportError: async (e: unknown) => void errors.push(e),
};

describe('scan command glue', () => {
  test('scanImage: env credentials, digest reference, report panel, badge', async () => {
    const decorations = registerScanDecorations(extension as never);
    const row = imageUri('reg1', 'team/app', digest, '1.0') as unknown as FakeUri;
    assert.equal(decorations.provideFileDecoration(row as never), undefined, 'no badge before scanning');

    const report = await scanImage(ctx as never, undefined);
    assert.deepEqual(errors, []);
    assert.ok(report);
    const r = JSON.parse(readFileSync(record, 'utf8')) as { argv: string[]; env: Record<string, string> };
    assert.deepEqual(r.argv, ['image', '--format', 'json', '--quiet', '--insecure', '--', `127.0.0.1:5000/team/app@${digest}`]);
    assert.ok(!JSON.stringify(r.argv).includes('pa$$'), 'no password in argv');
    assert.equal(r.env.TRIVY_USERNAME, 'alice');
    assert.equal(r.env.TRIVY_PASSWORD, 'pa$$-w0rd "quoted"');
    assert.equal(r.env.SSL_CERT_FILE, '/etc/regx/ca.pem');

    const panel = rec.panels.at(-1)!;
    assert.equal(panel.title, 'Scan: 127.0.0.1:5000/team/app:1.0');
    const postedBefore = panel.posted.length;
    panel.onMessage!({ type: 'ready' });
    await waitFor(() => panel.posted.length > postedBefore, { what: 'the panel to post the report after "ready"' });
    assert.deepEqual(JSON.parse((panel.posted.at(-1) as { reportJson: string }).reportJson), report);

    const badge = decorations.provideFileDecoration(row as never) as { badge: string; tooltip: string };
    assert.equal(badge.badge, 'C');
    assert.match(badge.tooltip, /6 findings \(2 critical, 4 medium/);
    assert.ok(rec.decorationEvents.length > 0, 'the tree was told to redraw the row');
    // Kept per digest: a fresh provider over the same state (a reload) shows the same badge, and the report is stored.
    const state = extension.globalState.get<Record<string, unknown>>('registryExplorer.scanResults');
    assert.ok(state && digest in state);
    assert.deepEqual(await decorations.loadReport(digest), report);
  });

  test('scanImage on Harbor: trigger, follow, fetch the 1.1 report; no Trivy involved', async () => {
    const harborExample = JSON.parse(readFileSync(join(__dirname, '../../fixtures/harbor/example-vulnerability-report.json'), 'utf8'));
    const calls: string[] = [];
    const hdigest = 'sha256:' + 'cd'.repeat(32);
    const harbor = {
      scan: async (p: string, r: string, ref: string) => void calls.push(`scan ${p}/${r}@${ref}`),
      waitForScan: async (p: string, r: string, ref: string, o: { onStatus?: (s: unknown) => void }) => {
        calls.push(`wait ${p}/${r}@${ref}`);
        o.onStatus?.({ scan_status: 'Running', complete_percent: 50 });
        return { report_id: '1', scan_status: 'Success' };
      },
      vulnerabilityReport: async (p: string, r: string, ref: string) => {
        calls.push(`report ${p}/${r}@${ref}`);
        return { 'application/vnd.security.vulnerability.report; version=1.1': harborExample };
      },
    };
    const hdef = { id: 'h1', name: 'harbor', url: 'https://harbor.test', kind: 'harbor' as const };
    rmSync(record, { force: true });
    const hctx = {
      ...ctx,
      clients: { harbor: (id: string) => (id === 'h1' ? harbor : undefined) },
      pickImage: async () => ({ registry: hdef, client: {}, ref: new Reference('harbor.test', 'proj/app', 'v2'), digest: hdigest, harbor: { project: 'proj', repository: 'app' } }),
    };
    const report = await scanImage(hctx as never, undefined);
    assert.deepEqual(errors, []);
    assert.deepEqual(calls, [`scan proj/app@${hdigest}`, `wait proj/app@${hdigest}`, `report proj/app@${hdigest}`]);
    assert.equal(report?.format, 'harbor');
    assert.equal(report?.findings.length, harborExample.vulnerabilities.length);
    assert.throws(() => readFileSync(record), 'Trivy did not run');
    const badge = registerScanDecorations(extension as never).provideFileDecoration(imageUri('h1', 'proj/app', hdigest) as never) as { badge: string };
    assert.equal(badge.badge, 'H');
  });

  test('openScanReportFile opens a Trivy JSON file', async () => {
    const file = FakeUri.file(join(__dirname, '../../fixtures/scan/mixed-kinds.json'));
    const report = await openScanReportFile(ctx as never, file);
    assert.equal(report?.findings.length, 12);
    assert.equal(rec.panels.at(-1)!.title, 'Scan: mixed-kinds.json');
  });
});

describe('accepted risks in Scan Image', () => {
  test('Harbor: the project\'s CVE allowlist and the workspace .trivyignore mark findings ignored; the badge leaves them out', async () => {
    const harborExample = JSON.parse(readFileSync(join(__dirname, '../../fixtures/harbor/example-vulnerability-report.json'), 'utf8'));
    const hdigest = 'sha256:' + 'ef'.repeat(32);
    const harbor = {
      scan: async () => undefined,
      waitForScan: async () => ({ report_id: '1', scan_status: 'Success' }),
      vulnerabilityReport: async () => ({ 'application/vnd.security.vulnerability.report; version=1.1': harborExample }),
      project: async (name: string) => ({ project_id: 1, name, repo_count: 1, metadata: { reuse_sys_cve_allowlist: 'false' }, cve_allowlist: { items: [{ cve_id: 'CVE-2013-7445' }] } }),
      systemCveAllowlist: async () => { throw new Error('the project does not reuse the system allowlist'); },
    };
    const folder = mkdtempSync(join(dir, 'ws-'));
    require('node:fs').writeFileSync(join(folder, '.trivyignore'), '# accepted for the 2.x line\nCVE-2019-2182\n');
    const vscode = require('vscode') as { workspace: { workspaceFolders: unknown } };
    vscode.workspace.workspaceFolders = [{ uri: FakeUri.file(folder), name: 'ws', index: 0 }];
    try {
      const hctx = {
        ...ctx,
        clients: { harbor: () => harbor },
        pickImage: async () => ({ registry: { id: 'h2', name: 'harbor', url: 'https://harbor.test', kind: 'harbor' }, client: {}, ref: new Reference('harbor.test', 'proj/app', 'v3'), digest: hdigest, harbor: { project: 'proj', repository: 'app' } }),
      };
      const report = await scanImage(hctx as never, undefined);
      assert.deepEqual(errors, []);
      assert.deepEqual(report?.findings.filter((f) => f.ignored).map((f) => [f.id, f.ignored!.rule, f.ignored!.note]), [
        ['CVE-2013-7445', 'Harbor CVE allowlist of project proj', undefined],
        ['CVE-2019-2182', `${join(folder, '.trivyignore')}:2`, 'accepted for the 2.x line'],
      ].sort((a, b) => harborExample.vulnerabilities.findIndex((v: { id: string }) => v.id === a[0]) - harborExample.vulnerabilities.findIndex((v: { id: string }) => v.id === b[0])));
      assert.equal(report?.findings.length, 3, 'ignored findings are kept');
      const badge = registerScanDecorations(extension as never).provideFileDecoration(imageUri('h2', 'proj/app', hdigest) as never) as { badge: string; tooltip: string };
      assert.equal(badge.badge, 'L', 'only the Low finding counts');
      assert.match(badge.tooltip, /1 findings \(1 low/);
    } finally {
      vscode.workspace.workspaceFolders = undefined;
    }
  });
});
