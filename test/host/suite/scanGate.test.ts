// Build and Push with registryExplorer.build.scanBeforePush, in the real extension host: buildah builds, the
// stand-in Trivy (registryExplorer.trivy.path) reads the image archive and prints a real golden (alpine-39:
// 2 CRITICAL). A failed gate (default severities HIGH, CRITICAL) stops the push, opens the report and the
// registry never gets the tag; a .trivyignore in the build context accepts the risk and the push goes on.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { testbed } from '../testbed';
import { addRegistry, EXTENSION_ID as ID, extensionApi } from '../tree';
import type { ExtensionApi } from '../../../src/extension';
import { parseReference } from '../../../src/registry/reference';
import { waitFor } from '../../support/wait';

let api: ExtensionApi;
let root = '';
let id = '';
const added: string[] = [];
const cfg = () => vscode.workspace.getConfiguration('registryExplorer');
const SETTINGS = ['builder', 'build.isolation', 'build.storage', 'trivy.path', 'build.scanBeforePush'];

function project(name: string, files: Record<string, string>): vscode.Uri {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, c] of Object.entries(files)) writeFileSync(join(dir, f), c);
  return vscode.Uri.file(join(dir, 'Dockerfile'));
}
const reportTab = (title: string) => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) =>
  t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('registryExplorer.scanReport') && t.label === title);

suite('scan before push', function () {
  this.timeout(180_000);

  suiteSetup(async () => {
    api = await extensionApi();
    root = mkdtempSync(join(tmpdir(), 'regx-host-scangate-'));
    const stand = join(vscode.extensions.getExtension(ID)!.extensionPath, 'test', 'support', 'fake-trivy', 'trivy');
    assert.ok(existsSync(stand));
    await cfg().update('builder', 'buildah', vscode.ConfigurationTarget.Global);
    await cfg().update('build.isolation', 'chroot', vscode.ConfigurationTarget.Global);
    await cfg().update('build.storage', { root: join(root, 'storage'), runroot: join(root, 'run'), driver: 'vfs' }, vscode.ConfigurationTarget.Global);
    await cfg().update('trivy.path', stand, vscode.ConfigurationTarget.Global);
    await cfg().update('build.scanBeforePush', true, vscode.ConfigurationTarget.Global);
    process.env.FAKE_TRIVY_REPORT = join(vscode.extensions.getExtension(ID)!.extensionPath, 'test', 'fixtures', 'trivy', 'alpine-39.json.golden');
    process.env.FAKE_TRIVY_RECORD = join(root, 'record.json');
    const r = testbed().registries.basic!;
    id = await addRegistry({ url: r.url, name: 'scangate-basic', username: r.username, password: r.password }, added);
  });

  suiteTeardown(async () => {
    delete process.env.FAKE_TRIVY_REPORT;
    delete process.env.FAKE_TRIVY_RECORD;
    for (const a of added) await api.ctx.registries.remove(a).catch(() => undefined);
    for (const k of SETTINGS) await cfg().update(k, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('a failed gate stops the push and opens the report; the registry has no such tag', async () => {
    const uri = project('blocked', { 'Dockerfile': 'FROM scratch\nCOPY a.txt /a.txt\n', 'a.txt': 'a\n' });
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('registryExplorer.buildAndPush', uri, { registryId: id, repository: 'gate/blocked', tag: '1' })),
      /gate\/blocked:1 was not pushed: the scan before push found 2 findings at CRITICAL, HIGH \(2 CRITICAL\)/,
    );
    const rec = JSON.parse(readFileSync(process.env.FAKE_TRIVY_RECORD!, 'utf8')) as { argv: string[]; input?: { bytes: number } };
    assert.ok(rec.argv.some((a) => a.startsWith('--input=')) && (rec.input?.bytes ?? 0) > 0, 'Trivy read the image archive');
    const ref = parseReference(`${testbed().registries.basic!.registry}/gate/blocked:1`);
    await assert.rejects(api.ctx.clients.get(id).getManifest(ref), (e: { status?: number }) => e.status === 404);
    await waitFor(() => reportTab(`Scan before push: ${ref.familiar()}`), { what: 'the report of the failed gate' });
  });

  test('the .trivyignore of the build context accepts the CRITICAL findings: the push goes on', async () => {
    const uri = project('accepted', { 'Dockerfile': 'FROM scratch\nCOPY a.txt /a.txt\n', 'a.txt': 'a\n', '.trivyignore': '# musl: fixed upstream\nCVE-2019-14697\n' });
    const res = await vscode.commands.executeCommand<{ reference: string; digest?: string }>('registryExplorer.buildAndPush', uri, { registryId: id, repository: 'gate/accepted', tag: '1' });
    assert.ok(res?.digest);
    const m = await api.ctx.clients.get(id).getManifest(parseReference(res.reference));
    assert.equal(m.digest, res.digest);
  });
});
