// The retry layer alone, over a fake inner layer.
import assert from 'node:assert/strict';
import test from 'node:test';
import { retryLayer, type RetryInfo } from '../../../../src/registry/transport/retryLayer';
import { WireFailure } from '../../../../src/registry/transport/exchange';
import { exchange, failure, fakeInner, response } from './fakes';

const opts = (retries: string[] = []) => ({ retries: 3, baseMs: 1, maxRetryAfterSeconds: 30, onRetry: (i: RetryInfo) => { retries.push(i.reason); } });

test('retry: a 503 then a 200 is two sends and one wait', async () => {
  const reasons: string[] = [];
  const inner = fakeInner([response(503), response(200)]);
  const res = await retryLayer(inner, opts(reasons))(exchange());
  assert.equal(res.status, 200);
  assert.equal(inner.sent.length, 2);
  assert.deepEqual(reasons, ['HTTP 503']);
});

test('retry: a connection reset is retried; a refused connection is not', async () => {
  const inner = fakeInner([failure('ECONNRESET'), response(200)]);
  assert.equal((await retryLayer(inner, opts())(exchange())).status, 200);
  const refused = fakeInner([failure('ECONNREFUSED')]);
  await assert.rejects(retryLayer(refused, opts())(exchange()), (e) => e instanceof WireFailure);
  assert.equal(refused.sent.length, 1);
});

test('retry: the budget is per request: spent, the last answer is returned, and the next hop gets no more', async () => {
  const script = [response(503), response(503), response(503), response(503)];
  const inner = fakeInner(script);
  const layer = retryLayer(inner, opts());
  const ex = exchange();
  assert.equal((await layer(ex)).status, 503);
  assert.equal(inner.sent.length, 4);
  // The same exchange again (the redirect layer's next hop): no retries left.
  script.push(response(503));
  assert.equal((await layer(ex)).status, 503);
  assert.equal(inner.sent.length, 5);
});

test('retry: not idempotent, or Retry-After longer than the cap: the answer as it is', async () => {
  const post = fakeInner([response(503)]);
  assert.equal((await retryLayer(post, opts())(exchange({ method: 'POST', idempotent: false }))).status, 503);
  assert.equal(post.sent.length, 1);
  const long = fakeInner([response(429, { 'retry-after': '3600' })]);
  assert.equal((await retryLayer(long, opts())(exchange())).status, 429);
  assert.equal(long.sent.length, 1);
});

test('retry: errors of layers above the wire (a token fetch) are not retried', async () => {
  let calls = 0;
  const layer = retryLayer(async () => { calls++; throw Object.assign(new Error('token'), { code: 'ECONNRESET' }); }, opts());
  await assert.rejects(layer(exchange()), /token/);
  assert.equal(calls, 1);
});
