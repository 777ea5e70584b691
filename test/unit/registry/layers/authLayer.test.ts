// The auth layer alone, over a fake inner layer and a fake Authenticator.
import assert from 'node:assert/strict';
import test from 'node:test';
import { authLayer } from '../../../../src/registry/transport/authLayer';
import type { Authenticator } from '../../../../src/registry/transport/auth';
import { exchange, fakeInner, response } from './fakes';

type Auth = Pick<Authenticator, 'header' | 'onUnauthorized'>;

function fakeAuth(): Auth & { scopes: string[][] } {
  let challenged = false;
  const scopes: string[][] = [];
  return {
    scopes,
    async header(_mode, s) { scopes.push(s); return challenged ? { header: `Bearer ${s.join(' ')}`, tokenKey: 'k', token: 't' } : undefined; },
    async onUnauthorized(www) { if (!www) return undefined; challenged = true; return { extraScopes: ['registry:catalog:*'] }; },
  };
}

test('auth: a 401 with a usable challenge is sent once more, with the token for the scopes it asks', async () => {
  const auth = fakeAuth();
  const inner = fakeInner([response(401, { 'www-authenticate': 'Bearer realm="x"' }), response(200)]);
  const res = await authLayer(inner, auth)(exchange({ scopes: ['repository:a:pull'] }));
  assert.equal(res.status, 200);
  assert.deepEqual(inner.sent.map((s) => s.authorization), [undefined, 'Bearer repository:a:pull registry:catalog:*']);
});

test('auth: one re-auth per request, even across the layer being called again (retries)', async () => {
  const auth = fakeAuth();
  const script = [response(401, { 'www-authenticate': 'Bearer realm="x"' }), response(401, { 'www-authenticate': 'Bearer realm="x"' })];
  const inner = fakeInner(script);
  const layer = authLayer(inner, auth);
  const ex = exchange();
  assert.equal((await layer(ex)).status, 401);
  script.push(response(401, { 'www-authenticate': 'Bearer realm="x"' }));
  assert.equal((await layer(ex)).status, 401);
  assert.equal(inner.sent.length, 3);
});

test('auth: nothing for auth none, after a redirect left the origin, or for a stream body a 401 cannot resend', async () => {
  const auth = fakeAuth();
  const none = fakeInner([response(401, { 'www-authenticate': 'Bearer realm="x"' })]);
  assert.equal((await authLayer(none, auth)(exchange({ auth: 'none' }))).status, 401);
  const crossed = fakeInner([response(401, { 'www-authenticate': 'Bearer realm="x"' })]);
  assert.equal((await authLayer(crossed, auth)(exchange({ crossedOrigin: true }))).status, 401);
  const stream = fakeInner([response(401, { 'www-authenticate': 'Bearer realm="x"' })]);
  assert.equal((await authLayer(stream, auth)(exchange({ resendable: false }))).status, 401);
  assert.equal(auth.scopes.length, 1); // only the stream request asked for a header
});

test('auth: a cancelled request sends nothing', async () => {
  const ac = new AbortController();
  ac.abort(new Error('stop'));
  const inner = fakeInner([response(200)]);
  await assert.rejects(authLayer(inner, fakeAuth())(exchange({ signal: ac.signal })), /stop/);
  assert.equal(inner.sent.length, 0);
});
