// Row texts and tooltips of the real tree nodes: one/many plurals (with the zh-cn bundle too), an untagged
// Harbor row, tooltips on Harbor projects and Docker Hub namespaces, and loaded pages kept when the Docker Hub
// namespace list changes ("Show Namespace in Tree").
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { child, descriptionOf, fakeHarbor, fakeHub, labels, makeTree, mdText, vscodeFake, type TreeNodeLike } from './treeHarness';

const zh = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;

function harborData() {
  return fakeHarbor({
    projects: [
      { name: 'library', repo_count: 1, metadata: { public: 'true' } },
      { name: 'team', repo_count: 3, metadata: { public: 'false' } },
    ],
    repositories: {
      library: [{ name: 'library/one', artifact_count: 1 }],
      team: [{ name: 'team/a', artifact_count: 2 }, { name: 'team/b', artifact_count: 0 }, { name: 'team/c', artifact_count: 5 }],
    },
    artifacts: {
      'library/one': [{ digest: `sha256:${'ab'.repeat(32)}`, manifest_media_type: 'application/vnd.oci.image.manifest.v1+json', size: 2048, push_time: '2025-10-01T00:00:00Z', tags: null }],
    },
  });
}

describe('tree: rows', () => {
  test('one and many: "1 repository", "1 artifact" (not "1 repositories"), in English and zh-cn', async () => {
    const t = await makeTree({ defs: [{ id: 'h', name: 'h', url: 'http://127.0.0.1:9', kind: 'harbor' }], harbor: { h: harborData() } });
    const [root] = await t.roots();
    const library = await child(root, 'library');
    const team = await child(root, 'team');
    assert.match(await descriptionOf(library), /^1 repository\b/);
    assert.doesNotMatch(await descriptionOf(library), /repositories/);
    assert.match(await descriptionOf(team), /^3 repositories\b/);
    const one = await child(library, 'one');
    assert.match(await descriptionOf(one), /^1 artifact\b/);
    assert.doesNotMatch(await descriptionOf(one), /artifacts/);
    assert.match(await descriptionOf(await child(team, 'c')), /^5 artifacts\b/);
    // zh-cn: every row text above comes from the bundle (no English left).
    vscodeFake.bundle = zh;
    try {
      for (const n of [library, team, one]) assert.doesNotMatch(await descriptionOf(n), /repositor|artifact|public|private/, `untranslated: ${await descriptionOf(n)}`);
      assert.doesNotMatch(mdText((await library.getTreeItem()).tooltip), /repositor|public|private/);
    } finally {
      vscodeFake.bundle = undefined;
    }
  });

  test('an untagged Harbor row shows its digest once (the label), not again in the description', async () => {
    const t = await makeTree({ defs: [{ id: 'h', name: 'h', url: 'http://127.0.0.1:9', kind: 'harbor' }], harbor: { h: harborData() } });
    const [root] = await t.roots();
    const [row] = await (await child(await child(root, 'library'), 'one')).getChildren();
    const item = await row.getTreeItem();
    assert.equal(item.label, 'abababababab');
    assert.ok(!String(item.description).includes('abababababab'), `description repeats the digest: ${item.description}`);
    assert.match(String(item.description), /2\.0 KiB/);
  });

  test('Harbor projects and Docker Hub namespaces have tooltips: name, public/private, repository count where known', async () => {
    const t = await makeTree({ defs: [{ id: 'h', name: 'h', url: 'http://127.0.0.1:9', kind: 'harbor' }], harbor: { h: harborData() } });
    const [root] = await t.roots();
    const tip = mdText((await (await child(root, 'team')).getTreeItem()).tooltip);
    assert.match(tip, /team/);
    assert.match(tip, /private/i);
    assert.match(tip, /3 repositories/);
    const hub = fakeHub({ repositories: { regxdemo: [{ name: 'app-01' }, { name: 'app-02' }] }, tags: {} });
    const h = await makeTree({ defs: [{ id: 'd', name: 'd', url: 'http://127.0.0.1:9', kind: 'dockerhub', namespaces: ['regxdemo'] }], hub: { d: hub } });
    const [hroot] = await h.roots();
    const ns = await child(hroot, 'regxdemo');
    assert.match(mdText((await ns.getTreeItem()).tooltip), /regxdemo/);
    await ns.getChildren();
    assert.match(mdText((await ns.getTreeItem()).tooltip), /2 repositories/, 'the count once the list says it');
  });

  test('"Show Namespace in Tree" (a new namespace saved) keeps the pages Load more showed in the other namespaces', async () => {
    const many = Array.from({ length: 24 }, (_, i) => ({ name: `app-${String(i + 1).padStart(2, '0')}` }));
    const hub = fakeHub({ repositories: { regxdemo: many, library: [{ name: 'alpine' }] }, tags: {} });
    const def = { id: 'd', name: 'd', url: 'http://127.0.0.1:9', kind: 'dockerhub' as const, namespaces: ['regxdemo'] };
    const t = await makeTree({ defs: [def], hub: { d: hub }, settings: { pageSize: 10 } });
    const [root] = await t.roots();
    const ns = await child(root, 'regxdemo');
    let kids = await ns.getChildren();
    assert.equal(kids.length, 11);
    await (kids[10] as unknown as { owner: { loadMore(): Promise<void> } }).owner.loadMore();
    assert.equal((await ns.getChildren()).length, 21);
    const calls = hub.calls.length;
    await t.store.save({ ...def, namespaces: ['regxdemo', 'library'] });
    const [root2] = await t.roots();
    assert.deepEqual(await labels(await root2.getChildren()), ['regxdemo', 'library']);
    const ns2: TreeNodeLike = await child(root2, 'regxdemo');
    kids = await ns2.getChildren();
    assert.equal(kids.length, 21, 'the 20 loaded repositories + Load more are still there');
    assert.equal(hub.calls.filter((c) => c.op === 'repositories regxdemo').length, 2, 'no page fetched again');
    assert.ok(hub.calls.length >= calls);
  });
});
