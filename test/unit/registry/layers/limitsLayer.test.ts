// The limits layer alone, over a fake inner layer.
import assert from 'node:assert/strict';
import test from 'node:test';
import { limitsLayer } from '../../../../src/registry/transport/limitsLayer';
import { body, exchange, fakeInner, response } from './fakes';

test('limits: a body over the cap fails, by Content-Length before reading and by the bytes that come', async () => {
  const declared = fakeInner([response(200, { 'content-length': '2000' }, 'x')]);
  await assert.rejects(limitsLayer(declared)(exchange({ maxBodyBytes: 1000 })), { code: 'RESPONSE_TOO_LARGE' });
  const undeclared = fakeInner([response(200, {}, 'y'.repeat(1001))]);
  await assert.rejects(limitsLayer(undeclared)(exchange({ maxBodyBytes: 1000 })), { code: 'RESPONSE_TOO_LARGE' });
  const fits = fakeInner([response(200, {}, 'ok')]);
  const res = await limitsLayer(fits)(exchange());
  assert.equal(res.body.toString(), 'ok');
  assert.equal(res.url, 'https://registry.test/v2/');
});

test('limits: a stream is handed over unread for a 2xx only; HEAD bodies are dropped', async () => {
  const b = body('blob');
  const streamed = await limitsLayer(fakeInner([{ status: 200, headers: {}, body: b }]))(exchange({ stream: true, maxBodyBytes: 1 }));
  assert.equal(streamed.stream, b);
  const error = await limitsLayer(fakeInner([response(404, {}, '{"errors":[]}')]))(exchange({ stream: true }));
  assert.equal(error.stream, undefined);
  assert.equal(error.body.toString(), '{"errors":[]}');
  const h = body('ignored');
  const head = await limitsLayer(fakeInner([{ status: 200, headers: {}, body: h }]))(exchange({ method: 'HEAD' }));
  assert.equal(head.body.length, 0);
  assert.equal(h.dumped, true);
});

test('limits: a body a layer already read is returned as it is', async () => {
  const res = await limitsLayer(fakeInner([{ ...response(400), read: Buffer.from('read') }]))(exchange({ maxBodyBytes: 1 }));
  assert.equal(res.body.toString(), 'read');
});
