// GitLab: the client and backend against the GitLab stand-in (API per GitLab's OpenAPI description, registry = a
// real distribution registry behind GitLab's JWT realm). Every exchange is checked against the description.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startGitLab, type GitLabServer } from '../../support/gitlab-server';
import { pushImage, tagImage, listTags } from '../../support/seed';
import { SwaggerCheck } from '../../support/swagger-check';
import { GitLabClient, RegistryClient, StaticCredentials, Reference, RegistryError } from '../../../src/registry/index';
import { GitLabBackend, isGitLabUrl } from '../../../src/backends/gitlabBackend';

const description = new SwaggerCheck(join(__dirname, '..', '..', 'fixtures', 'gitlab', 'openapi-container-registry.yaml'));

describe('GitLab provider', () => {
  let gl: GitLabServer;
  let backend: GitLabBackend;
  let api: GitLabClient;
  let registry: RegistryClient;
  let digest: string;

  before(async () => {
    gl = await startGitLab();
    digest = await pushImage(gl.backend, 'demo/app', '1.0');
    await tagImage(gl.backend, 'demo/app', '1.0', 'latest');
    await pushImage(gl.backend, 'demo/app/worker', '2.0');
    await pushImage(gl.backend, 'demo/tools', '0.1');
    const creds = new StaticCredentials({ [gl.registry]: { username: gl.username, password: gl.token } });
    registry = new RegistryClient({ registry: gl.registry, credentials: creds, retries: 0 });
    api = new GitLabClient({ apiUrl: gl.apiUrl, registry: gl.registry, credentials: creds, transport: { retries: 0 } });
    backend = new GitLabBackend(registry, gl.registry, api, { namespaces: ['demo'] });
  });
  after(async () => { await registry?.close(); await api?.close(); await gl?.stop(); });

  test('URL detection: gitlab.com and self-managed registries', () => {
    assert.ok(isGitLabUrl('registry.gitlab.com'));
    assert.ok(isGitLabUrl('registry.gitlab.example.org'));
    assert.ok(isGitLabUrl('gitlab.example.org:5050'));
    assert.ok(!isGitLabUrl('ghcr.io') && !isGitLabUrl('quay.io'));
  });

  test('group → repositories (paged by X-Next-Page) → tags with digest, size and date from the tag details', async () => {
    gl.clear();
    assert.deepEqual((await backend.namespaces()).items.map((n) => n.name), ['demo']);
    const first = await backend.repositories('demo', { pageSize: 2 });
    assert.deepEqual(first.items.map((r) => r.repository), ['demo/app', 'demo/app/worker']);
    assert.deepEqual(first.items.map((r) => r.label), ['app', 'app/worker']);
    assert.equal(first.next, '2');
    assert.equal(first.total, 3);
    const second = await backend.repositories('demo', { pageSize: 2, cursor: first.next });
    assert.deepEqual(second.items.map((r) => r.repository), ['demo/tools']);
    assert.equal(second.next, undefined);

    gl.clear();
    const tags = await backend.tags('demo/app', { pageSize: 20 });
    assert.deepEqual(tags.items.map((t) => t.tag), ['1.0', 'latest']);
    for (const t of tags.items) {
      assert.equal(t.digest, digest);
      assert.ok(typeof t.size === 'number' && t.size > 0);
      assert.match(t.created ?? '', /^\d{4}-\d\d-\d\dT/);
    }
    // One list and one details request per tag: nothing else.
    assert.deepEqual(gl.exchanges().map((x) => `${x.method} ${x.path}`).sort(), [
      'GET /api/v4/projects/7/registry/repositories/11/tags',
      'GET /api/v4/projects/7/registry/repositories/11/tags/1.0',
      'GET /api/v4/projects/7/registry/repositories/11/tags/latest',
    ]);
    assert.equal(gl.exchanges().length, 3);
  });

  test('a project path works as a namespace too (404 as a group → the project list)', async () => {
    const b = new GitLabBackend(registry, gl.registry, api, { namespaces: ['demo/tools'] });
    const page = await b.repositories('demo/tools');
    assert.deepEqual(page.items.map((r) => [r.repository, r.count]), [['demo/tools', 1]]);
    // A repository never listed is located through its candidate projects.
    const fresh = new GitLabBackend(registry, gl.registry, api, { namespaces: ['demo'] });
    assert.deepEqual((await fresh.tags('demo/app/worker')).items.map((t) => t.tag), ['2.0']);
  });

  test('retag through the registry (JWT realm with the token), then delete the tag alone through the API', async () => {
    await backend.retag(new Reference(gl.registry, 'demo/app', '1.0'), 'rc');
    assert.ok((await listTags(gl.backend, 'demo/app')).includes('rc'));
    const plan = await backend.planDelete({ ref: new Reference(gl.registry, 'demo/app', 'rc') });
    assert.equal(plan.what, 'tag');
    gl.clear();
    await backend.executeDelete(plan, {});
    assert.deepEqual(gl.exchanges().map((x) => `${x.method} ${x.path} ${x.status}`), ['DELETE /api/v4/projects/7/registry/repositories/11/tags/rc 204']);
    const after = (await backend.tags('demo/app')).items.map((t) => t.tag);
    assert.deepEqual(after, ['1.0', 'latest'], 'the other tags on the same manifest stay');
  });

  test('a wrong token: a clear 401 that never contains the token', async () => {
    const bad = new GitLabClient({ apiUrl: gl.apiUrl, registry: gl.registry, credentials: new StaticCredentials({ [gl.registry]: { username: 'x', password: 'glpat-wrong-secret' } }), transport: { retries: 0 } });
    try {
      await assert.rejects(bad.groupRepositories('demo'), (e: unknown) => {
        assert.ok(e instanceof RegistryError && e.status === 401);
        assert.match(e.message, /GitLab token/);
        assert.ok(!e.message.includes('glpat-wrong-secret'));
        return true;
      });
    } finally { await bad.close(); }
  });

  test('hostile names: a tag with path characters is one encoded segment', async () => {
    await assert.rejects(api.tag(7, 11, '../../../groups/demo'), (e: unknown) => e instanceof RegistryError && e.status === 404);
    assert.ok(gl.exchanges().some((x) => x.path.endsWith('/tags/..%2F..%2F..%2Fgroups%2Fdemo')));
  });

  test('every API exchange conforms to GitLab\'s OpenAPI description', () => {
    const all = gl.exchanges();
    assert.ok(all.length > 0);
    const problems = all.flatMap((x) => description.check(x));
    assert.deepEqual(problems, []);
  });
});
