// The client against hostile and odd servers: each case ends in a clear error or a correct result,
// nothing hangs (every test has a timeout), nothing leaks (Authorization never reaches another host).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../../support/wait';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileChallengeCache, MemoryChallengeCache, RegistryClient, RegistryError, StaticCredentials, parseReference, type RegistryClientOptions, type RequestLogLine, type RetryInfo } from '../../../src/registry/index';
import { json, startServer, type TestServer } from './servers';
import { tlsMaterial } from '../../support/tls';

const T = { timeout: 20_000 };
const USER = 'alice';
const PASS = 's3cret-pass';
const basic = `Basic ${Buffer.from(`${USER}:${PASS}`).toString('base64')}`;

function client(server: TestServer | string, extra: Partial<RegistryClientOptions> = {}): RegistryClient {
  const registry = typeof server === 'string' ? server : server.url;
  return new RegistryClient({ registry, challengeCache: new MemoryChallengeCache(), retryBaseMs: 10, ...extra });
}

async function using<T>(servers: TestServer[], c: RegistryClient | undefined, fn: () => Promise<T>): Promise<T> {
  try { return await fn(); } finally {
    await c?.close();
    for (const s of servers) await s.close();
  }
}

function isCode(code: string, msg?: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof RegistryError, `expected RegistryError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (msg) assert.match(e.message, msg);
    return true;
  };
}

describe('paging: Link headers', () => {
  test('a Link that points back to the same page is a clear error', T, async () => {
    const s = await startServer((req, res) => json(res, 200, { name: 'r', tags: ['a'] }, { link: '</v2/r/tags/list>; rel="next"' }));
    const c = client(s);
    await using([s], c, async () => {
      await assert.rejects(c.tags('r'), isCode('LINK_LOOP'));
    });
  });

  test('a loop over two pages stops allTags with LINK_LOOP', T, async () => {
    const s = await startServer((req, res) => {
      const last = new URL(req.url ?? '', 'http://x').searchParams.get('last');
      if (last === 'b') json(res, 200, { tags: ['c'] }, { link: '</v2/r/tags/list?last=a&n=1>; rel="next"' });
      else json(res, 200, { tags: [last ?? 'a'] }, { link: '</v2/r/tags/list?last=b&n=1>; rel="next"' });
    });
    const c = client(s);
    await using([s], c, async () => {
      const pages: string[][] = [];
      await assert.rejects((async () => { for await (const p of c.allTags('r', { n: 1 })) pages.push(p); })(), isCode('LINK_LOOP'));
      assert.ok(pages.length <= 4, `stopped after ${pages.length} pages`);
      assert.ok(s.seen.length <= 4);
    });
  });

  test('maxPages bounds a registry whose Link never ends', T, async () => {
    let i = 0;
    const s = await startServer((req, res) => { i++; json(res, 200, { tags: [`t${i}`] }, { link: `</v2/r/tags/list?last=t${i}>; rel="next"` }); });
    const c = client(s);
    await using([s], c, async () => {
      await assert.rejects((async () => { for await (const _ of c.allTags('r', { maxPages: 5 })) { /* drain */ } })(), isCode('TOO_MANY_PAGES'));
      assert.equal(s.seen.length, 5);
    });
  });

  test('relative, absolute and URL-encoded Links are followed on the same host', T, async () => {
    const s = await startServer((req, res, self) => {
      const u = new URL(req.url ?? '', 'http://x');
      const last = u.searchParams.get('last');
      if (!last) json(res, 200, { repositories: ['a/b'] }, { link: '</v2/_catalog?last=a%2Fb&n=1>; rel="next"' });
      else if (last === 'a/b') json(res, 200, { repositories: ['c'] }, { link: `<${self.url}/v2/_catalog?last=c&n=1>; rel="next"` });
      else json(res, 200, { repositories: [] });
    });
    const c = client(s);
    await using([s], c, async () => {
      const p1 = await c.catalog({ n: 1 });
      assert.deepEqual(p1.items, ['a/b']);
      const p2 = await c.catalog({ cursor: p1.next });
      assert.deepEqual(p2.items, ['c']);
      const p3 = await c.catalog({ cursor: p2.next });
      assert.deepEqual(p3, { items: [], next: undefined });
      assert.equal(s.seen[1].url, '/v2/_catalog?last=a%2Fb&n=1');
    });
  });

  test('a Link to another host is refused and that host sees nothing', T, async () => {
    const other = await startServer((req, res) => json(res, 200, { tags: ['evil'] }));
    const s = await startServer((req, res) => {
      if (req.headers.authorization !== basic) { res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }); res.end(); return; }
      json(res, 200, { tags: ['a'] }, { link: `<${other.url}/v2/r/tags/list?last=a>; rel="next"` });
    });
    const c = client(s, { credentials: new StaticCredentials({ [s.host]: { username: USER, password: PASS } }) });
    await using([s, other], c, async () => {
      await assert.rejects(c.tags('r'), isCode('LINK_CROSS_HOST', /another host/));
      await assert.rejects(c.tags('r', { cursor: `${other.url}/v2/r/tags/list?last=a` }), isCode('CURSOR_INVALID'));
      assert.equal(other.seen.length, 0);
    });
  });
});

describe('redirects', () => {
  test('a blob redirect to another host is followed without Authorization', T, async () => {
    const blob = Buffer.from('layer bytes');
    const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`;
    const storage = await startServer((req, res) => { res.writeHead(200, { 'content-length': String(blob.length) }); res.end(blob); });
    const s = await startServer((req, res) => {
      if (req.headers.authorization !== basic) { res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }); res.end(); return; }
      res.writeHead(307, { location: `${storage.url}/bucket/blob?sig=abc` });
      res.end();
    });
    const c = client(s, { credentials: new StaticCredentials({ [s.host]: { username: USER, password: PASS } }) });
    await using([s, storage], c, async () => {
      const got = await c.getBlob('r', digest);
      assert.deepEqual(got, blob);
      assert.equal(storage.seen.length, 1);
      assert.equal(storage.seen[0].authorization, undefined, 'storage host must not see Authorization');
      assert.equal(s.seen.at(-1)?.authorization, basic, 'the registry itself got the credentials');
      // And as a stream.
      const { stream } = await c.blobStream('r', digest);
      const chunks: Buffer[] = [];
      for await (const ch of stream) chunks.push(ch as Buffer);
      assert.deepEqual(Buffer.concat(chunks), blob);
      assert.equal(storage.seen[1].authorization, undefined);
    });
  });

  test('a redirect loop ends with a clear error', T, async () => {
    const s = await startServer((req, res) => { res.writeHead(302, { location: req.url ?? '/' }); res.end(); });
    const c = client(s);
    await using([s], c, async () => {
      await assert.rejects(c.getBlob('r', `sha256:${'0'.repeat(64)}`), isCode('TOO_MANY_REDIRECTS'));
      assert.ok(s.seen.length <= 7);
    });
  });
});

