// "Any registry": a real registry behind a proxy that refuses GET /v2/_catalog (as ghcr.io, ECR, GAR and GitLab for
// non-admins do). The tree (real nodes, fake `vscode`) shows the pinned repositories first and an "Add Repository…"
// row instead of an error, asks the catalog once until a refresh, and Add Repository / Remove Pinned Repository
// change the registry definition only (request counts at the proxy).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { child, labels, makeTree, type TreeNodeLike } from '../../unit/tree/treeHarness';
import { startRegistry, type TestRegistry } from '../../support/registry';
import { startGateProxy, type GateProxy } from '../../support/gate-proxy';
import { pushImage } from '../../support/seed';
import type { RegistryDefinition } from '../../../src/editorContext';

let reg: TestRegistry;
let proxy: GateProxy & { refused(): { method: string; path: string }[] };
before(async () => {
  reg = await startRegistry('plain');
  await pushImage(reg, 'demo/app', '1.0');
  await pushImage(reg, 'team/tool', 'latest');
  proxy = await startGateProxy(reg, { refuse: (_m, path) => (path.startsWith('/v2/_catalog') ? 403 : undefined) });
});
after(async () => { await proxy?.stop(); await reg?.stop(); });

const catalogCalls = () => proxy.refused().filter((r) => r.path.startsWith('/v2/_catalog')).length;

describe('a registry whose catalog is refused', () => {
  for (const status of [401, 403, 404, 405]) {
    test(`${status} on the catalog: an "Add Repository…" row, not an error`, async () => {
      const p = await startGateProxy(reg, { refuse: (_m, path) => (path.startsWith('/v2/_catalog') ? status : undefined) });
      try {
        const t = await makeTree({ defs: [{ id: `r${status}`, name: 'gated', url: p.url, kind: 'distribution' }] });
        const [root] = await t.roots();
        const kids = await root.getChildren();
        assert.equal(kids.length, 1);
        const item = await kids[0].getTreeItem() as unknown as { label: string; contextValue: string; command?: { command: string } };
        assert.match(item.label, /does not list its repositories: Add Repository/);
        assert.equal(item.command?.command, 'registryExplorer.addRepository');
        assert.match(item.contextValue, /catalogRefused/);
        assert.ok(!/error/.test(item.contextValue));
        // The registry's own answer stays readable in the tooltip (a 401 may also mean wrong credentials).
        assert.match(String((item as unknown as { tooltip: { value: string } }).tooltip.value), new RegExp(`${status}|refused|denied|unauthorized|not found|unsupported`, 'i'));
      } finally { await p.stop(); }
    });
  }

  test('pinned repositories are listed first and browse normally; the catalog is asked once until a refresh', async () => {
    const def: RegistryDefinition = { id: 'g', name: 'gated', url: proxy.url, kind: 'distribution', repositories: ['team/tool', 'demo/app'] };
    const t = await makeTree({ defs: [def] });
    const [root] = await t.roots();
    const before = catalogCalls();
    const kids = await root.getChildren();
    assert.deepEqual((await labels(kids)).slice(0, 2), ['team/tool', 'demo/app']);
    assert.match((await labels(kids))[2], /does not list its other repositories/);
    assert.match(String((await kids[0].getTreeItem() as unknown as { contextValue: string }).contextValue), /\bpinnedRepository\b/);
    assert.equal(catalogCalls() - before, 1);
    // Redraws do not ask again.
    await root.getChildren();
    await root.getChildren();
    assert.equal(catalogCalls() - before, 1);
    // The pinned repository lists its tags through the registry (one tags/list).
    const tagsBefore = proxy.forwarded().filter((r) => r.path.startsWith('/v2/demo/app/tags/list')).length;
    const app = await child(root, 'demo/app');
    assert.deepEqual(await labels(await app.getChildren() as TreeNodeLike[]), ['1.0']);
    assert.equal(proxy.forwarded().filter((r) => r.path.startsWith('/v2/demo/app/tags/list')).length - tagsBefore, 1);
    // A refresh asks the catalog again (once).
    t.provider.refresh(root as never);
    await root.getChildren();
    assert.equal(catalogCalls() - before, 2);
  });

  test('Add Repository… pins a name in the definition (no request); Remove Pinned Repository forgets it; bad names are refused', async () => {
    const { addRepository, removePinnedRepository } = await import('../../../src/commands/pinnedRepositories');
    const def: RegistryDefinition = { id: 'a', name: 'gated', url: proxy.url, kind: 'distribution' };
    const t = await makeTree({ defs: [def] });
    const ctx = {
      registries: t.store,
      pickRegistry: async () => t.store.get('a'),
    };
    const [root] = await t.roots();
    await root.getChildren();
    const requests = proxy.forwarded().length + proxy.refused().length;
    assert.equal(await addRepository(ctx as never, undefined, 'demo/app'), 'demo/app');
    assert.equal(await addRepository(ctx as never, undefined, 'team/tool'), 'team/tool');
    await addRepository(ctx as never, undefined, 'demo/app'); // already pinned: kept once
    assert.deepEqual(t.store.get('a')!.repositories, ['demo/app', 'team/tool']);
    for (const bad of ['Demo/App', 'a//b', '../x', 'x\u001b[31m', 'a b', '$(id)']) {
      await assert.rejects(addRepository(ctx as never, undefined, bad), /invalid repository name/, bad);
    }
    assert.deepEqual(t.store.get('a')!.repositories, ['demo/app', 'team/tool']);
    assert.equal(proxy.forwarded().length + proxy.refused().length, requests, 'pinning sends nothing to the registry');
    // The tree shows them at once, on the same node (its refused catalog is not asked again).
    const [same] = await t.roots();
    assert.equal(same, root);
    assert.deepEqual((await labels(await same.getChildren())).slice(0, 2), ['demo/app', 'team/tool']);
    await removePinnedRepository(ctx as never, undefined, 'demo/app');
    assert.deepEqual(t.store.get('a')!.repositories, ['team/tool']);
    // VS Code asks for the roots again after the settings change; the same node adopts the new definition.
    const [again] = await t.roots();
    assert.equal(again, root);
    assert.deepEqual((await labels(await again.getChildren())).slice(0, 2), ['team/tool', (await labels(await again.getChildren()))[1]]);
    assert.ok(!(await labels(await again.getChildren())).includes('demo/app'));
    assert.equal(proxy.forwarded().length + proxy.refused().length, requests);
  });
});
