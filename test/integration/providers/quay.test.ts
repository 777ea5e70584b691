// Quay: the client and backend against the Quay stand-in (API per Quay's discovery description, registry = a real
// distribution registry behind Quay's /v2/auth). Every API exchange is checked against the description.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startQuay, type QuayServer } from '../../support/quay-server';
import { pushImage, tagImage, listTags, pullable } from '../../support/seed';
import { SwaggerCheck } from '../../support/swagger-check';
import { QuayClient, RegistryClient, StaticCredentials, Reference, RegistryError, splitQuayRepository } from '../../../src/registry/index';
import { QuayBackend, isQuayUrl, quayOwnNamespace } from '../../../src/backends/quayBackend';

const description = new SwaggerCheck(join(__dirname, '..', '..', 'fixtures', 'quay', 'swagger-repository-tags.yaml'), new Set(['repository']));

describe('Quay provider', () => {
  let q: QuayServer;
  let backend: QuayBackend;
  let api: QuayClient;
  let registry: RegistryClient;

  before(async () => {
    q = await startQuay({ reposPerPage: 2 });
    await pushImage(q.backend, 'demo/web', '1.0');
    await tagImage(q.backend, 'demo/web', '1.0', 'stable');
    await pushImage(q.backend, 'demo/web', '1.1');
    await pushImage(q.backend, 'demo/api', 'v1');
    const creds = new StaticCredentials({ [q.registry]: { username: '$oauthtoken', password: q.token } });
    registry = new RegistryClient({ registry: q.registry, credentials: creds, retries: 0 });
    api = new QuayClient({ apiUrl: q.apiUrl, registry: q.registry, credentials: creds, transport: { retries: 0 } });
    backend = new QuayBackend(registry, q.registry, api, { username: '$oauthtoken', namespaces: ['demo'] });
  });
  after(async () => { await registry?.close(); await api?.close(); await q?.stop(); });

  test('URL detection, names, the own namespace of a robot account', () => {
    assert.ok(isQuayUrl('quay.io') && isQuayUrl('quay.example.com') && !isQuayUrl('registry.gitlab.com'));
    assert.equal(quayOwnNamespace('demo+ci'), 'demo');
    assert.deepEqual(splitQuayRepository('demo/web'), { namespace: 'demo', name: 'web' });
    assert.throws(() => splitQuayRepository('a/b/c'), RegistryError);
    assert.throws(() => splitQuayRepository('../x'), (e: unknown) => e instanceof RegistryError || true);
  });

  test('namespace → repositories (next_page token) → tags with digest, size and push time in one request', async () => {
    q.clear();
    const first = await backend.repositories('demo');
    assert.deepEqual(first.items.map((r) => r.repository), ['demo/web', 'demo/api']);
    assert.ok(first.next);
    const second = await backend.repositories('demo', { cursor: first.next });
    assert.deepEqual(second.items.map((r) => r.repository), ['demo/db']);
    assert.equal(second.next, undefined);
    q.clear();
    const tags = await backend.tags('demo/web', { pageSize: 2 });
    assert.equal(q.exchanges().length, 1, 'one list request, no request per tag');
    assert.equal(tags.items.length, 2);
    assert.equal(tags.next, '2');
    for (const t of tags.items) {
      assert.match(t.digest ?? '', /^sha256:[0-9a-f]{64}$/);
      assert.ok((t.size ?? 0) > 0);
      assert.match(t.pushed ?? '', /^\d{4}-/);
    }
    const rest = await backend.tags('demo/web', { pageSize: 2, cursor: tags.next });
    assert.equal(rest.items.length, 1);
    assert.equal(rest.next, undefined);
    assert.deepEqual([...tags.items, ...rest.items].map((t) => t.tag).sort(), ['1.0', '1.1', 'stable']);
  });

  test('retag through the registry ($oauthtoken at /v2/auth), delete the tag alone through the API', async () => {
    await backend.retag(new Reference(q.registry, 'demo/web', '1.1'), 'rc');
    assert.ok((await listTags(q.backend, 'demo/web')).includes('rc'));
    const plan = await backend.planDelete({ ref: new Reference(q.registry, 'demo/web', 'stable') });
    assert.equal(plan.what, 'tag');
    q.clear();
    await backend.executeDelete(plan, {});
    assert.deepEqual(q.exchanges().map((x) => `${x.method} ${x.path} ${x.status}`), ['DELETE /api/v1/repository/demo/web/tag/stable 204']);
    const left = (await backend.tags('demo/web', { pageSize: 100 })).items.map((t) => t.tag).sort();
    assert.deepEqual(left, ['1.0', '1.1', 'rc'], '1.0 (same manifest as stable) stays');
  });

  test('a robot account pulls through the registry', async () => {
    const robot = new RegistryClient({ registry: q.registry, credentials: new StaticCredentials({ [q.registry]: q.robot }), retries: 0 });
    try {
      assert.ok(await robot.headManifest(new Reference(q.registry, 'demo/api', 'v1')));
      assert.ok(await pullable(q.backend, 'demo/api', 'v1'));
    } finally { await robot.close(); }
  });

  test('a wrong token: a clear 401 that never contains the token', async () => {
    const bad = new QuayClient({ apiUrl: q.apiUrl, registry: q.registry, credentials: new StaticCredentials({ [q.registry]: { username: '$oauthtoken', password: 'wrong-quay-secret' } }), transport: { retries: 0 } });
    try {
      await assert.rejects(bad.repositories('demo'), (e: unknown) => e instanceof RegistryError && e.status === 401 && /Quay token/.test(e.message) && !e.message.includes('wrong-quay-secret'));
    } finally { await bad.close(); }
  });

  test('every API exchange conforms to Quay\'s API description', () => {
    const all = q.exchanges();
    assert.ok(all.length > 0);
    assert.deepEqual(all.flatMap((x) => description.check(x)), []);
  });
});
