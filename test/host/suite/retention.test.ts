// Clean Up Repository… and Show Size in a real extension host, against the testbed's plain registry: the
// preview panel opens, the scripted apply deletes exactly what the shared planner said, the report names the
// garbage collection step, and Show Size answers config + layers per platform.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testbed } from '../testbed';
import { addRegistry, extensionApi } from '../tree';
import { listTags, pushImageDetailed, pushIndex, seedRetention } from '../../support/seed';
import type { TestRegistry } from '../../support/registry';
import type { CleanUpOutcome } from '../../../src/commands/retention/cleanUpRepository';
import type { SizeOutcome } from '../../../src/commands/retention/showSize';

const added: string[] = [];
const run = Date.now().toString(36);

function seedTarget(r: { url: string; registry: string; username?: string; password?: string }): TestRegistry {
  return { mode: 'plain', url: r.url, registry: r.registry, username: r.username, password: r.password, dataDir: '', tokenRequests: () => 0, onStop: () => undefined, stop: async () => undefined };
}

suite('retention', function () {
  this.timeout(90_000);

  suiteTeardown(async () => {
    const api = await extensionApi();
    for (const id of added) await api.ctx.registries.remove(id).catch(() => undefined);
  });

  test('Clean Up Repository: preview, apply, report; protected tags, a kept index\'s child and the kept signature stay', async () => {
    const r = testbed().registries.plain;
    assert.ok(r, 'testbed has no plain registry');
    const reg = seedTarget(r);
    const repo = `ret-${run}/app`;
    const d = await seedRetention(reg, repo);
    const id = await addRegistry({ url: r.url, name: 'ret-plain' }, added);
    const out = await vscode.commands.executeCommand<CleanUpOutcome | undefined>('registryExplorer.cleanUpRepository',
      { registryId: id, repository: repo }, { keepLast: 2, protect: ['semver', 'latest', 'production'] }, true);
    assert.ok(out?.result, 'no result');
    assert.deepEqual(out.result.failed, []);
    assert.equal(out.result.deleted.length, 6);
    const sig5 = `${d['build-5']!.replace(':', '-')}.sig`;
    assert.deepEqual((await listTags(reg, repo)).sort(), ['build-4', 'build-5', 'latest', 'production', 'production-amd64', sig5, 'v1.0.0'].sort());
    assert.ok(out.report?.notes.some((n) => n.includes('registry garbage-collect')), 'the report explains garbage collection');
    assert.ok(out.report?.notes.some((n) => /referenced .* in \d+ blobs/.test(n)), 'the report names the space referenced');
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === `Clean up ${repo}`);
    assert.ok(tab, 'the preview panel is open');
  });

  test('Show Size: a tag is config + layers; an index per platform', async () => {
    const r = testbed().registries.plain!;
    const reg = seedTarget(r);
    const repo = `ret-${run}/size`;
    const img = await pushImageDetailed(reg, repo, 'one', { layers: 3 });
    await pushIndex(reg, repo, 'multi', ['linux/amd64', 'linux/arm64']);
    const id = await addRegistry({ url: r.url, name: 'ret-size' }, added);
    const one = await vscode.commands.executeCommand<SizeOutcome | undefined>('registryExplorer.showSize', { registryId: id, reference: `${repo}:one` });
    assert.equal(one?.bytes, img.size - img.manifest.length);
    const multi = await vscode.commands.executeCommand<SizeOutcome | undefined>('registryExplorer.showSize', { registryId: id, reference: `${repo}:multi` });
    assert.deepEqual(multi?.platforms?.map((p) => p.platform), ['linux/amd64', 'linux/arm64']);
    const whole = await vscode.commands.executeCommand<SizeOutcome | undefined>('registryExplorer.showSize', { registryId: id, repository: repo });
    assert.equal(whole?.bytes, (one?.bytes ?? 0) + (multi?.bytes ?? 0));
  });
});
