import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChallenges } from '../../../src/registry/index';

describe('parseChallenges', () => {
  test('Bearer with quoted params (distribution token spec example)', () => {
    assert.deepEqual(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push"'), [
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:samalba/my-app:pull,push' } },
    ]);
  });

  test('several challenges in one header, mixed token and quoted values (RFC 7235 §4.1 example)', () => {
    assert.deepEqual(parseChallenges('Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"'), [
      { scheme: 'newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
      { scheme: 'basic', params: { realm: 'simple' } },
    ]);
  });

  test('case-insensitive scheme and parameter names; whitespace around "="', () => {
    assert.deepEqual(parseChallenges('BASIC Realm = "x" , Charset=UTF-8'), [{ scheme: 'basic', params: { realm: 'x', charset: 'UTF-8' } }]);
  });

  test('several headers', () => {
    assert.deepEqual(parseChallenges(['Basic realm="a"', 'Bearer realm="b",service="s"']), [
      { scheme: 'basic', params: { realm: 'a' } },
      { scheme: 'bearer', params: { realm: 'b', service: 's' } },
    ]);
  });

  test('commas inside quoted strings and escapes', () => {
    assert.deepEqual(parseChallenges('Bearer realm="https://r/t?a=1,b=2",error="insufficient_scope",scope="repository:a:pull,push repository:b:pull"'), [
      { scheme: 'bearer', params: { realm: 'https://r/t?a=1,b=2', error: 'insufficient_scope', scope: 'repository:a:pull,push repository:b:pull' } },
    ]);
    assert.deepEqual(parseChallenges('Basic realm="a\\\\b\\"c"'), [{ scheme: 'basic', params: { realm: 'a\\b"c' } }]);
  });

  test('bare schemes and token68', () => {
    assert.deepEqual(parseChallenges('Negotiate, Basic realm="x"'), [
      { scheme: 'negotiate', params: {} },
      { scheme: 'basic', params: { realm: 'x' } },
    ]);
    assert.deepEqual(parseChallenges('Negotiate abc+/d==, Basic realm=x'), [
      { scheme: 'negotiate', params: { token68: 'abc+/d==' } },
      { scheme: 'basic', params: { realm: 'x' } },
    ]);
  });

  test('malformed input never throws or hangs', () => {
    for (const s of ['', ',,,', '"', 'Bearer realm="unterminated', 'Bearer =', '=== ,', 'Bearer realm=', '\u0000\u00ff', 'Basic realm="a",,,,']) {
      assert.ok(Array.isArray(parseChallenges(s)), s);
    }
    assert.deepEqual(parseChallenges(undefined), []);
    // An unterminated quoted-string is not a value (RFC 9110 §5.6.4): the parameter is dropped, as below.
    assert.deepEqual(parseChallenges('Bearer realm="unterminated'), [{ scheme: 'bearer', params: {} }]);
  });

  test('malformed parameters are dropped, as distribution and oras-go drop them', () => {
    // RFC 9110 §11.2: auth-param = token BWS "=" BWS ( token / quoted-string ). A name without "=", an empty
    // unquoted value and an unterminated quoted-string are none of these; distribution's challenge parser
    // (parseValueAndParams) and oras-go's (registry/remote/auth, parseChallenge) stop there and keep what came before.
    const realmOnly = [{ scheme: 'bearer', params: { realm: 'https://auth.example/token' } }];
    assert.deepEqual(parseChallenges('Bearer realm="https://auth.example/token",service'), realmOnly);
    assert.deepEqual(parseChallenges('Bearer realm="https://auth.example/token",service='), realmOnly);
    assert.deepEqual(parseChallenges('Bearer realm="https://auth.example/token",service="registry'), realmOnly);
    assert.deepEqual(parseChallenges('Bearer realm="https://auth.example/token", service = '), realmOnly);
    // A real scheme after a challenge's parameters is still a new challenge (RFC 9110 §11.6.1 allows a list).
    assert.deepEqual(parseChallenges('Bearer realm="https://auth.example/token", Negotiate'), [...realmOnly, { scheme: 'negotiate', params: {} }]);
    assert.deepEqual(parseChallenges('Bearer realm="https://auth.example/token",service="",Basic realm=x'), [
      { scheme: 'bearer', params: { realm: 'https://auth.example/token', service: '' } },
      { scheme: 'basic', params: { realm: 'x' } },
    ]);
  });
});
