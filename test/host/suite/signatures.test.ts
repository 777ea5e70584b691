// Signatures in a real extension host: a cosign signature (made with an openssl key) and an SBOM pushed to the
// plain testbed registry; expanding the repository hides the `.sig`/`.sbom` tags and marks the signed tag;
// expanding the tag shows its signature and SBOM; Verify Signature (the key from registryExplorer.cosign.keys)
// shows "verified" on the row, "unsigned" for an image without a signature; Open SBOM hands the parsed document
// to `registryExplorer.showSbomDocument` (the scan views' SBOM page; a stand-in here when it is not registered).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testbed } from '../testbed';
import { addRegistry, child, children, extensionApi, item, label, provider, rootOf, type Node } from '../tree';
import { pushImage } from '../../support/seed';
import type { TestRegistry } from '../../support/registry';
import { makeKey, pushCosignSbom, pushCosignSignature } from '../../support/cosign';
import { waitFor } from '../../support/wait';
import type { ExtensionApi } from '../../../src/extension';

let api: ExtensionApi;
const added: string[] = [];
const run = Date.now().toString(36);
let dir: string;
let stub: vscode.Disposable | undefined;
const shown: unknown[] = [];

function seedTarget(r: { url: string; registry: string }): TestRegistry {
  return { mode: 'plain', url: r.url, registry: r.registry, dataDir: '', tokenRequests: () => 0, onStop: () => undefined, stop: async () => undefined };
}
const setSetting = (key: string, value: unknown) => vscode.workspace.getConfiguration('registryExplorer').update(key, value, vscode.ConfigurationTarget.Global);
const description = async (n: Node): Promise<string> => String((await item(n)).description ?? '');

/** The repository's rows after their details loaded (as the view renders them). */
async function rows(id: string, repo: string): Promise<Node[]> {
  const r = await child(await rootOf(id), repo);
  const first = await children(r);
  await Promise.all(first.map(item));
  await waitFor(() => provider().details.pending === 0, { what: 'the tag details to load' });
  await new Promise((res) => setImmediate(res));
  return children(await child(await rootOf(id), repo));
}

suite('signatures', function () {
  this.timeout(120_000);

  suiteSetup(async () => {
    api = await extensionApi();
    dir = mkdtempSync(join(tmpdir(), 'regx-host-sig-'));
    if (!(await vscode.commands.getCommands(true)).includes('registryExplorer.showSbomDocument')) {
      stub = vscode.commands.registerCommand('registryExplorer.showSbomDocument', (arg: unknown) => { shown.push(arg); });
    }
  });

  suiteTeardown(async () => {
    stub?.dispose();
    await setSetting('cosign.keys', undefined);
    for (const id of added) await api.ctx.registries.remove(id).catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a signed tag: mark, .sig hidden, signature and SBOM children, Verify shows verified; an unsigned one shows unsigned', async () => {
    const r = testbed().registries.plain;
    assert.ok(r, 'testbed has no plain registry');
    const reg = seedTarget(r);
    const repo = `aa-sig/app-${run}`;
    const key = makeKey(dir, 'release', 'ecdsa-p256');
    const digest = await pushImage(reg, repo, 'v1', { salt: `sig-v1-${run}` });
    await pushImage(reg, repo, 'v2', { salt: `sig-v2-${run}` });
    await pushCosignSignature(reg, repo, digest, [key], { dir, created: '2026-02-01T00:00:00Z' });
    await pushCosignSbom(reg, repo, digest);
    await setSetting('cosign.keys', [key.publicKey]);
    const id = await addRegistry({ url: r.url, name: 'sig-plain' }, added);

    let tags = await rows(id, repo);
    assert.deepEqual(await Promise.all(tags.map(label)), ['v2', 'v1'], 'the .sig and .sbom tags are hidden');
    const v1 = tags[1];
    assert.match(await description(v1), /^signed · /);
    assert.doesNotMatch(await description(tags[0]), /signed/);

    const kids = await children(v1);
    assert.deepEqual(await Promise.all(kids.map(label)), ['Signature', 'SBOM']);

    const ok = await vscode.commands.executeCommand<{ status: string; reason: string } | undefined>('registryExplorer.verifySignature', v1);
    assert.equal(ok?.status, 'verified', ok?.reason);
    assert.match(ok!.reason, /signed by release\.pub \(key [0-9a-f]{16}\)/);
    tags = await rows(id, repo);
    assert.match(await description(tags[1]), /^✓ verified · /);

    const none = await vscode.commands.executeCommand<{ status: string } | undefined>('registryExplorer.verifySignature', tags[0]);
    assert.equal(none?.status, 'unsigned');
    tags = await rows(id, repo);
    assert.match(await description(tags[0]), /^unsigned · /);

    // Open SBOM on the SBOM row: the parsed CycloneDX document goes to the SBOM page's command.
    const sbomRow = (await children(tags[1]))[1];
    const doc = await vscode.commands.executeCommand<{ bomFormat?: string } | undefined>('registryExplorer.openSbom', sbomRow);
    assert.equal(doc?.bomFormat, 'CycloneDX');
    if (stub) {
      assert.equal(shown.length, 1);
      assert.match(String((shown[0] as { title: string }).title), new RegExp(`${repo}:v1`));
    }
  });

  test('showAttachmentTags shows the cosign tags as rows', async () => {
    await setSetting('showAttachmentTags', true);
    try {
      const id = added[0];
      const repo = `aa-sig/app-${run}`;
      const names = await Promise.all((await rows(id, repo)).map(label));
      assert.equal(names.filter((n) => /^sha256-[0-9a-f]{64}\.(sig|sbom)$/.test(n)).length, 2, names.join(', '));
    } finally {
      await setSetting('showAttachmentTags', undefined);
    }
  });
});