describe('bodies', () => {
  test('an oversized body (declared) is refused: response too large', T, async () => {
    const s = await startServer((req, res) => json(res, 200, { tags: Array.from({ length: 200_000 }, (_, i) => `tag-${i}`) }));
    const c = client(s, { maxBodyBytes: 256 * 1024 });
    await using([s], c, async () => {
      await assert.rejects(c.tags('r'), isCode('RESPONSE_TOO_LARGE', /response too large/));
    });
  });

  test('an oversized chunked body (no Content-Length) is cut off at the cap', T, async () => {
    let written = 0;
    const s = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (written < 64 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) { res.once('drain', pump); return; }
        }
        res.end();
      };
      res.on('close', () => { written = Infinity; });
      pump();
    });
    const c = client(s, { maxBodyBytes: 1024 * 1024 });
    await using([s], c, async () => {
      await assert.rejects(c.tags('r'), isCode('RESPONSE_TOO_LARGE'));
    });
  });

  test('the default caps hold for a client made without a cap option: 8 MiB for a body, 4 MiB for a manifest', T, async () => {
    // Both bodies are valid and just over their cap, so a larger (or missing) default would read them whole
    // and succeed. The tag list is chunked (no Content-Length: the cap counts bytes as they arrive); the
    // manifest declares its length (refused before its body is read).
    const tagNames = Array.from({ length: 9 * 1024 }, (_, i) => String(i).padStart(1024, 't'));
    const tagBody = Buffer.from(JSON.stringify({ name: 'r', tags: tagNames }));
    assert.ok(tagBody.length > 8 * 1024 * 1024 && tagBody.length < 10 * 1024 * 1024);
    const manifest = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${'a'.repeat(64)}`, size: 2 },
      layers: [], annotations: { pad: 'x'.repeat(4 * 1024 * 1024 + 1) },
    }));
    const s = await startServer((req, res) => {
      if (req.url?.includes('/tags/list')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(tagBody);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'content-length': String(manifest.length) });
      res.end(manifest);
    });
    const c = new RegistryClient({ registry: s.url, challengeCache: new MemoryChallengeCache() });
    await using([s], c, async () => {
      await assert.rejects(c.tags('r'), isCode('RESPONSE_TOO_LARGE', /over the 8388608-byte limit/));
      await assert.rejects(c.getManifest(parseReference(`${s.host}/r:big`)), isCode('RESPONSE_TOO_LARGE', /over the 4194304-byte limit/));
      assert.equal(s.seen.length, 2, 'no retry of an oversized answer');
    });
  });

  test('malformed JSON and wrong shapes are clear errors, not TypeErrors', T, async () => {
    const bodies: Record<string, string> = {
      '/v2/a/tags/list': '{"tags": [1, 2',
      '/v2/b/tags/list': '{"tags": 5}',
      '/v2/c/tags/list': '[]',
      '/v2/d/tags/list': '{"name":"d","tags":null}',
      '/v2/_catalog': '<html>proxy error</html>',
      '/v2/e/manifests/x': '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}',
      '/v2/f/manifests/x': '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"digest":"nope","size":1}]}',
      '/v2/g/manifests/x': 'null',
    };
    const s = await startServer((req, res) => {
      const b = bodies[(req.url ?? '').split('?')[0]];
      if (b === undefined) { json(res, 404, { errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] }); return; }
      res.writeHead(200, { 'content-type': req.url?.includes('manifests') ? 'application/vnd.oci.image.manifest.v1+json' : 'application/json' });
      res.end(b);
    });
    const c = client(s);
    await using([s], c, async () => {
      await assert.rejects(c.tags('a'), isCode('MALFORMED_RESPONSE', /malformed JSON/));
      await assert.rejects(c.tags('b'), isCode('MALFORMED_RESPONSE', /not a list of strings/));
      await assert.rejects(c.tags('c'), isCode('MALFORMED_RESPONSE'));
      assert.deepEqual((await c.tags('d')).items, []);
      await assert.rejects(c.catalog(), isCode('MALFORMED_RESPONSE'));
      const ref = (r: string) => parseReference(`${s.host}/${r}:x`);
      await assert.rejects(c.getManifest(ref('e')), isCode('MALFORMED_RESPONSE', /without "config"/));
      await assert.rejects(c.getManifest(ref('f')), isCode('MALFORMED_RESPONSE', /digest/));
      await assert.rejects(c.getManifest(ref('g')), isCode('MALFORMED_RESPONSE'));
      await assert.rejects(c.tags('zzz'), (e: unknown) => e instanceof RegistryError && e.status === 404 && e.code === 'NAME_UNKNOWN' && /not found/.test(e.message));
    });
  });

  test('a manifest fetched by digest is refused when its bytes hash differently, with no Docker-Content-Digest', T, async () => {
    // OCI distribution-spec, "Pulling manifests": a client fetching by digest verifies the content itself;
    // the header is optional and must not be what the check depends on.
    const body = '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:' + 'a'.repeat(64) + '","size":2},"layers":[]}';
    const s = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
    });
    const c = client(s);
    await using([s], c, async () => {
      const wanted = `sha256:${'c'.repeat(64)}`;
      await assert.rejects(c.getManifest(parseReference(`${s.host}/r@${wanted}`)), isCode('DIGEST_MISMATCH', new RegExp(wanted)));
      // The same bytes by tag are fine: nothing to compare against, and the digest is computed.
      const m = await c.getManifest(parseReference(`${s.host}/r:x`));
      assert.equal(m.digest, `sha256:${createHash('sha256').update(body).digest('hex')}`);
      assert.equal(s.seen.length, 2);
    });
  });

  test('a manifest whose bytes do not match Docker-Content-Digest is refused', T, async () => {
    const body = '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:' + 'a'.repeat(64) + '","size":2},"layers":[]}';
    const s = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'docker-content-digest': `sha256:${'b'.repeat(64)}` });
      res.end(body);
    });
    const c = client(s);
    await using([s], c, async () => {
      await assert.rejects(c.getManifest(parseReference(`${s.host}/r:x`)), isCode('DIGEST_MISMATCH'));
      await assert.rejects(c.getManifest(parseReference(`${s.host}/r@sha256:${'c'.repeat(64)}`)), isCode('DIGEST_MISMATCH'));
    });
  });
});

describe('auth', () => {
  test('a token realm over plain HTTP for an HTTPS registry is refused before any credential leaves', T, async () => {
    const tls = tlsMaterial();
    const realm = await startServer((req, res) => json(res, 200, { token: 't' }));
    const s = await startServer((req, res) => {
      res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm.url}/token",service="svc"` });
      res.end();
    }, tls);
    const c = client(s.host, { caFile: tls.caFile, credentials: new StaticCredentials({ [s.host]: { username: USER, password: PASS } }) });
    await using([s, realm], c, async () => {
      assert.equal(c.baseUrl, s.url);
      await assert.rejects(c.tags('r'), isCode('AUTH_REALM_INSECURE', /plain HTTP/));
      assert.equal(realm.seen.length, 0, 'the http realm was never contacted');
    });
  });

  test('a token service that redirects to another host: the Basic credentials stay behind', T, async () => {
    // RFC 9110 §15.4 leaves it to the client which headers follow a redirect; Authorization must not cross to
    // another origin (as Go's net/http and curl drop it). 127.0.0.1 and localhost are two hosts here.
    const elsewhere = await startServer((req, res) => json(res, 200, { token: 'tok-elsewhere' }));
    const elsewhereUrl = elsewhere.url.replace('127.0.0.1', 'localhost');
    const realm = await startServer((req, res) => { res.writeHead(307, { location: `${elsewhereUrl}${req.url ?? ''}` }); res.end(); });
    const s = await startServer((req, res) => {
      if (req.headers.authorization !== 'Bearer tok-elsewhere') { res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm.url}/token",service="svc"` }); res.end(); return; }
      json(res, 200, { tags: ['a'] });
    });
    const c = client(s, { credentials: new StaticCredentials({ [s.host]: { username: USER, password: PASS } }) });
    await using([s, realm, elsewhere], c, async () => {
      assert.deepEqual((await c.tags('r')).items, ['a']);
      assert.equal(realm.seen.length, 1);
      assert.equal(realm.seen[0].authorization, basic, 'the realm the registry named gets the credentials');
      assert.equal(elsewhere.seen.length, 1, 'the redirect was followed');
      assert.equal(elsewhere.seen[0].authorization, undefined, 'the other host must not see the Basic credentials');
    });
  });

  test('one token fetch serves many concurrent requests of one scope; the challenge is remembered', T, async () => {
    let tokens = 0;
    // The token is held until all 20 requests have been challenged, so they really overlap the one fetch
    // (a condition, not a delay: without sharing, 20 fetches would arrive here).
    let s: Awaited<ReturnType<typeof startServer>> | undefined;
    const realm = await startServer((req, res) => {
      tokens++;
      assert.equal(req.headers.authorization, basic);
      void waitFor(() => (s?.seen.filter((r) => !r.authorization).length ?? 0) >= 20, { what: '20 challenged requests' })
        .then(() => json(res, 200, { access_token: 'tok-1', expires_in: 300 }), () => res.destroy());
    });
    s = await startServer((req, res) => {
      if (req.headers.authorization !== 'Bearer tok-1') {
        res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm.url}/token",service="svc",scope="repository:r:pull"` });
        res.end();
        return;
      }
      json(res, 200, { name: 'r', tags: ['a'] });
    });
    const c = client(s, { credentials: new StaticCredentials({ [s.host]: { username: USER, password: PASS } }) });
    await using([s, realm], c, async () => {
      const results = await Promise.all(Array.from({ length: 20 }, () => c.tags('r')));
      assert.ok(results.every((r) => r.items[0] === 'a'));
      assert.equal(tokens, 1, 'one token request for 20 concurrent requests');
      const before = s.seen.length;
      await c.tags('r');
      assert.equal(s.seen.length, before + 1, 'later requests go straight to the registry with the cached token');
      assert.equal(tokens, 1);
      const q = new URL(realm.seen[0].url, 'http://x').searchParams;
      assert.equal(q.get('service'), 'svc');
      assert.deepEqual(q.getAll('scope'), ['repository:r:pull']);
    });
  });

  test('a known challenge (from a shared cache) means no 401 round trip', T, async () => {
    const realm = await startServer((req, res) => json(res, 200, { token: 'tok-2' }));
    const s = await startServer((req, res) => {
      if (req.headers.authorization !== 'Bearer tok-2') { res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm.url}/token",service="svc"` }); res.end(); return; }
      json(res, 200, { tags: ['a'] });
    });
    const cache = new MemoryChallengeCache();
    const c1 = client(s, { challengeCache: cache });
    const c2 = client(s, { challengeCache: cache });
    await using([s, realm], c1, async () => {
      await c1.tags('r');
      assert.equal(c1.requestCount, 3, '401, token, retry');
      await c2.tags('r');
      assert.equal(c2.requestCount, 2, 'token + request');
      await c2.close();
    });
  });

  test('one re-auth on 401, then a clear authentication error', T, async () => {
    let tokens = 0;
    const realm = await startServer((req, res) => { tokens++; json(res, 200, { token: `t${tokens}` }); });
    const s = await startServer((req, res) => {
      res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm.url}/token",service="svc"`, 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
    });
    const c = client(s);
    await using([s, realm], c, async () => {
      await assert.rejects(c.tags('r'), (e: unknown) => e instanceof RegistryError && e.status === 401 && /Sign in/.test(e.message));
      assert.equal(s.seen.length, 2);
      assert.equal(tokens, 1);
    });
  });

  test('resetAuth: new credentials from the provider are used after a sign-in', T, async () => {
    const s = await startServer((req, res) => {
      if (req.headers.authorization !== basic) { res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }); res.end(); return; }
      json(res, 200, { tags: ['x'] });
    });
    let creds: { username?: string; password?: string } | undefined;
    const c = client(s, { credentials: { get: async () => creds } });
    await using([s], c, async () => {
      await assert.rejects(c.tags('r'), (e: unknown) => e instanceof RegistryError && e.status === 401);
      creds = { username: USER, password: PASS };
      await assert.rejects(c.tags('r'), (e: unknown) => e instanceof RegistryError && e.status === 401, 'credentials are read once until resetAuth');
      c.resetAuth();
      assert.deepEqual((await c.tags('r')).items, ['x']);
    });
  });

  test('bad credentials at the token service: clear error', T, async () => {
    const realm = await startServer((req, res) => json(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }));
    const s = await startServer((req, res) => { res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm.url}/token",service="svc"` }); res.end(); });
    const c = client(s, { credentials: new StaticCredentials({ [s.host]: { username: USER, password: 'wrong' } }) });
    await using([s, realm], c, async () => {
      await assert.rejects(c.tags('r'), (e: unknown) => e instanceof RegistryError && e.status === 401 && /rejected the credentials/.test(e.message) && !e.message.includes('wrong'));
    });
  });

  test('an identity token is exchanged with an OAuth2 refresh_token POST', T, async () => {
    let form: URLSearchParams | undefined;
    const realm = await startServer((req, res) => {
      let b = '';
      req.on('data', (c: Buffer) => { b += c; });
      req.on('end', () => { form = new URLSearchParams(b); json(res, 200, { access_token: 'oauth-tok', expires_in: 120 }); });
    });
    const s = await startServer((req, res) => {
      if (req.headers.authorization !== 'Bearer oauth-tok') { res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm.url}/token",service="svc"` }); res.end(); return; }
      json(res, 200, { tags: ['x'] });
    });
    const c = client(s, { credentials: new StaticCredentials({ [s.host]: { identityToken: 'refresh-123' } }) });
    await using([s, realm], c, async () => {
      assert.deepEqual((await c.tags('r')).items, ['x']);
      assert.equal(realm.seen[0].method, 'POST');
      assert.equal(form?.get('grant_type'), 'refresh_token');
      assert.equal(form?.get('refresh_token'), 'refresh-123');
      assert.equal(form?.get('scope'), 'repository:r:pull');
    });
  });

  test('logs carry method, URL, status and time, never credentials', T, async () => {
    const realm = await startServer((req, res) => json(res, 200, { token: 'secret-token-value' }));
    const s = await startServer((req, res) => {
      if (!req.headers.authorization) { res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm.url}/token",service="svc"` }); res.end(); return; }
      json(res, 200, { tags: ['x'] });
    });
    const lines: RequestLogLine[] = [];
    const c = client(s, { logger: (l) => lines.push(l), credentials: new StaticCredentials({ [s.host]: { username: USER, password: PASS } }) });
    await using([s, realm], c, async () => {
      await c.tags('r');
      await c.request({ method: 'GET', path: '/v2/r/tags/list', query: { access_token: 'qs-secret' }, scope: ['repository:r:pull'] });
      assert.equal(lines.length, 4);
      const text = JSON.stringify(lines);
      for (const secret of [PASS, 'secret-token-value', 'qs-secret', Buffer.from(`${USER}:${PASS}`).toString('base64')]) assert.ok(!text.includes(secret), secret);
      assert.deepEqual(lines.map((l) => [l.method, l.status]), [['GET', 401], ['GET', 200], ['GET', 200], ['GET', 200]]);
      assert.ok(lines.every((l) => typeof l.ms === 'number' && l.url.startsWith('http://127.0.0.1:')));
    });
  });
});

