// What the client remembers between requests and between CLI processes (the challenge per origin, the scheme
// of loopback/insecure hosts) is a hint: when it turns out wrong, the client asks the registry again once and
// replaces it; entries expire; a transient failure never turns a hint into a permanent error.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileChallengeCache, MemoryChallengeCache, RegistryClient, RegistryError, StaticCredentials, type Challenge, type RequestLogLine } from '../../../src/registry/index';
import { json, startServer, type TestServer } from './servers';

const T = { timeout: 20_000 };
const USER = 'alice';
const PASS = 's3cret-pass';
const basic = `Basic ${Buffer.from(`${USER}:${PASS}`).toString('base64')}`;

/** A temp dir with a cache file path in it, removed after `fn`. */
async function withCacheFile(fn: (file: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'regx-hint-'));
  try { await fn(join(dir, 'challenges.json')); } finally { rmSync(dir, { recursive: true, force: true }); }
}

/** A registry whose token realm is `realm` (the new one), accepting only that realm's token. */
async function registryWithRealm(realm: TestServer): Promise<TestServer> {
  return startServer((req, res) => {
    if (req.headers.authorization !== 'Bearer new-token') {
      res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm.url}/token",service="svc"` });
      res.end();
      return;
    }
    json(res, 200, { name: 'r', tags: ['a'] });
  });
}

async function newRealm(): Promise<TestServer> {
  return startServer((req, res) => {
    if (req.headers.authorization !== basic) { json(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }); return; }
    json(res, 200, { token: 'new-token', expires_in: 300 });
  });
}

const oldChallenge = (url: string): Challenge[] => [{ scheme: 'bearer', params: { realm: `${url}/token`, service: 'svc' } }];

async function closeAll(...xs: Array<{ close(): Promise<void> } | undefined>) {
  for (const x of xs) await x?.close();
}

describe('the remembered challenge is a hint', () => {
  // The old realm fails in the three ways the issue names: it rejects the credentials, nothing listens
  // there any more, or it answers something that is not a token.
  const oldRealms: Record<string, () => Promise<{ url: string; server?: TestServer }>> = {
    'answers 401': async () => { const s = await startServer((req, res) => json(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] })); return { url: s.url, server: s }; },
    'refuses the connection': async () => { const s = await startServer(() => undefined); const url = s.url; await s.close(); return { url }; },
    'answers garbage': async () => { const s = await startServer((req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html>moved</html>'); }); return { url: s.url, server: s }; },
  };
  for (const [how, start] of Object.entries(oldRealms)) {
    test(`a realm that ${how}: ask the registry again once, then replace the entry (later runs go straight to the new realm)`, T, () => withCacheFile(async (file) => {
      const old = await start();
      const realm = await newRealm();
      const s = await registryWithRealm(realm);
      new FileChallengeCache(file).set(s.url, oldChallenge(old.url));
      const creds = new StaticCredentials({ [s.host]: { username: USER, password: PASS } });
      const lines: RequestLogLine[] = [];
      const c = new RegistryClient({ registry: s.url, credentials: creds, challengeCache: new FileChallengeCache(file), retries: 0, logger: (l) => lines.push(l) });
      try {
        assert.deepEqual((await c.tags('r')).items, ['a']);
        const trail = lines.map((l) => `${new URL(l.url).origin === s.url ? 'registry' : new URL(l.url).origin === realm.url ? 'new-realm' : 'old-realm'} ${l.status ?? 'error'}`);
        assert.deepEqual(trail, [`old-realm ${how === 'answers 401' ? 401 : how === 'answers garbage' ? 200 : 'error'}`, 'registry 401', 'new-realm 200', 'registry 200']);
        assert.equal(c.requestCount, 4);
        assert.deepEqual(new FileChallengeCache(file).get(s.url), oldChallenge(realm.url), 'the entry is replaced');
        // The next CLI process: straight to the new realm, no 401.
        const c2 = new RegistryClient({ registry: s.url, credentials: creds, challengeCache: new FileChallengeCache(file) });
        try {
          assert.deepEqual((await c2.tags('r')).items, ['a']);
          assert.equal(c2.requestCount, 2);
        } finally { await c2.close(); }
      } finally { await closeAll(c, s, realm, old.server); }
    }));
  }

  test('when the registry names the same realm again, the first error stands: credentials are not sent twice', T, async () => {
    const realm = await startServer((req, res) => json(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }));
    const s = await registryWithRealm(realm);
    const cache = new MemoryChallengeCache();
    cache.set(s.url, oldChallenge(realm.url));
    const c = new RegistryClient({ registry: s.url, credentials: new StaticCredentials({ [s.host]: { username: USER, password: 'wrong' } }), challengeCache: cache });
    try {
      await assert.rejects(c.tags('r'), (e: unknown) => e instanceof RegistryError && e.status === 401 && /rejected the credentials/.test(e.message));
      assert.equal(realm.seen.length, 1, 'one login attempt');
      assert.equal(s.seen.length, 1, 'the registry was asked once for its challenge');
    } finally { await closeAll(c, s, realm); }
  });

  test('a challenge learned in this request is not a hint: its failure is the answer', T, async () => {
    const realm = await startServer((req, res) => json(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }));
    const s = await registryWithRealm(realm);
    const c = new RegistryClient({ registry: s.url, credentials: new StaticCredentials({ [s.host]: { username: USER, password: 'wrong' } }), challengeCache: new MemoryChallengeCache() });
    try {
      await assert.rejects(c.tags('r'), (e: unknown) => e instanceof RegistryError && e.status === 401);
      assert.equal(s.seen.length, 1);
      assert.equal(realm.seen.length, 1);
    } finally { await closeAll(c, s, realm); }
  });

  test('entries expire: one older than the TTL (or from before entries had a time) is not used', T, () => withCacheFile(async (file) => {
    const old = await startServer((req, res) => json(res, 200, { token: 'old-token' }));
    const realm = await newRealm();
    const s = await registryWithRealm(realm);
    const day = 24 * 60 * 60 * 1000;
    let now = Date.now();
    const clock = () => now;
    new FileChallengeCache(file, { now: clock }).set(s.url, oldChallenge(old.url));
    now += day + 1;
    const creds = new StaticCredentials({ [s.host]: { username: USER, password: PASS } });
    const c = new RegistryClient({ registry: s.url, credentials: creds, challengeCache: new FileChallengeCache(file, { now: clock }) });
    try {
      assert.deepEqual((await c.tags('r')).items, ['a']);
      assert.equal(old.seen.length, 0, 'the expired realm is never contacted');
      assert.equal(c.requestCount, 3, '401, token, request');
      // A file written before entries had a time holds bare arrays: treated as expired.
      writeFileSync(file, JSON.stringify({ [s.url]: oldChallenge(old.url) }));
      assert.equal(new FileChallengeCache(file).get(s.url), undefined);
      // The memory cache (the extension's, for the life of the window) expires too.
      const mem = new MemoryChallengeCache({ now: clock });
      mem.set(s.url, oldChallenge(old.url));
      now += day - 1;
      assert.deepEqual(mem.get(s.url), oldChallenge(old.url));
      now += 2;
      assert.equal(mem.get(s.url), undefined);
      assert.match(readFileSync(file, 'utf8'), /token/);
    } finally { await closeAll(c, s, realm, old); }
  }));
});

