// The Registries tree (real provider and nodes, the `vscode` stand-in of test/unit/tree) over the real registry
// 2.8 with cosign signatures made by openssl keys: `.sig`/`.sbom` tags are hidden unless
// registryExplorer.showAttachmentTags; the "signed" mark comes from the tag list alone (the same requests as a
// repository without signatures); expanding a signed tag lists its signature and SBOM (3 requests: the referrers
// API, the two cosign manifests named by the list); a verification result shows on the row.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { child, descriptionOf, labels, makeTree, render, settle, vscodeFake, type TreeNodeLike } from '../../unit/tree/treeHarness';
import { startRegistry, type TestRegistry } from '../../support/registry';
import { pushImage } from '../../support/seed';
import { makeKey, pushCosignSbom, pushCosignSignature } from '../../support/cosign';

const T = { timeout: 60_000 };
/** The row's contextValue (what package.json `when` clauses read). */
const contextOf = async (n: TreeNodeLike): Promise<string> => String(((await n.getTreeItem()) as { contextValue?: string }).contextValue);

describe('tree: signatures and attachments (registry 2.8)', () => {
  let reg: TestRegistry;
  let dir: string;
  let signed: string;

  before(async () => {
    reg = await startRegistry('plain');
    dir = mkdtempSync(join(tmpdir(), 'regx-tree-sig-'));
    const key = makeKey(dir, 'k', 'ecdsa-p256');
    signed = await pushImage(reg, 'app', 'v1', { salt: 'tree-v1' });
    await pushImage(reg, 'app', 'v2', { salt: 'tree-v2' });
    await pushCosignSignature(reg, 'app', signed, [key], { dir, created: '2026-01-02T03:04:05Z' });
    await pushCosignSbom(reg, 'app', signed);
    await pushImage(reg, 'plain', 'v1', { salt: 'plain-v1' });
    await pushImage(reg, 'plain', 'v2', { salt: 'plain-v2' });
  }, { timeout: 120_000 });

  after(async () => {
    await reg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(settings: Record<string, unknown> = {}) {
    const t = await makeTree({ defs: [{ id: 'r', name: 'r', url: `http://${reg.registry}`, kind: 'distribution' }], settings });
    const [root] = await t.roots();
    return { t, root, client: t.client('r') };
  }
  async function rowsOf(t: Awaited<ReturnType<typeof open>>, repo: string): Promise<TreeNodeLike[]> {
    const rows = await (await child(t.root, repo)).getChildren();
    await render(rows);
    await settle(t.t.provider);
    return (await child(t.root, repo)).getChildren();
  }

  test('.sig/.sbom tags hidden; the signed mark costs no request beyond the rows\' details', T, async () => {
    const t = await open();
    await t.root.getChildren();
    let before = t.client.requestCount;
    const plain = await rowsOf(t, 'plain');
    const plainCost = t.client.requestCount - before;
    before = t.client.requestCount;
    const rows = await rowsOf(t, 'app');
    const appCost = t.client.requestCount - before;
    assert.deepEqual(await labels(rows), ['v2', 'v1']);
    assert.equal(appCost, plainCost, 'the signed mark made requests of its own');
    const v1 = rows[1];
    assert.match(await descriptionOf(v1), /^signed · /);
    assert.match(await contextOf(v1), /\bsigned\b.*\battached\b/);
    assert.doesNotMatch(await descriptionOf(rows[0]), /signed/);
    assert.equal((await rows[0].getTreeItem()).collapsibleState, 0, 'an unsigned image has nothing to expand');
    assert.equal((await plain[0].getTreeItem()).collapsibleState, 0);
  });

  test('expanding a signed tag lists its signature and SBOM: 3 requests', T, async () => {
    const t = await open();
    const rows = await rowsOf(t, 'app');
    const before = t.client.requestCount;
    const kids = await rows[1].getChildren();
    assert.equal(t.client.requestCount - before, 3);
    assert.deepEqual(await labels(kids), ['Signature', 'SBOM']);
    assert.match(await contextOf(kids[0]), /\battachment-signature\b/);
    assert.match(await descriptionOf(kids[0]), /[0-9a-f]{12}$/);
    assert.match(await contextOf(kids[1]), /\battachment-sbom\b/);
  });

  test('registryExplorer.showAttachmentTags shows them; a verification result replaces the mark', T, async () => {
    const t = await open({ showAttachmentTags: true });
    const rows = await rowsOf(t, 'app');
    const names = await labels(rows);
    assert.ok(names.includes(`${signed.replace(':', '-')}.sig`) && names.includes(`${signed.replace(':', '-')}.sbom`), names.join(', '));
    vscodeFake.set('showAttachmentTags', false);
    t.t.provider.showVerification('r', 'app', signed, { status: 'verified', reason: 'signed by k.pub' });
    const again = await rowsOf(t, 'app');
    assert.deepEqual(await labels(again), ['v2', 'v1']);
    assert.match(await descriptionOf(again[1]), /^✓ verified · /);
  });
});
