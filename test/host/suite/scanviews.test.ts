// Compare Scan Results and Show SBOM in a real extension host, from tag rows of the seeded registry, with the
// stand-in Trivy (test/support/fake-trivy/trivy) printing real Trivy goldens: the compare panel and the SBOM
// panel open as editor tabs, stored scan results are reused (the stand-in does not run again), and Trivy's
// SBOM run gets `--format cyclonedx` and the digest the tree shows. What the pages render is checked in
// test/e2e/scanviews.test.ts.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { useStandInTrivy, type StandInTrivy } from '../standInTrivy';
import { testbed } from '../testbed';
import { addRegistry, child, EXTENSION_ID as ID, extensionApi, rootOf, type Node } from '../tree';
import type { ExtensionApi } from '../../../src/extension';
import type { ScanDiff } from '../../../src/scan/diff';
import type { ScanReport } from '../../../src/scan/model';
import type { Sbom } from '../../../src/sbom/model';
import { waitFor } from '../../support/wait';

let api: ExtensionApi;
let trivy: StandInTrivy;
let registryId: string;
const added: string[] = [];
const fixture = (...p: string[]): string => join(vscode.extensions.getExtension(ID)!.extensionPath, 'test', 'fixtures', ...p);

async function tagNode(tag: string): Promise<{ node: Node; digest: string }> {
  const n = await child(await child(await rootOf(registryId), 'demo/app'), tag);
  const uri = await waitFor(async () => (await n.getTreeItem()).resourceUri, { what: `the ${tag} row to know its digest` });
  const digest = /@(sha256:[0-9a-f]{64})/.exec(decodeURIComponent(uri.toString()))?.[1];
  assert.ok(digest, `no digest in ${uri.toString()}`);
  return { node: n, digest };
}

function tabs(viewType: string, label: string): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(viewType) && t.label === label);
}

async function waitForTab(viewType: string, label: string): Promise<void> {
  await waitFor(() => tabs(viewType, label).length > 0, { what: `a tab "${label}"` }).catch((e: Error) => {
    throw new Error(`${e.message}; tabs: ${JSON.stringify(vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label))}`);
  });
}

suite('scanviews', function () {
  this.timeout(120_000);

  suiteSetup(async () => {
    api = await extensionApi();
    trivy = await useStandInTrivy();
    const r = testbed().registries.plain;
    assert.ok(r, 'testbed has no plain registry');
    registryId = await addRegistry({ url: r.url, name: 'scanviews-plain' }, added);
  });

  suiteTeardown(async () => {
    await trivy.restore();
    for (const id of added) await api.ctx.registries.remove(id).catch(() => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Compare Scan Results on a tag: the other tag\'s and its own stored scans, compared in a panel', async () => {
    const host = testbed().registries.plain!.registry;
    const base = await tagNode('1.0.0');
    const cand = await tagNode('1.1.0');
    assert.notEqual(base.digest, cand.digest);
    // Scan both tags (Alpine 3.10 as the baseline, Alpine 3.9 as the candidate); the results are kept per digest.
    trivy.prints(fixture('scandiff', 'alpine-310.json.golden'));
    assert.ok(await vscode.commands.executeCommand<ScanReport>('registryExplorer.scan', base.node));
    trivy.prints(fixture('trivy', 'alpine-39.json.golden'));
    assert.ok(await vscode.commands.executeCommand<ScanReport>('registryExplorer.scan', cand.node));

    // The comparison reuses both stored scans: the stand-in, now set to print something else, never runs.
    trivy.prints(fixture('trivy', 'secrets.json.golden'));
    rmSync(trivy.recordFile, { force: true });
    const diff = await vscode.commands.executeCommand<ScanDiff | undefined>('registryExplorer.compareScanResults', cand.node, base.node);
    assert.ok(diff, 'the compare command returned nothing (see the error notification / log)');
    assert.ok(!existsSync(trivy.recordFile), 'Trivy ran again although both scans were stored');
    assert.deepEqual(diff.added.map((f) => `${f.id} ${f.package}`), ['CVE-2019-14697 musl', 'CVE-2019-14697 musl-utils']);
    assert.equal(diff.fixed.length, 0);
    assert.equal(diff.changed.length, 4);
    assert.deepEqual(diff.after.bySeverity, { CRITICAL: 2, HIGH: 0, MEDIUM: 4, LOW: 0, UNKNOWN: 0 });
    await waitForTab('registryExplorer.scanCompare', `Compare: ${host}/demo/app:1.0.0 → ${host}/demo/app:1.1.0`);

    // Against a report file: the same comparison, titled after the file.
    const fromFile = await vscode.commands.executeCommand<ScanDiff | undefined>('registryExplorer.compareScanResults', cand.node, vscode.Uri.file(fixture('scandiff', 'alpine-310.json.golden')));
    assert.ok(fromFile);
    assert.deepEqual([fromFile.added.length, fromFile.fixed.length, fromFile.changed.length, fromFile.unchanged.length], [2, 0, 4, 0]);
    await waitForTab('registryExplorer.scanCompare', `Compare: alpine-310.json.golden → ${host}/demo/app:1.1.0`);
  });

  test('Show SBOM on a tag: Trivy\'s CycloneDX for the tag\'s digest, in a panel', async () => {
    const host = testbed().registries.plain!.registry;
    const { node, digest } = await tagNode('1.1.0');
    rmSync(trivy.recordFile, { force: true });
    const sbom = await vscode.commands.executeCommand<Sbom | undefined>('registryExplorer.showSbom', node);
    assert.ok(sbom, 'Show SBOM returned nothing (see the error notification / log)');
    assert.equal(sbom.format, 'cyclonedx');
    assert.equal(sbom.packages.length, 161);
    const argv = trivy.argv();
    assert.deepEqual(argv.slice(0, 4), ['image', '--format', 'cyclonedx', '--quiet']);
    assert.equal(argv.at(-2), '--');
    assert.equal(argv.at(-1), `${host}/demo/app@${digest}`);
    await waitForTab('registryExplorer.sbom', `SBOM: ${host}/demo/app:1.1.0`);
  });

  test('registryExplorer.showSbomDocument opens a given SPDX document; a bad argument is refused', async () => {
    const document = JSON.parse(readFileSync(fixture('sbom', 'centos-7-spdx.json'), 'utf8')) as unknown;
    const sbom = await vscode.commands.executeCommand<Sbom | undefined>('registryExplorer.showSbomDocument', { title: 'Attached SBOM <b>centos</b>', document });
    assert.ok(sbom);
    assert.equal(sbom.format, 'spdx');
    assert.deepEqual(sbom.packages.map((p) => p.name), ['centos', 'bash', 'openssl-libs']);
    await waitForTab('registryExplorer.sbom', 'Attached SBOM <b>centos</b>');
    assert.equal(await vscode.commands.executeCommand('registryExplorer.showSbomDocument', { title: 'x', document: { not: 'an sbom' } }), undefined);
    assert.equal(await vscode.commands.executeCommand('registryExplorer.showSbomDocument', 'nonsense'), undefined);
  });
});
