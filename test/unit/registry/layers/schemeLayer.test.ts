// The scheme layer alone, over a fake inner layer.
import assert from 'node:assert/strict';
import test from 'node:test';
import { MemoryChallengeCache } from '../../../../src/registry/transport/challengeCache';
import { WireFailure } from '../../../../src/registry/transport/exchange';
import { SchemeState } from '../../../../src/registry/transport/scheme';
import { schemeLayer } from '../../../../src/registry/transport/schemeLayer';
import { exchange, failure, fakeInner, response } from './fakes';

let port = 41000;
function setup(fixed?: 'http' | 'https') {
  const host = `127.0.0.1:${port++}`;
  const state = new SchemeState({ host, fixed, mayUseHttp: true, cache: new MemoryChallengeCache() });
  return { host, state, url: new URL(`${state.scheme}://${host}/v2/`) };
}

test('scheme: a TLS handshake answered in plain HTTP moves the request, and the host, to http', async () => {
  const { host, state, url } = setup();
  const inner = fakeInner([failure('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'), response(200)]);
  const res = await schemeLayer(inner, { state, host })(exchange({ url }));
  assert.equal(res.status, 200);
  assert.deepEqual(inner.sent.map((s) => new URL(s.url).protocol), ['https:', 'http:']);
  assert.equal(state.scheme, 'http');
});

test('scheme: Go\'s "HTTP request to an HTTPS server" 400 moves to https; another 400 is returned, read', async () => {
  const { host, state } = setup();
  state.adopt('http');
  const inner = fakeInner([response(400, {}, 'Client sent an HTTP request to an HTTPS server.'), response(200)]);
  assert.equal((await schemeLayer(inner, { state, host })(exchange({ url: new URL(`http://${host}/v2/`) }))).status, 200);
  assert.equal(state.scheme, 'https');
  const other = setup();
  other.state.adopt('http');
  const res = await schemeLayer(fakeInner([response(400, {}, 'bad request')]), other)(exchange({ url: new URL(`http://${other.host}/v2/`) }));
  assert.equal(res.read?.toString(), 'bad request');
});

test('scheme: a reset proves nothing; the failure goes on to the retry layer', async () => {
  const { host, state, url } = setup();
  const inner = fakeInner([failure('ECONNRESET')]);
  await assert.rejects(schemeLayer(inner, { state, host })(exchange({ url })), (e) => e instanceof WireFailure);
  assert.equal(inner.sent.length, 1);
  assert.equal(state.scheme, 'https');
});

test('scheme: a fixed scheme never moves', async () => {
  const { host, state, url } = setup('https');
  const inner = fakeInner([failure('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number')]);
  await assert.rejects(schemeLayer(inner, { state, host })(exchange({ url })), (e) => e instanceof WireFailure);
  assert.equal(inner.sent.length, 1);
});
