// Parsing in the Docker Hub client: pull rate-limit headers ("100;w=21600"), Hub API X-RateLimit-*, the absolute
// `next` URL, and the 10-minute login token cache (stub transport, no network).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RegistryClient, RegistryRequest, RegistryResponse } from '../../../src/registry/client';
import { StaticCredentials } from '../../../src/registry/credentials';
import { RegistryError, errorFromResponse } from '../../../src/registry/errors';
import {
  DockerHubClient, apiRateLimitFromHeaders, pageFromHubUrl, parseRateLimitHeader, pullRateLimitFromHeaders,
} from '../../../src/registry/dockerhub';

describe('parseRateLimitHeader', () => {
  test('value and window', () => {
    assert.deepEqual(parseRateLimitHeader('100;w=21600'), { value: 100, windowSeconds: 21600 });
    assert.deepEqual(parseRateLimitHeader('76;w=21600'), { value: 76, windowSeconds: 21600 });
    assert.deepEqual(parseRateLimitHeader(' 0 ; w = 60 '), { value: 0, windowSeconds: 60 });
    assert.deepEqual(parseRateLimitHeader(['200;w=21600']), { value: 200, windowSeconds: 21600 });
  });
  test('no window, or unknown parameters', () => {
    assert.deepEqual(parseRateLimitHeader('100'), { value: 100 });
    assert.deepEqual(parseRateLimitHeader('100;x=1'), { value: 100 });
    assert.deepEqual(parseRateLimitHeader('100;w=abc'), { value: 100 });
  });
  test('absent or malformed → undefined', () => {
    for (const v of [undefined, '', 'abc', ';w=21600', '-1;w=5', '1.5;w=5']) assert.equal(parseRateLimitHeader(v), undefined, String(v));
  });
});

describe('pullRateLimitFromHeaders', () => {
  test('limit, remaining, window and source', () => {
    assert.deepEqual(pullRateLimitFromHeaders({ 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '76;w=21600', 'docker-ratelimit-source': '192.0.2.1' }),
      { limit: 100, remaining: 76, windowSeconds: 21600, source: '192.0.2.1' });
  });
  test('no headers: not rate limited', () => {
    assert.equal(pullRateLimitFromHeaders({}), undefined);
    assert.equal(pullRateLimitFromHeaders({ 'ratelimit-limit': 'garbage' }), undefined);
  });
});

describe('apiRateLimitFromHeaders', () => {
  test('the three X-RateLimit-* headers', () => {
    assert.deepEqual(apiRateLimitFromHeaders({ 'x-ratelimit-limit': '180', 'x-ratelimit-remaining': '179', 'x-ratelimit-reset': '1700000000' }),
      { limit: 180, remaining: 179, reset: 1700000000 });
    assert.equal(apiRateLimitFromHeaders({}), undefined);
  });
});

describe('pageFromHubUrl', () => {
  test('the page of an absolute next URL', () => {
    assert.equal(pageFromHubUrl('https://hub.docker.com/v2/namespaces/library/repositories?page=2&page_size=10'), 2);
    assert.equal(pageFromHubUrl(null), undefined);
    assert.equal(pageFromHubUrl('/relative?page=2'), undefined);
    assert.equal(pageFromHubUrl('https://hub.docker.com/x?page=nope'), undefined);
  });
});

