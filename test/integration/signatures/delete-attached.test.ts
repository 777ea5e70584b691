// Deleting a signed image on the real registry 2.8 (deletes by digest only): the plan names its cosign `.sig` and
// `.att` tags, the modal offers "Delete with Signatures" next to "Delete", and only the chosen answer's tags go:
// "Delete" leaves them, "Delete with Signatures" removes them after the image, a tag moved since the plan is
// refused. The `vscode` stand-in's modal records what it showed and answers as the test says.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installFakeVscode } from '../../unit/scan/fakeVscode';
import { startRegistry, type TestRegistry } from '../../support/registry';
import { listTags, pushImage } from '../../support/seed';
import { makeKey, pushCosignSignature, type TestKey } from '../../support/cosign';

installFakeVscode();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const vscode = require('vscode') as { window: Record<string, unknown> };
const { deleteTag } = require('../../../src/commands/deleteCommands') as typeof import('../../../src/commands/deleteCommands');
const { DistributionBackend } = require('../../../src/backends/distributionBackend') as typeof import('../../../src/backends/distributionBackend');
const { MemoryChallengeCache, Reference, RegistryClient, RegistryError } = require('../../../src/registry/index') as typeof import('../../../src/registry/index');

const T = { timeout: 60_000 };
let shown: Array<{ detail: string; items: string[] }> = [];
let answer: (items: string[]) => string | undefined = () => undefined;
vscode.window.showWarningMessage = async (_m: string, o: { detail?: string }, ...items: string[]) => {
  shown.push({ detail: o?.detail ?? '', items });
  return answer(items);
};

describe('delete keeps signatures consistent (registry 2.8)', () => {
  let reg: TestRegistry;
  let dir: string;
  let key: TestKey;
  let client: InstanceType<typeof RegistryClient>;
  const errors: unknown[] = [];
  const ctx = () => {
    const backend = new DistributionBackend(client, reg.registry);
    const def = { id: 'r', name: 'r', url: reg.url, kind: 'distribution' as const };
    return {
      tree: { refreshRepository() {}, refreshRegistry() {}, refresh() {} },
      pickImage: async (arg: unknown) => ({ registry: def, backend, client, ref: arg }),
      withProgress: <R>(_t: string, task: (s: AbortSignal, r: () => void) => Promise<R>) => task(new AbortController().signal, () => {}),
      reportError: async (e: unknown) => void errors.push(e),
    } as never;
  };
  async function signedImage(repo: string): Promise<{ digest: string; sig: string; att: string }> {
    const digest = await pushImage(reg, repo, 'v1', { salt: repo });
    await pushCosignSignature(reg, repo, digest, [key], { dir });
    // An attestation tag: cosign's `.att` (its content does not matter to the delete).
    const sigTag = `${digest.replace(':', '-')}.sig`;
    const att = `${digest.replace(':', '-')}.att`;
    await pushImage(reg, repo, att, { salt: `${repo}-att` });
    return { digest, sig: sigTag, att };
  }

  before(async () => {
    reg = await startRegistry('plain', { deleteEnabled: true });
    dir = mkdtempSync(join(tmpdir(), 'regx-del-sig-'));
    key = makeKey(dir, 'k', 'ed25519');
    client = new RegistryClient({ registry: `http://${reg.registry}`, challengeCache: new MemoryChallengeCache() });
  }, { timeout: 60_000 });
  after(async () => {
    await client?.close();
    await reg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the modal names the .sig and .att tags; "Delete" leaves them', T, async () => {
    const s = await signedImage('keep');
    shown = [];
    answer = (items) => items.find((i) => i === 'Delete');
    assert.equal(await deleteTag(ctx(), new Reference(reg.registry, 'keep', 'v1')), true, String(errors.at(-1)));
    assert.equal(shown.length, 1);
    assert.deepEqual(shown[0].items, ['Delete with Signatures', 'Delete']);
    assert.match(shown[0].detail, new RegExp(`attached to it: ${s.sig}, ${s.att}|attached to it: ${s.att}, ${s.sig}`));
    assert.deepEqual((await listTags(reg, 'keep')).sort(), [s.att, s.sig].sort());
  });

  test('"Delete with Signatures" removes the image, then its .sig and .att tags', T, async () => {
    await signedImage('gone');
    answer = (items) => items.find((i) => i === 'Delete with Signatures');
    assert.equal(await deleteTag(ctx(), new Reference(reg.registry, 'gone', 'v1')), true, String(errors.at(-1)));
    assert.deepEqual(await listTags(reg, 'gone'), []);
  });

  test('cancel deletes nothing; a .sig tag moved since the plan is refused', T, async () => {
    const s = await signedImage('moved');
    answer = () => undefined;
    assert.equal(await deleteTag(ctx(), new Reference(reg.registry, 'moved', 'v1')), false);
    assert.equal((await listTags(reg, 'moved')).length, 3);

    const b = new DistributionBackend(client, reg.registry);
    const plan = await b.planDelete({ ref: new Reference(reg.registry, 'moved', 'v1') });
    assert.equal(plan.what, 'manifest');
    // Someone re-signs after the plan: the .sig tag now names another manifest.
    await pushCosignSignature(reg, 'moved', s.digest, [key, key], { dir });
    await assert.rejects(b.executeDelete(plan, { withAttachments: true }), (e: unknown) => e instanceof RegistryError && e.code === 'PLAN_STALE');
    assert.deepEqual((await listTags(reg, 'moved')).sort(), [s.att, s.sig].sort(), 'the image went (confirmed); the moved .sig and the .att stay');
  });
});