describe('retries, resets, aborts', () => {
  test('429 with Retry-After: 1 waits the second and then succeeds', T, async () => {
    let n = 0;
    const s = await startServer((req, res) => {
      if (n++ === 0) { res.writeHead(429, { 'retry-after': '1' }); res.end(); return; }
      json(res, 200, { tags: ['ok'] });
    });
    const retries: RetryInfo[] = [];
    const c = client(s, { onRetry: (r) => retries.push(r) });
    await using([s], c, async () => {
      assert.deepEqual((await c.tags('r')).items, ['ok']);
      assert.equal(s.seen.length, 2);
      assert.equal(retries.length, 1);
      assert.equal(retries[0].delayMs, 1000);
      assert.equal(retries[0].reason, 'HTTP 429');
      assert.ok(s.seen[1].at - s.seen[0].at >= 950, `waited ${s.seen[1].at - s.seen[0].at} ms`);
    });
  });

  test('429 with a Retry-After beyond the cap: no wait, a temporary error that says when', T, async () => {
    const s = await startServer((req, res) => { res.writeHead(429, { 'retry-after': '3600' }); res.end(); });
    const c = client(s, { maxRetryAfterSeconds: 5 });
    await using([s], c, async () => {
      await assert.rejects(c.tags('r'), (e: unknown) => e instanceof RegistryError && e.status === 429 && e.temporary && e.retryAfterSeconds === 3600 && /retry after 3600s/.test(e.message));
      assert.equal(s.seen.length, 1);
    });
  });

  test('503 is retried with backoff up to the limit, then a temporary error', T, async () => {
    const s = await startServer((req, res) => { res.writeHead(503); res.end(); });
    const retries: RetryInfo[] = [];
    const c = client(s, { retries: 2, onRetry: (r) => retries.push(r) });
    await using([s], c, async () => {
      await assert.rejects(c.tags('r'), (e: unknown) => e instanceof RegistryError && e.status === 503 && e.temporary);
      assert.equal(s.seen.length, 3);
      assert.equal(retries.length, 2);
    });
  });

  test('a non-idempotent request is not retried', T, async () => {
    const s = await startServer((req, res) => { res.writeHead(503); res.end(); });
    const c = client(s);
    await using([s], c, async () => {
      const r = await c.request({ method: 'POST', path: '/v2/r/blobs/uploads/' });
      assert.equal(r.status, 503);
      assert.equal(s.seen.length, 1);
    });
  });

  test('a connection reset, then success', T, async () => {
    let n = 0;
    const s = await startServer((req, res) => {
      if (n++ === 0) { req.socket.destroy(); return; }
      json(res, 200, { tags: ['after-reset'] });
    });
    const retries: RetryInfo[] = [];
    const c = client(s, { onRetry: (r) => retries.push(r) });
    await using([s], c, async () => {
      assert.deepEqual((await c.tags('r')).items, ['after-reset']);
      assert.equal(s.seen.length, 2);
      assert.equal(retries.length, 1);
    });
  });

  test('an AbortSignal cancels a request the server never answers', T, async () => {
    const s = await startServer(() => { /* never answers */ });
    const c = client(s);
    await using([s], c, async () => {
      const ac = new AbortController();
      const p = c.tags('r', { signal: ac.signal });
      // Cancel once the request is at the server (which never answers), not after some time.
      await waitFor(() => s.seen.length === 1, { what: 'the request to reach the server' });
      ac.abort();
      const t0 = Date.now();
      await assert.rejects(p, isCode('ABORTED'));
      assert.ok(Date.now() - t0 < 5000);
    });
  });

  test('an AbortSignal also cancels a retry wait', T, async () => {
    const s = await startServer((req, res) => { res.writeHead(429, { 'retry-after': '20' }); res.end(); });
    const ac = new AbortController();
    // onRetry is called just before the client sleeps out the 20 s Retry-After: cancel in that wait.
    const c = client(s, { onRetry: () => queueMicrotask(() => ac.abort()) });
    await using([s], c, async () => {
      const t0 = Date.now();
      await assert.rejects(c.tags('r', { signal: ac.signal }), isCode('ABORTED'));
      assert.ok(Date.now() - t0 < 5000);
      assert.equal(s.seen.length, 1);
    });
  });

  test('a server that stalls past the timeout gives a temporary timeout error', T, async () => {
    const s = await startServer(() => { /* never answers */ });
    const c = client(s, { timeoutMs: 300, retries: 0 });
    await using([s], c, async () => {
      await assert.rejects(c.tags('r'), (e: unknown) => e instanceof RegistryError && e.code === 'TIMEOUT' && e.temporary);
    });
  });

  test('nothing listening: a clear, temporary network error', T, async () => {
    const s = await startServer(() => undefined);
    const url = s.url;
    await s.close();
    const c = client(url, { retries: 0 });
    try {
      await assert.rejects(c.tags('r'), (e: unknown) => e instanceof RegistryError && /cannot reach/.test(e.message) && e.code === 'ECONNREFUSED');
    } finally { await c.close(); }
  });
});