function jwt(expSeconds: number): string {
  const b = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ alg: 'HS256' })}.${b({ exp: Math.floor(Date.now() / 1000) + expSeconds })}.sig`;
}

/** A DockerHubClient whose Hub API transport is a stub. */
function hubWithStub(reply: (req: RegistryRequest) => Partial<RegistryResponse>): { hub: DockerHubClient; sent: RegistryRequest[] } {
  const sent: RegistryRequest[] = [];
  const api = {
    registry: 'hub.example.com', baseUrl: 'https://hub.example.com',
    request: async (req: RegistryRequest): Promise<RegistryResponse> => {
      sent.push(req);
      await new Promise((r) => setImmediate(r)); // answers asynchronously, as the transport does
      const r = reply(req);
      return { status: r.status ?? 200, headers: r.headers ?? {}, body: r.body ?? Buffer.alloc(0), url: req.path };
    },
    errorFor: (res: RegistryResponse, what: string) => errorFromResponse(res.status, res.body, what),
    close: async () => undefined,
  } as unknown as RegistryClient;
  const registryClient = { registry: 'docker.io', close: async () => undefined } as unknown as RegistryClient;
  const hub = new DockerHubClient({ credentials: new StaticCredentials({ 'docker.io': { username: 'me', password: 'dckr_pat_x' } }), hubUrl: 'https://hub.example.com', registryClient });
  Object.defineProperty(hub, 'api', { value: api });
  return { hub, sent };
}

const listBody = Buffer.from(JSON.stringify({ count: 0, next: null, previous: null, results: [] }));

describe('DockerHubClient login', () => {
  test('concurrent calls share one login; the token is reused while valid and sent as Bearer', async () => {
    const { hub, sent } = hubWithStub((req) => (req.path === '/v2/auth/token' ? { body: Buffer.from(JSON.stringify({ access_token: jwt(600) })) } : { body: listBody }));
    await Promise.all([hub.repositories('me'), hub.tags('me', 'app'), hub.search('x')]);
    await hub.repositories('me');
    const logins = sent.filter((r) => r.path === '/v2/auth/token');
    assert.equal(logins.length, 1);
    assert.deepEqual(JSON.parse(String(logins[0].body)), { identifier: 'me', secret: 'dckr_pat_x' });
    assert.ok(sent.filter((r) => r.path !== '/v2/auth/token').every((r) => r.headers?.authorization?.startsWith('Bearer ') && r.auth === 'none'));
  });
  test('an (almost) expired token is renewed', async () => {
    const { hub, sent } = hubWithStub((req) => (req.path === '/v2/auth/token' ? { body: Buffer.from(JSON.stringify({ access_token: jwt(10) })) } : { body: listBody }));
    await hub.repositories('me');
    await hub.repositories('me');
    assert.equal(sent.filter((r) => r.path === '/v2/auth/token').length, 2, 'a token with 10 s left is inside the renewal margin');
  });
  test('a 401 on a cached token: one new login and one retry', async () => {
    let rejected = 0;
    const { hub, sent } = hubWithStub((req) => {
      if (req.path === '/v2/auth/token') return { body: Buffer.from(JSON.stringify({ access_token: jwt(600) + sent.length })) };
      if (rejected === 0) { rejected++; return { status: 401, body: Buffer.from('{"message":"token revoked"}') }; }
      return { body: listBody };
    });
    const page = await hub.repositories('me');
    assert.deepEqual(page.items, []);
    assert.deepEqual(sent.map((r) => r.path), ['/v2/auth/token', '/v2/namespaces/me/repositories', '/v2/auth/token', '/v2/namespaces/me/repositories']);
    assert.notEqual(sent[1].headers?.authorization, sent[3].headers?.authorization);
  });
  test('page_size is capped at 100 and the cursor is the page number', async () => {
    const { hub, sent } = hubWithStub((req) => (req.path === '/v2/auth/token' ? { body: Buffer.from(JSON.stringify({ access_token: jwt(600) })) } : { body: listBody }));
    await hub.tags('library', 'alpine', { pageSize: 500, cursor: '4' });
    const q = sent.at(-1)?.query;
    assert.equal(q?.page_size, 100);
    assert.equal(q?.page, 4);
    assert.equal(sent.at(-1)?.path, '/v2/namespaces/library/repositories/alpine/tags');
  });
  test('a response without results is a clear error', async () => {
    const { hub } = hubWithStub((req) => (req.path === '/v2/auth/token' ? { body: Buffer.from(JSON.stringify({ access_token: jwt(600) })) } : { body: Buffer.from('{"oops":1}') }));
    await assert.rejects(hub.repositories('me'), (e: unknown) => e instanceof RegistryError && e.code === 'MALFORMED_RESPONSE');
  });
});
