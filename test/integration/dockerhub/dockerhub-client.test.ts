// Every DockerHubClient operation against the Docker Hub test server (fixtures from the Docker Hub API reference, docker/docs content/reference/api/hub/latest.yaml,
// a real token-auth distribution registry behind the registry-1.docker.io stand-in).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from '../../../src/registry/client';
import { StaticCredentials } from '../../../src/registry/credentials';
import { RegistryError } from '../../../src/registry/errors';
import { parseReference } from '../../../src/registry/reference';
import { DockerHubClient } from '../../../src/registry/dockerhub';
import { startHub, type HubServer } from '../../support/hub-server';
import { pushImage } from '../../support/seed';

describe('DockerHubClient against the Docker Hub test server', () => {
  let hub: HubServer;
  const opened: DockerHubClient[] = [];
  const registryClients: RegistryClient[] = [];
  const regClient = (credentials?: StaticCredentials): RegistryClient => {
    const rc = new RegistryClient({ registry: hub.registry, credentials });
    registryClients.push(rc);
    return rc;
  };
  const make = (authenticated: boolean, registryClient?: RegistryClient): DockerHubClient => {
    const credentials = authenticated ? new StaticCredentials({ [hub.registry]: { username: hub.username, password: hub.password } }) : undefined;
    const c = new DockerHubClient({ credentials, hubUrl: hub.url, registryClient: registryClient ?? regClient(credentials) });
    opened.push(c);
    return c;
  };
  const apiCalls = (): Array<{ method: string; path: string; query: string }> => hub.requests().filter((r) => !r.path.startsWith('/v2/ratelimitpreview') && r.path !== '/token');

  before(async () => {
    hub = await startHub();
    await pushImage(hub.backend, 'ratelimitpreview/test', 'latest');
    await pushImage(hub.backend, 'library/alpine', 'latest');
  });
  after(async () => {
    for (const c of opened) await c.close();
    for (const rc of registryClients) await rc.close();
    await hub?.stop();
  });

  test('repositories: pages with count and an absolute next; name filter; ordering', async () => {
    const c = make(false);
    const p1 = await c.repositories('regxdemo');
    assert.equal(p1.total, 23, 'the private repository is hidden from anonymous callers');
    assert.equal(p1.items.length, 10);
    assert.equal(p1.next, '2');
    const p3 = await c.repositories('regxdemo', { cursor: '3' });
    assert.equal(p3.items.length, 3);
    assert.equal(p3.next, undefined);
    const byName = await c.repositories('regxdemo', { name: 'app-1', pageSize: 100 });
    assert.deepEqual(byName.items.map((r) => r.name), ['app-10', 'app-11', 'app-12', 'app-13', 'app-14', 'app-15', 'app-16', 'app-17', 'app-18', 'app-19']);
    const top = await c.repositories('library', { ordering: '-pull_count', pageSize: 2 });
    assert.deepEqual(top.items.map((r) => r.name), ['alpine', 'busybox']);
    const q = new URLSearchParams(hub.requests().at(-1)?.query);
    assert.equal(q.get('ordering'), '-pull_count');
    assert.equal(q.get('page_size'), '2');
  });

  test('past the end is 404, a bad ordering is 400 with the field named', async () => {
    const c = make(false);
    await assert.rejects(c.repositories('regxdemo', { page: 9 }), (e: unknown) => e instanceof RegistryError && e.status === 404);
    await assert.rejects(c.repositories('regxdemo', { ordering: 'stars' as never }), (e: unknown) =>
      e instanceof RegistryError && e.status === 400 && /ordering/.test(e.message) && typeof e.detail === 'object');
  });

  test('login: POST /v2/auth/token once, the JWT cached; private repositories become visible', async () => {
    const c = make(true);
    hub.clearRequests();
    const p = await c.repositories('regxdemo', { pageSize: 100 });
    assert.equal(p.total, 24);
    assert.ok(p.items.some((r) => r.name === 'secret-app' && r.is_private));
    await c.tags('regxdemo', 'secret-app');
    await c.repository('regxdemo', 'secret-app');
    const logins = hub.requests().filter((r) => r.path === '/v2/auth/token');
    assert.equal(logins.length, 1, 'one login for three calls');
    assert.ok(hub.requests().filter((r) => r.path.startsWith('/v2/namespaces/')).every((r) => r.authorization === 'bearer'));
  });

  test('a wrong password is a clear 401', async () => {
    const credentials = new StaticCredentials({ [hub.registry]: { username: hub.username, password: 'wrong' } });
    const c = new DockerHubClient({ credentials, hubUrl: hub.url, registryClient: regClient() });
    opened.push(c);
    await assert.rejects(c.repositories('regxdemo'), (e: unknown) => e instanceof RegistryError && e.status === 401 && /login failed/.test(e.message));
  });

  test('tags: dates, sizes and platforms in one request per page, no manifest requests', async () => {
    const c = make(false);
    hub.clearRequests();
    const page = await c.tags('library', 'alpine', { pageSize: 25 });
    assert.equal(page.total, 25);
    assert.equal(page.items.length, 25);
    const latest = page.items.find((t) => t.name === 'latest');
    assert.ok(latest?.last_updated);
    assert.ok((latest?.full_size ?? 0) > 0);
    assert.deepEqual(latest?.images.map((i) => `${i.os}/${i.architecture}${i.variant ? `/${i.variant}` : ''}`), ['linux/amd64', 'linux/arm64/v8', 'linux/arm/v7']);
    assert.equal(hub.requests().length, 1, JSON.stringify(hub.requests()));
    assert.ok(!hub.requests().some((r) => r.path.includes('/manifests/')));
    const one = await c.tag('library', 'alpine', '3.22');
    assert.equal(one.name, '3.22');
  });

  test('search: {count,next,previous,results} with repo_name and is_official', async () => {
    const c = make(false);
    const r = await c.search('alpine');
    assert.deepEqual(r.items.map((x) => x.repo_name), ['alpine', 'someone/alpine-tools']);
    assert.equal(r.items[0].is_official, true);
    const demo = await c.search('regxdemo', { pageSize: 20 });
    assert.equal(demo.total, 23);
    assert.equal(demo.next, '2');
  });

  test('X-RateLimit-* of the Hub API are read; a 429 with Retry-After is waited out once', async () => {
    const c = make(false);
    hub.throttle(1, 1);
    hub.clearRequests();
    const started = Date.now();
    const page = await c.repositories('library');
    assert.equal(page.items.length, 10);
    assert.equal(apiCalls().length, 2, 'the 429, then one retry');
    assert.ok(Date.now() - started >= 900, 'Retry-After: 1 was honoured');
    assert.equal(c.lastApiRateLimit?.limit, 180);
    assert.ok((c.lastApiRateLimit?.remaining ?? -1) >= 0);
    assert.ok((c.lastApiRateLimit?.reset ?? 0) > Date.now() / 1000);
  });

  test('a long Retry-After is not waited for: the error carries it', async () => {
    const c = make(false);
    hub.throttle(1, 3600);
    await assert.rejects(c.repositories('library'), (e: unknown) => e instanceof RegistryError && e.status === 429 && e.retryAfterSeconds === 3600 && e.temporary);
    hub.throttle(0, 0);
  });

  test('rateLimit: manifest HEAD through the token service; HEAD does not count as a pull', async () => {
    const rc = regClient();
    const anon = make(false, rc);
    hub.clearRequests();
    const before = hub.pulls();
    const l = await anon.rateLimit();
    assert.deepEqual({ limit: l?.limit, windowSeconds: l?.windowSeconds, source: l?.source }, { limit: 100, windowSeconds: 21600, source: '127.0.0.1' });
    assert.equal(l?.remaining, 100 - before);
    const paths = hub.requests().map((r) => `${r.method} ${r.path}`);
    assert.ok(paths.includes('GET /token'), `the token flow ran: ${paths.join(', ')}`);
    assert.ok(paths.includes('HEAD /v2/ratelimitpreview/test/manifests/latest'));
    // A real pull (GET) through the same registry client is counted; the HEAD was not.
    await rc.getManifest(parseReference(`${hub.registry}/library/alpine:latest`));
    assert.equal(hub.pulls(), before + 1);
    const again = await anon.rateLimit(parseReference(`${hub.registry}/library/alpine:latest`));
    assert.equal(again?.remaining, 100 - before - 1);
    const authed = make(true);
    assert.equal((await authed.rateLimit())?.limit, 200);
    assert.equal((await authed.rateLimit())?.source, hub.username);
  });

  test('rateLimit is undefined when the registry sends no headers (an unlimited account)', async () => {
    const unlimited = await startHub({ pullLimit: false });
    const registryClient = new RegistryClient({ registry: unlimited.registry });
    const c = new DockerHubClient({ hubUrl: unlimited.url, registryClient });
    try {
      await pushImage(unlimited.backend, 'ratelimitpreview/test', 'latest');
      assert.equal(await c.rateLimit(), undefined);
    } finally {
      await c.close();
      await registryClient.close();
      await unlimited.stop();
    }
  });
});
