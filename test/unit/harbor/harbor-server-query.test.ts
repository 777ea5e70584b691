// The Harbor test server's `q` parser (Harbor API v2.0 swagger, the `q` parameter of list endpoints): the stand-in must read q as Harbor does,
// or client tests of q would prove nothing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildHarborQuery } from '../../../src/registry/harbor';
import { parseQuery } from '../../support/harbor-server';

describe('Harbor test server: parseQuery', () => {
  test('every documented form', () => {
    assert.deepEqual(parseQuery('name=~nginx,tags=*'), [{ key: 'name', op: 'fuzzy', values: ['nginx'] }, { key: 'tags', op: 'exact', values: ['*'] }]);
    assert.deepEqual(parseQuery('size=[10~20]'), [{ key: 'size', op: 'range', values: ['10', '20'] }]);
    assert.deepEqual(parseQuery('id={1 2 3}'), [{ key: 'id', op: 'or', values: ['1', '2', '3'] }]);
    assert.deepEqual(parseQuery('labels=(4 5)'), [{ key: 'labels', op: 'and', values: ['4', '5'] }]);
  });
  test('quoted values and commas inside brackets', () => {
    assert.deepEqual(parseQuery('push_time=["2020-04-09 02:36:00"~"2020-04-10 00:00:00"],name="a,b"'), [
      { key: 'push_time', op: 'range', values: ['2020-04-09 02:36:00', '2020-04-10 00:00:00'] },
      { key: 'name', op: 'exact', values: ['a,b'] },
    ]);
  });
  test('what the client builds, the server reads back', () => {
    const q = buildHarborQuery({ name: { fuzzy: 'app' }, id: { anyOf: [1, 2] }, size: { range: [1, undefined] }, tags: 'v1.0' });
    assert.deepEqual(parseQuery(q).map((t) => [t.key, t.op, t.values]), [
      ['name', 'fuzzy', ['app']], ['id', 'or', ['1', '2']], ['size', 'range', ['1', '']], ['tags', 'exact', ['v1.0']],
    ]);
  });
  test('a term without "=" is a 400', () => {
    assert.throws(() => parseQuery('nonsense'), (e: unknown) => (e as { status?: number }).status === 400);
  });
});
