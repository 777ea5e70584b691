// The redirect layer alone, over a fake inner layer.
import assert from 'node:assert/strict';
import test from 'node:test';
import { redirectLayer } from '../../../../src/registry/transport/redirectLayer';
import { exchange, fakeInner, response } from './fakes';

test('redirect: same origin keeps the caller headers; another origin drops every Authorization', async () => {
  const inner = fakeInner([
    response(307, { location: '/v2/r/blobs/other' }),
    response(302, { location: 'https://storage.test/blob?sig=secret' }),
    response(200),
  ]);
  const ex = exchange({ headers: { authorization: 'Basic x', Authorization: 'Basic y' } });
  const res = await redirectLayer(inner, { registry: 'registry.test' })(ex);
  assert.equal(res.status, 200);
  assert.deepEqual(inner.sent.map((s) => s.url), ['https://registry.test/v2/', 'https://registry.test/v2/r/blobs/other', 'https://storage.test/blob?sig=secret']);
  assert.equal(inner.sent[1].headers.authorization, 'Basic x');
  assert.equal(inner.sent[2].headers.authorization, undefined);
  assert.equal(inner.sent[2].headers.Authorization, undefined);
  assert.equal(ex.crossedOrigin, true);
  assert.equal(ex.redirects, 2);
});

test('redirect: only GET and HEAD, only when asked, and at most 5', async () => {
  const put = fakeInner([response(307, { location: '/elsewhere' })]);
  assert.equal((await redirectLayer(put, { registry: 'r' })(exchange({ method: 'PUT' }))).status, 307);
  const off = fakeInner([response(302, { location: '/elsewhere' })]);
  assert.equal((await redirectLayer(off, { registry: 'r' })(exchange({ followRedirects: false }))).status, 302);
  const loop = fakeInner(Array.from({ length: 6 }, () => response(302, { location: '/again' })));
  await assert.rejects(redirectLayer(loop, { registry: 'r' })(exchange()), { code: 'TOO_MANY_REDIRECTS' });
  assert.equal(loop.sent.length, 6);
});

test('redirect: a Location that is not an HTTP URL is refused', async () => {
  const inner = fakeInner([response(302, { location: 'file:///etc/passwd' })]);
  await assert.rejects(redirectLayer(inner, { registry: 'r' })(exchange()), { code: 'MALFORMED_RESPONSE' });
});