describe('the remembered scheme is a hint', () => {
  test('one connection reset with a remembered http scheme: retried on http, and the same client keeps working', T, () => withCacheFile(async (file) => {
    let n = 0;
    const s = await startServer((req, res) => {
      // The second request's connection is reset (a proxy restart, a registry behind a load balancer); all others answer.
      if (++n === 2) { req.socket.destroy(); return; }
      json(res, 200, { name: 'r', tags: [`t${n}`] });
    });
    new FileChallengeCache(file).setScheme(s.host, 'http');
    const lines: RequestLogLine[] = [];
    // One client object, as the extension keeps one per registry for the life of the window.
    const c = new RegistryClient({ registry: s.host, challengeCache: new FileChallengeCache(file), retryBaseMs: 10, logger: (l) => lines.push(l) });
    try {
      assert.equal(c.baseUrl, s.url, 'the remembered scheme is used at once');
      for (let i = 0; i < 5; i++) await c.tags('r');
      assert.equal(s.seen.length, 6, 'five requests and one retry');
      assert.ok(lines.every((l) => l.url.startsWith('http://')), lines.map((l) => `${l.url} ${l.status ?? l.error}`).join('\n'));
      assert.equal(c.requestCount, 6);
      assert.equal(c.baseUrl, s.url);
      assert.equal(new FileChallengeCache(file).getScheme(s.host), 'http', 'a reset is no evidence: the remembered scheme stays');
    } finally { await closeAll(c, s); }
  }));

  test('a client whose scheme went wrong recovers on evidence: a plain-HTTP answer to TLS switches back to http', T, async () => {
    // Even if a client ends up on https for a port that speaks plain HTTP, the TLS error that proves it
    // ("wrong version number") moves it back, so a long-lived client does not fail every later request.
    const s = await startServer((req, res) => json(res, 200, { tags: ['p'] }));
    const cache = new MemoryChallengeCache();
    cache.setScheme(s.host, 'https');
    const c = new RegistryClient({ registry: s.host, challengeCache: cache, retryBaseMs: 10 });
    try {
      assert.equal(c.baseUrl, s.url.replace('http:', 'https:'));
      for (let i = 0; i < 3; i++) assert.deepEqual((await c.tags('r')).items, ['p']);
      assert.equal(c.baseUrl, s.url);
      assert.equal(c.requestCount, 4, 'one TLS attempt, then plain HTTP');
      assert.equal(cache.getScheme(s.host), 'http');
    } finally { await closeAll(c, s); }
  });
});
