// compareScanResults (src/commands/compareScans.ts) in Node with the stand-in `vscode` and the stand-in Trivy:
// run on a tag without a baseline, it offers the repository's other tags first, then any image or a report
// file; the chosen tag's stored report is reused, the candidate is scanned by Trivy, and the compare panel
// posts the comparison (with its label table) when its page says 'ready'.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeExtensionContext, installFakeVscode } from '../scan/fakeVscode';
import { waitFor } from '../../support/wait';

const rec = installFakeVscode();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const vscode = require('vscode') as { window: Record<string, unknown>; [k: string]: unknown };
const quickPicks: { label: string; kind?: number }[][] = [];
vscode.QuickPickItemKind = { Separator: -1, Default: 0 };
vscode.ThemeIcon = class { constructor(readonly id: string) {} };
vscode.window.showQuickPick = async (items: { label: string; tag?: string }[]) => {
  quickPicks.push(items);
  return items.find((i) => i.tag === '0.9');
};
const { compareScanResults } = require('../../../src/commands/compareScans') as typeof import('../../../src/commands/compareScans');
const { Reference } = require('../../../src/registry/index') as typeof import('../../../src/registry/index');
const { registerScanDecorations } = require('../../../src/tree/scanDecorations') as typeof import('../../../src/tree/scanDecorations');
const { parseTrivyReport } = require('../../../src/scan/parseTrivyReport') as typeof import('../../../src/scan/parseTrivyReport');

const dir = mkdtempSync(join(tmpdir(), 'regx-compare-cmd-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const record = join(dir, 'trivy-record.json');
process.env.FAKE_TRIVY_RECORD = record;
delete process.env.FAKE_TRIVY_REPORT; // the stand-in prints alpine-39 for the candidate

const digests: Record<string, string> = { '1.0': `sha256:${'10'.repeat(32)}`, '0.9': `sha256:${'09'.repeat(32)}` };
const def = { id: 'reg1', name: 'local', url: 'http://127.0.0.1:5000', kind: 'distribution' as const };
const backend = { tags: async () => ({ items: [{ tag: '0.9' }, { tag: '1.0' }, { tag: '0.10' }, {}] }) };
const target = (tag: string) => ({ registry: def, backend, client: {}, ref: new Reference('127.0.0.1:5000', 'team/app', tag), digest: digests[tag] });
const errors: unknown[] = [];
const extension = fakeExtensionContext(join(dir, 'storage'));
const ctx = {
  extension,
  log: { info() {}, warn() {}, debug() {}, error() {} },
  config: { trivyPath: join(__dirname, '../../support/fake-trivy/trivy'), pageSize: 100 },
  registries: { secret: async () => undefined },
  clients: {},
  tree: {},
  pickImage: async (arg: unknown) => (arg && typeof arg === 'object' && 'ref' in arg ? target((arg as { ref: { tag: string } }).ref.tag) : target('1.0')),
  withProgress: <T>(_t: string, task: (s: AbortSignal, r: (m: string) => void) => Promise<T>) => task(new AbortController().signal, () => {}),
  reportError: async (e: unknown) => void errors.push(e),
};

test('Compare Scan Results: other tags first, the baseline\'s stored report reused, the candidate scanned', async () => {
  const baseline = parseTrivyReport(JSON.parse(readFileSync(join(__dirname, '../../fixtures/scandiff/alpine-310.json.golden'), 'utf8')));
  await registerScanDecorations(extension as never).saveReport(digests['0.9'], baseline);

  const diff = await compareScanResults(ctx as never, undefined);
  assert.deepEqual(errors, []);
  assert.ok(diff);
  // The quick pick: the repository's other tags (newest first; not the candidate's own, not untagged rows), then the others.
  assert.deepEqual(quickPicks[0].map((i) => i.label), ['Tags of team/app', '0.10', '0.9', '', 'Another image…', 'A scan report file…']);
  // Trivy ran once, for the candidate, by digest; the baseline came from the stored report.
  const argv = (JSON.parse(readFileSync(record, 'utf8')) as { argv: string[] }).argv;
  assert.equal(argv.at(-1), `127.0.0.1:5000/team/app@${digests['1.0']}`);
  assert.deepEqual(diff.added.map((f) => f.package), ['musl', 'musl-utils']);
  assert.equal(diff.changed.length, 4);

  const panel = rec.panels.at(-1)!;
  assert.equal(panel.title, 'Compare: 127.0.0.1:5000/team/app:0.9 → 127.0.0.1:5000/team/app:1.0');
  assert.match(panel.html, /dist\/webview\/compare\.js/);
  assert.match(panel.html, /script-src 'nonce-/);
  panel.onMessage!({ type: 'bogus' });
  panel.onMessage!({ type: 'ready' });
  await waitFor(() => panel.posted.length > 0, { what: 'the compare panel to post after "ready"' });
  assert.equal(panel.posted.length, 1, 'only "ready" is answered');
  const m = panel.posted[0] as { type: string; diffJson: string; strings: Record<string, string> };
  assert.equal(m.type, 'compare');
  assert.deepEqual(JSON.parse(m.diffJson), diff);
  assert.equal(m.strings['New ({0})'], 'New ({0})', 'the label table keeps its placeholders for the page');
});
