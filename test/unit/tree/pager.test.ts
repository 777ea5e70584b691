import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Pager } from '../../../src/tree/pager';

describe('Pager', () => {
  test('a server that returns everything at once is paged locally, one fetch only', async () => {
    let fetches = 0;
    const all = Array.from({ length: 250 }, (_, i) => `t${i}`);
    const p = new Pager<string>(async () => { fetches++; return { items: all }; }, () => 100);
    await p.first();
    assert.equal(p.visible.length, 100);
    assert.ok(p.hasMore);
    await p.more();
    await p.more();
    assert.equal(p.visible.length, 250);
    assert.ok(!p.hasMore);
    await p.more();
    assert.equal(fetches, 1);
  });

  test('server pages follow the cursor; concurrent more() calls share one fetch', async () => {
    const cursors: (string | undefined)[] = [];
    const p = new Pager<number>(async (cursor, n) => {
      cursors.push(cursor);
      const start = cursor ? Number(cursor) : 0;
      const items = Array.from({ length: n }, (_, i) => start + i);
      return { items, next: start + n < 30 ? String(start + n) : undefined, total: 30 };
    }, () => 10);
    await p.first();
    await Promise.all([p.more(), p.more()]);
    assert.deepEqual(cursors, [undefined, '10']);
    await p.more();
    assert.equal(p.visible.length, 30);
    assert.equal(p.total, 30);
    assert.ok(!p.hasMore);
  });

  test('first() does not refetch; reset() does', async () => {
    let fetches = 0;
    const p = new Pager<number>(async () => { fetches++; return { items: [1] }; }, () => 5);
    await p.first();
    await p.first();
    assert.equal(fetches, 1);
    p.reset();
    await p.first();
    assert.equal(fetches, 2);
  });

  test('a failed fetch can be retried', async () => {
    let fail = true;
    const p = new Pager<number>(async () => { if (fail) throw new Error('boom'); return { items: [1, 2] }; }, () => 5);
    await assert.rejects(p.first(), /boom/);
    assert.ok(!p.loaded);
    fail = false;
    await p.first();
    assert.deepEqual(p.visible, [1, 2]);
  });

  test('view(): filter and order over everything loaded; shown and the cursor stay', async () => {
    const p = new Pager<number>(async () => ({ items: Array.from({ length: 30 }, (_, i) => i) }), () => 10);
    await p.first();
    await p.more();
    const desc = p.view((all) => [...all].reverse());
    assert.deepEqual(desc.rows.slice(0, 3), [29, 28, 27]);
    assert.equal(desc.rows.length, 20, 'as far as Load more went');
    assert.ok(desc.hasMore);
    const odd = p.view((all) => all.filter((n) => n % 2));
    assert.equal(odd.rows.length, 15);
    assert.ok(!odd.hasMore, 'every loaded match is shown and the server has no more');
  });
});

