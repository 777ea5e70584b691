// Tag order in the real tree nodes: "Date (newest first)" on v2 (dates arrive with the lazy details, after the
// list), and the chosen sort on Harbor and Docker Hub, whose servers list tags in their own order.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { child, descriptionOf, fakeHarbor, fakeHub, labels, makeTree, render, settle } from './treeHarness';
import { startV2, type V2Server } from './v2server';

const servers: V2Server[] = [];
after(async () => { for (const s of servers) await s.close(); });

const artifact = (tag: string, pushed: string) => ({
  digest: `sha256:${Buffer.from(tag).toString('hex').padEnd(64, '0')}`, manifest_media_type: 'application/vnd.oci.image.manifest.v1+json',
  size: 100, push_time: pushed, tags: [{ name: tag }],
});
const hubTag = (name: string, pushed: string) => ({ name, digest: `sha256:${Buffer.from(name).toString('hex').padEnd(64, '0')}`, full_size: 100, tag_last_pushed: pushed, images: [] });

describe('tree: tag order', () => {
  test('v2, Date (newest first): what is shown is re-sorted once its dates are known, and says so while they load', async () => {
    const v2 = await startV2({ 'demo/app': [
      { tag: 'a', created: '2025-01-01T00:00:00Z' }, { tag: 'b', created: '2025-03-01T00:00:00Z' }, { tag: 'c', created: '2025-02-01T00:00:00Z' },
    ] });
    servers.push(v2);
    const t = await makeTree({ defs: [{ id: 'r', name: 'r', url: v2.url, kind: 'distribution' }], settings: { tagSort: 'date' } });
    const [root] = await t.roots();
    const repo = await child(root, 'demo/app');
    const first = await repo.getChildren();
    await render(first);
    assert.match(await descriptionOf(repo), /sorting by date when dates have loaded/, 'while dates load, the repository says the order will follow');
    t.fired.length = 0;
    await settle(t.provider);
    assert.ok(t.fired.some((n) => n?.id === repo.id), 'the repository redraws its children once the dates of what is shown are known');
    assert.deepEqual(await labels(await repo.getChildren()), ['b', 'c', 'a']);
    assert.doesNotMatch(await descriptionOf(repo), /sorting by date/);
  });

  test('v2, Date (newest first) with Load more: loaded dates keep their order, new rows join it when their dates arrive', async () => {
    // 150 tags, newest first is t149 … t000; page size 100 shows t000–t099 (name order) first.
    const tags = Array.from({ length: 150 }, (_, i) => ({ tag: `t${String(i).padStart(3, '0')}`, created: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString() }));
    const v2 = await startV2({ 'demo/many': tags });
    servers.push(v2);
    const t = await makeTree({ defs: [{ id: 'r', name: 'r', url: v2.url, kind: 'distribution' }], settings: { tagSort: 'date', pageSize: 100 } });
    const [root] = await t.roots();
    const repo = await child(root, 'demo/many');
    let kids = await repo.getChildren();
    await render(kids);
    await settle(t.provider);
    kids = await repo.getChildren();
    assert.deepEqual((await labels(kids)).slice(0, 2), ['t099', 't098']);
    assert.match(await descriptionOf(repo), /date order of shown tags only/);
    await (kids[kids.length - 1] as unknown as { owner: { loadMore(): Promise<void> } }).owner.loadMore();
    kids = await repo.getChildren();
    assert.deepEqual((await labels(kids)).slice(0, 2), ['t099', 't098'], 'rows with known dates stay in date order; new ones follow');
    await render(kids);
    assert.match(await descriptionOf(repo), /sorting by date when dates have loaded/);
    t.fired.length = 0;
    await settle(t.provider);
    assert.equal(t.fired.filter((n) => n?.id === repo.id).length, 1, 'one redraw of the repository when the last date arrives');
    kids = await repo.getChildren();
    assert.deepEqual((await labels(kids)).slice(0, 3), ['t149', 't148', 't147']);
    assert.equal(kids.length, 150);
    assert.equal(v2.count('manifest'), 150, 'one manifest GET per tag, never again');
  });

  test('Harbor: the default Semantic version sort applies to the artifact list (server order is push time)', async () => {
    const harbor = fakeHarbor({
      projects: [{ name: 'library', repo_count: 1, metadata: { public: 'true' } }],
      repositories: { library: [{ name: 'library/alpine', artifact_count: 3 }] },
      artifacts: { 'library/alpine': [artifact('3.19', '2025-10-03T00:00:00Z'), artifact('3.20', '2025-10-02T00:00:00Z'), artifact('latest', '2025-10-01T00:00:00Z')] },
    });
    const t = await makeTree({ defs: [{ id: 'h', name: 'h', url: 'http://127.0.0.1:9', kind: 'harbor' }], harbor: { h: harbor } });
    const [root] = await t.roots();
    const repo = await child(await child(root, 'library'), 'alpine');
    assert.deepEqual(await labels(await repo.getChildren()), ['latest', '3.20', '3.19']);
  });

  test('Docker Hub: the default Semantic version sort applies to the tag list; a partial list says the order is of loaded tags', async () => {
    const hub = fakeHub({
      repositories: { library: [{ name: 'alpine' }] },
      tags: { 'library/alpine': [hubTag('3.19', '2025-10-03T00:00:00Z'), hubTag('3.20', '2025-10-02T00:00:00Z'), hubTag('latest', '2025-10-01T00:00:00Z'), hubTag('3.18', '2025-09-01T00:00:00Z')] },
    });
    const t = await makeTree({ defs: [{ id: 'd', name: 'd', url: 'http://127.0.0.1:9', kind: 'dockerhub', namespaces: ['library'] }], hub: { d: hub } });
    const [root] = await t.roots();
    const repo = await child(await child(root, 'library'), 'alpine');
    assert.deepEqual(await labels(await repo.getChildren()), ['latest', '3.20', '3.19', '3.18']);
    // Two per page: the server cannot sort by version, so the order is of the loaded page, and the row says so.
    const t2 = await makeTree({ defs: [{ id: 'd', name: 'd', url: 'http://127.0.0.1:9', kind: 'dockerhub', namespaces: ['library'] }], hub: { d: hub }, settings: { pageSize: 2 } });
    const [root2] = await t2.roots();
    const repo2 = await child(await child(root2, 'library'), 'alpine');
    const kids = await repo2.getChildren();
    assert.deepEqual((await labels(kids)).slice(0, 2), ['3.20', '3.19']);
    assert.match(await descriptionOf(repo2), /loaded/);
  });

  test('Docker Hub: Name, then Date (newest first) through a settings change, re-arrange the loaded page', async () => {
    const hub = fakeHub({
      repositories: { library: [{ name: 'alpine' }] },
      tags: { 'library/alpine': [hubTag('b', '2025-10-01T00:00:00Z'), hubTag('a', '2025-10-03T00:00:00Z'), hubTag('c', '2025-10-02T00:00:00Z')] },
    });
    const t = await makeTree({ defs: [{ id: 'd', name: 'd', url: 'http://127.0.0.1:9', kind: 'dockerhub', namespaces: ['library'] }], hub: { d: hub }, settings: { tagSort: 'name' } });
    const [root] = await t.roots();
    const repo = await child(await child(root, 'library'), 'alpine');
    assert.deepEqual(await labels(await repo.getChildren()), ['a', 'b', 'c']);
    const { vscodeFake } = await import('./treeHarness');
    vscodeFake.set('tagSort', 'date');
    assert.deepEqual(await labels(await repo.getChildren()), ['a', 'c', 'b']);
  });
});
