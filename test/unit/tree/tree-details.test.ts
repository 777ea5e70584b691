// v2 lazy details in the real tree nodes, counted at the registry: a config blob shared by many tags is fetched
// once; Load more, sorting and filtering keep what is loaded (no row goes back to "…", no manifest is read again, and
// sorting does not drop the pages Load more showed).
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { child, descriptionOf, labels, makeTree, render, settle, vscodeFake, type TreeNodeLike } from './treeHarness';
import { startV2, type V2Server } from './v2server';

const servers: V2Server[] = [];
after(async () => { for (const s of servers) await s.close(); });

async function rows(repo: TreeNodeLike): Promise<{ tags: TreeNodeLike[]; more?: TreeNodeLike }> {
  const kids = await repo.getChildren();
  const last = kids[kids.length - 1];
  const hasMore = last && /Load more/.test(String((await last.getTreeItem()).label));
  return { tags: hasMore ? kids.slice(0, -1) : kids, more: hasMore ? last : undefined };
}

describe('tree: v2 details are cached and kept', () => {
  /** 200 tags on 200 manifests sharing one config blob; page size 100. */
  async function bigRepo() {
    const tags = Array.from({ length: 200 }, (_, i) => ({ tag: `1.${i}.0`, created: '2025-01-01T00:00:00Z', config: 'shared' }));
    const v2 = await startV2({ 'big/app': tags });
    servers.push(v2);
    vscodeFake.settings.tagSort = 'semver';
    const t = await makeTree({ defs: [{ id: 'r', name: 'r', url: v2.url, kind: 'distribution' }], settings: { pageSize: 100 } });
    const [root] = await t.roots();
    const repo = await child(root, 'big/app');
    const page1 = await rows(repo);
    assert.equal(page1.tags.length, 100);
    assert.ok(page1.more, 'Load more');
    await render(page1.tags);
    await settle(t.provider);
    return { v2, t, repo, page1 };
  }

  /** Load more, as the command does it: the owner loads, then only the owner redraws. */
  async function loadMore(more: TreeNodeLike): Promise<void> {
    await (more as unknown as { owner: { loadMore(): Promise<void> } }).owner.loadMore();
  }

  test('a config blob shared by 100 manifests is fetched once (one manifest GET per shown tag, no HEAD)', async () => {
    const { v2 } = await bigRepo();
    assert.equal(v2.count('head'), 0, 'no HEAD: the GET by tag answers the digest');
    assert.equal(v2.count('manifest'), 100, 'one manifest GET per shown tag');
    assert.equal(v2.count('blob'), 1, 'the config blob shared by 100 manifests is fetched once');
  });

  test('Load more keeps the details of the rows already shown (no "…", no manifest read again)', async () => {
    const { v2, t, repo, page1 } = await bigRepo();
    const heads = v2.count('manifest');
    await loadMore(page1.more!);
    const page2 = await rows(repo);
    assert.equal(page2.tags.length, 200);
    for (const n of page2.tags.slice(0, 100)) assert.notEqual(await descriptionOf(n), '…', `${n.id} went back to "…" after Load more`);
    await render(page2.tags);
    await settle(t.provider);
    assert.equal(v2.count('manifest') - heads, 100, 'manifest GETs only for the 100 new rows');
  });

  test('sorting keeps the pages Load more showed and their details, and sends no request', async () => {
    const { v2, t, repo, page1 } = await bigRepo();
    await loadMore(page1.more!);
    await render((await rows(repo)).tags);
    await settle(t.provider);
    const before = v2.count('all');
    vscodeFake.set('tagSort', 'name');
    // VS Code redraws from what the change events name: walk down from the roots again, as it does.
    const [root] = await t.roots();
    const sorted = await rows(await child(root, 'big/app'));
    assert.equal(sorted.tags.length, 200, 'sorting keeps the pages Load more showed');
    assert.deepEqual((await labels(sorted.tags)).slice(0, 3), ['1.0.0', '1.1.0', '1.10.0']);
    for (const n of sorted.tags) assert.notEqual(await descriptionOf(n), '…', `${n.id} went back to "…" after sorting`);
    await render(sorted.tags);
    await settle(t.provider);
    assert.equal(v2.count('all') - before, 0, 'requests sent because of sorting');
    vscodeFake.set('tagSort', 'semver');
  });

  test('filtering loaded v2 tags, then clearing the filter, sends no request and keeps Load more', async () => {
    const { v2, t, repo, page1 } = await bigRepo();
    await loadMore(page1.more!);
    await render((await rows(repo)).tags);
    await settle(t.provider);
    const before = v2.count('all');
    const { filter, clearFilter } = await import('../../../src/commands/treeCommands');
    const ctx = { tree: t.provider } as never;
    await filter(ctx, repo, '1.19');
    const filtered = await rows(repo);
    assert.deepEqual((await labels(filtered.tags)).sort(), ['1.19.0', '1.190.0', '1.191.0', '1.192.0', '1.193.0', '1.194.0', '1.195.0', '1.196.0', '1.197.0', '1.198.0', '1.199.0']);
    for (const n of filtered.tags) assert.notEqual(await descriptionOf(n), '…', `${n.id} went back to "…" after filtering`);
    await render(filtered.tags);
    clearFilter(ctx, repo);
    const [root] = await t.roots();
    const cleared = await rows(await child(root, 'big/app'));
    assert.equal(cleared.tags.length, 200, 'clearing the filter shows the 200 loaded rows again');
    await render(cleared.tags);
    await settle(t.provider);
    assert.equal(v2.count('all') - before, 0, 'requests sent because of filtering');
  });

  test('Refresh forgets tag → digest (a tag may have moved) but not digest → details', async () => {
    const v2 = await startV2({ 'demo/app': [{ tag: '1.0.0', created: '2025-01-01T00:00:00Z' }, { tag: '1.1.0', created: '2025-02-01T00:00:00Z' }] });
    servers.push(v2);
    const t = await makeTree({ defs: [{ id: 'r', name: 'r', url: v2.url, kind: 'distribution' }] });
    const [root] = await t.roots();
    const repo = await child(root, 'demo/app');
    await render(await repo.getChildren());
    await settle(t.provider);
    assert.equal(v2.count('manifest'), 2);
    const cfg = v2.count('blob');
    t.provider.refresh(repo as never);
    await render(await repo.getChildren());
    await settle(t.provider);
    assert.equal(v2.count('manifest'), 4, 'a refresh checks where each tag points now');
    assert.equal(v2.count('blob'), cfg, 'known digests need no config again');
  });
});
