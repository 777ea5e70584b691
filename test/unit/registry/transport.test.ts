import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backoffDelay, parseRetryAfter } from '../../../src/registry/transport/retry';
import { TokenCache } from '../../../src/registry/transport/tokenCache';
import { FileChallengeCache, MemoryChallengeCache } from '../../../src/registry/transport/challengeCache';
import { SchemeAttempts, SchemeState } from '../../../src/registry/transport/scheme';
import { scopeCovered } from '../../../src/registry/client';
import { redactUrl } from '../../../src/registry/transport/redact';
import { gate } from '../../support/wait';

test('parseRetryAfter: delay-seconds and HTTP-date', () => {
  assert.equal(parseRetryAfter('3'), 3);
  assert.equal(parseRetryAfter(' 0 '), 0);
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now), 10);
  assert.equal(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon'), undefined);
  assert.equal(parseRetryAfter(undefined), undefined);
});

test('backoffDelay: exponential ceiling with jitter, never zero', () => {
  const o = { baseMs: 100, maxMs: 1000 };
  assert.equal(backoffDelay(0, { ...o, random: () => 1 }), 100);
  assert.equal(backoffDelay(3, { ...o, random: () => 1 }), 800);
  assert.equal(backoffDelay(10, { ...o, random: () => 1 }), 1000);
  assert.equal(backoffDelay(5, { ...o, random: () => 0 }), 50);
});

test('TokenCache: one pending fetch per key, reuse until shortly before expiry', async () => {
  let now = 1_000_000;
  const cache = new TokenCache(() => now);
  let fetches = 0;
  // The first fetch stays pending until all ten callers have asked (a gate, not a timer).
  const release = gate();
  const fetch = async () => { fetches++; await release.promise; return { token: `t${fetches}`, expiresAt: now + 60_000 }; };
  const key = TokenCache.key('svc', 'https://r/token', ['b', 'a', 'a']);
  assert.equal(key, TokenCache.key('svc', 'https://r/token', ['a', 'b']));
  const all = Promise.all(Array.from({ length: 10 }, () => cache.get(key, fetch)));
  release.open();
  const got = await all;
  assert.deepEqual(new Set(got), new Set(['t1']));
  assert.equal(fetches, 1);
  now += 50_000;
  assert.equal(await cache.get(key, fetch), 't1');
  now += 6_000; // within the 5 s margin of expiry
  assert.equal(await cache.get(key, fetch), 't2');
  cache.invalidate(key, 't2');
  assert.equal(await cache.get(key, fetch), 't3');
  // A failed fetch is not cached.
  await assert.rejects(cache.get('k2', async () => { throw new Error('boom'); }), /boom/);
  assert.equal(await cache.get('k2', fetch), 't4');
});

test('scopeCovered', () => {
  assert.equal(scopeCovered('repository:a:pull', ['repository:a:pull,push']), true);
  assert.equal(scopeCovered('repository:a:push', ['repository:a:pull']), false);
  assert.equal(scopeCovered('registry:catalog:*', ['registry:catalog:*']), true);
  assert.equal(scopeCovered('repository:a:pull', ['repository:b:pull']), false);
});

test('redactUrl hides secrets in queries and userinfo', () => {
  assert.equal(redactUrl('https://u:p@h/v2/x?_state=abc&digest=sha256:1&access_token=t'), 'https://h/v2/x?_state=REDACTED&digest=sha256%3A1&access_token=REDACTED');
  // Names are not a secret's only hiding place: a redirect target keeps none of its values.
  assert.equal(redactUrl('https://s3/b?n=1&verify=x&X-Amz-Signature=y', { redirect: true }), 'https://s3/b?n=REDACTED&verify=REDACTED&X-Amz-Signature=REDACTED');
  assert.equal(redactUrl('https://h/v2/r/tags/list?n=10&last=a&verify=x'), 'https://h/v2/r/tags/list?n=10&last=a&verify=REDACTED');
  assert.equal(redactUrl('not a url //u:p@h?q=1'), 'not a url //h?REDACTED');
});

test('FileChallengeCache persists across instances and ignores garbage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'regx-cc-'));
  try {
    const path = join(dir, 'sub', 'challenges.json');
    const a = new FileChallengeCache(path);
    assert.equal(a.get('https://r'), undefined);
    a.set('https://r', [{ scheme: 'bearer', params: { realm: 'https://r/token', service: 's' } }]);
    assert.deepEqual(new FileChallengeCache(path).get('https://r'), [{ scheme: 'bearer', params: { realm: 'https://r/token', service: 's' } }]);
    new FileChallengeCache(path).delete('https://r');
    assert.equal(new FileChallengeCache(path).get('https://r'), undefined);
    assert.equal(new FileChallengeCache(join(dir, 'missing', 'x.json')).get('a'), undefined);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('SchemeAttempts: a reset is retried on the same scheme; the other scheme is tried once and kept only on an answer', () => {
  const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
  const plain = Object.assign(new Error('wrong version number'), { code: 'ERR_SSL_WRONG_VERSION_NUMBER' });
  const cache = new MemoryChallengeCache();
  cache.setScheme('127.0.0.1:5000', 'http');
  const state = new SchemeState({ host: '127.0.0.1:5000', mayUseHttp: true, cache });
  assert.equal(state.scheme, 'http');
  const a = new SchemeAttempts(state, '127.0.0.1:5000', true);
  const http = new URL('http://127.0.0.1:5000/v2/');
  assert.deepEqual(a.afterError(reset, http), { url: http, retryNow: false }, 'first reset: the usual retry, same scheme');
  const second = a.afterError(reset, http);
  assert.equal(second.url.protocol, 'https:');
  assert.equal(second.retryNow, true, 'second reset in a row: the other scheme, once');
  const back = a.afterError(reset, second.url);
  assert.deepEqual([back.url.protocol, back.retryNow], ['http:', false], 'the try failed: back to http');
  assert.deepEqual(a.afterError(reset, http), { url: http, retryNow: false }, 'no second try');
  assert.equal(state.scheme, 'http', 'nothing changed without evidence');
  assert.equal(cache.getScheme('127.0.0.1:5000'), 'http');
  // Evidence switches at once, even from a confirmed scheme; a user-fixed scheme never changes.
  const b = new SchemeAttempts(state, '127.0.0.1:5000', true);
  b.answered(http);
  assert.equal(b.afterError(plain, new URL('https://127.0.0.1:5000/v2/')).url.protocol, 'http:');
  const fixed = new SchemeState({ host: '127.0.0.1:5000', mayUseHttp: true, cache, fixed: 'https' });
  assert.equal(fixed.scheme, 'https');
  assert.equal(new SchemeAttempts(fixed, '127.0.0.1:5000', true).afterError(plain, new URL('https://127.0.0.1:5000/')).retryNow, false);
});