describe('schemes and TLS', () => {
  test('a loopback registry that speaks plain HTTP is found with one https attempt, then remembered', T, async () => {
    const s = await startServer((req, res) => json(res, 200, { tags: ['p'] }));
    const c = client(s.host);
    await using([s], c, async () => {
      assert.equal(c.baseUrl, s.url.replace('http:', 'https:'));
      assert.deepEqual((await c.tags('r')).items, ['p']);
      assert.equal(c.baseUrl, s.url);
      assert.equal(c.requestCount, 2);
      await c.tags('r');
      assert.equal(c.requestCount, 3);
    });
  });

  test('the learned scheme is persisted in a file cache, and a stale "http" switches back to https once', T, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regx-scheme-'));
    const tls = tlsMaterial();
    const plain = await startServer((req, res) => json(res, 200, { tags: ['p'] }));
    const secure = await startServer((req, res) => json(res, 200, { tags: ['s'] }), tls);
    const file = join(dir, 'cache.json');
    const c1 = client(plain.host, { challengeCache: new FileChallengeCache(file) });
    try {
      await c1.tags('r');
      assert.equal(new FileChallengeCache(file).getScheme(plain.host), 'http');
      const stale = new FileChallengeCache(file);
      stale.setScheme(secure.host, 'http');
      const c2 = client(secure.host, { challengeCache: stale, caFile: tls.caFile });
      try {
        assert.equal(c2.baseUrl, secure.url.replace('https:', 'http:'));
        assert.deepEqual((await c2.tags('r')).items, ['s']);
        // A TLS server that hangs up on plain HTTP looks like a reset: retried on http first, then https once.
        assert.equal(c2.requestCount, 3, 'http, http again, https');
        assert.equal(c2.baseUrl, secure.url);
        assert.equal(new FileChallengeCache(file).getScheme(secure.host), undefined);
      } finally { await c2.close(); }
    } finally {
      await c1.close();
      await plain.close();
      await secure.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an https registry with an unknown CA is refused with advice; with caFile it works', T, async () => {
    const tls = tlsMaterial();
    const s = await startServer((req, res) => json(res, 200, { tags: ['t'] }), tls);
    const bad = client(s.host, { retries: 0 });
    const good = client(s.host, { caFile: tls.caFile });
    const insecure = client(s.host, { insecure: true });
    await using([s], bad, async () => {
      await assert.rejects(bad.tags('r'), isCode('TLS_UNTRUSTED', /CA file/));
      assert.deepEqual((await good.tags('r')).items, ['t']);
      assert.deepEqual((await insecure.tags('r')).items, ['t']);
      await good.close();
      await insecure.close();
    });
  });

  test('a CA file with no certificate in it is a clear error naming the file, not silently ignored', () => {
    const dir = mkdtempSync(join(tmpdir(), 'regx-ca-'));
    try {
      const tls = tlsMaterial();
      const cases: Record<string, string | Buffer> = {
        'empty.pem': '',
        'notes.txt': 'this is not a certificate\n',
        'key-only.pem': readFileSync(tls.keyFile),
        'broken.pem': '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n',
      };
      for (const [name, content] of Object.entries(cases)) {
        const file = join(dir, name);
        writeFileSync(file, content);
        assert.throws(() => new RegistryClient({ registry: 'registry.example.com', caFile: file }), isCode('CA_FILE', new RegExp(`${name.replace('.', '\\.')}.*no (valid )?certificate|no (valid )?certificate.*${name.replace('.', '\\.')}`)), name);
      }
      // A file with the certificate (and other text around it, as bundles have) is fine.
      const bundle = join(dir, 'bundle.pem');
      writeFileSync(bundle, `# our CA\n${readFileSync(tls.caFile, 'utf8')}`);
      void new RegistryClient({ registry: 'registry.example.com', caFile: bundle }).close();
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  test('a non-loopback registry is https only (no silent http fallback)', () => {
    const c = new RegistryClient({ registry: 'registry.example.com:5000' });
    assert.equal(c.baseUrl, 'https://registry.example.com:5000');
    const hub = new RegistryClient({ registry: 'docker.io' });
    assert.equal(hub.baseUrl, 'https://registry-1.docker.io');
    assert.throws(() => new RegistryClient({ registry: 'a/b' }), RegistryError);
    void c.close();
    void hub.close();
  });
});

describe('delete errors', () => {
  test('405 UNSUPPORTED becomes "delete is disabled on this registry"', T, async () => {
    const s = await startServer((req, res) => json(res, 405, { errors: [{ code: 'UNSUPPORTED', message: 'The operation is unsupported.' }] }));
    const c = client(s);
    await using([s], c, async () => {
      await assert.rejects(c.deleteManifest('r', `sha256:${'1'.repeat(64)}`),
        (e: unknown) => e instanceof RegistryError && e.status === 405 && e.code === 'UNSUPPORTED' && /delete is disabled on this registry \(set storage\.delete\.enabled: true\)/.test(e.message));
    });
  });
});
