// GitHub Container Registry: the packages REST client and the backend against the GitHub stand-in
// (test/support/github-server.ts: every request and response checked against GitHub's published description,
// kept in test/fixtures/github/) with a real registry playing ghcr.io for the distribution API.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { GitHubClient, Reference, RegistryClient, RegistryError, StaticCredentials } from '../../../src/registry/index';
import { GitHubBackend } from '../../../src/backends/githubBackend';
import { startGitHubServer, matchOperation, requestProblems, responseProblems, type GitHubServer } from '../../support/github-server';
import { pushImage, tagImage } from '../../support/seed';

let gh: GitHubServer;
let client: RegistryClient;
let api: GitHubClient;
let backend: GitHubBackend;
let d10: string;
let d20: string;

before(async () => {
  gh = await startGitHubServer({ orgs: ['acme'] });
  const reg = gh.registry;
  d10 = await pushImage(reg, `${gh.user}/app`, '1.0', { salt: 'one' });
  await tagImage(reg, `${gh.user}/app`, '1.0', '1.1');
  d20 = await pushImage(reg, `${gh.user}/app`, '2.0', { salt: 'two' });
  await pushImage(reg, 'acme/tool', 'latest');
  const creds = new StaticCredentials({ [reg.registry]: { username: gh.user, password: gh.token } });
  client = new RegistryClient({ registry: reg.registry, insecure: true, credentials: creds, retries: 0 });
  api = new GitHubClient({ credentials: creds, registry: reg.registry, apiUrl: gh.apiUrl, api: { retries: 0 } });
  backend = new GitHubBackend(client, reg.registry, api, { username: gh.user, namespaces: ['acme'] });
});
after(async () => { await api?.close(); await client?.close(); await gh?.stop(); });

describe('GitHub packages API (stand-in checked against the description)', () => {
  test('namespaces are the user and the organisations; packages and versions with tags and dates, one request each', async () => {
    assert.deepEqual((await backend.namespaces()).items.map((n) => n.name), [gh.user, 'acme']);
    gh.clearRequests();
    const repos = await backend.repositories(gh.user);
    assert.deepEqual(repos.items.map((r) => [r.repository, r.label, r.count]), [[`${gh.user}/app`, 'app', 2]]);
    assert.deepEqual((await backend.repositories('acme')).items.map((r) => r.repository), ['acme/tool']);
    const tags = await backend.tags(`${gh.user}/app`);
    assert.deepEqual(tags.items.map((t) => [t.tag, t.digest]).sort(), [['1.0', d10], ['1.1', d10], ['2.0', d20]]);
    assert.ok(tags.items.every((t) => t.pushed && !Number.isNaN(Date.parse(t.pushed))));
    assert.deepEqual(tags.items.find((t) => t.tag === '1.0')?.otherTags, ['1.1']);
    const ops = gh.requests().map((r) => r.operationId);
    assert.deepEqual(ops, ['packages/list-packages-for-user', 'packages/list-packages-for-organization', 'packages/get-all-package-versions-for-package-owned-by-user']);
    // The user-owned versions operation declares no paging parameters: none are sent.
    assert.equal(gh.requests()[2].query, '');
    assert.deepEqual(gh.violations(), []);
  });

  test('retag goes through the distribution API on the registry (one GET, one PUT) and shows up as a tag of the version', async () => {
    await backend.retag(new Reference(gh.registry.registry, `${gh.user}/app`, '2.0'), 'stable');
    const tags = await backend.tags(`${gh.user}/app`);
    assert.deepEqual(tags.items.filter((t) => t.digest === d20).map((t) => t.tag).sort(), ['2.0', 'stable']);
  });

  test('deleting a tag plans its whole version, names every tag on it, and deletes through the API', async () => {
    const plan = await backend.planDelete({ ref: new Reference(gh.registry.registry, `${gh.user}/app`, '1.0') });
    assert.equal(plan.what, 'artifact');
    assert.deepEqual(plan.what === 'artifact' && [plan.digest, [...plan.tags].sort()], [d10, ['1.0', '1.1']]);
    gh.clearRequests();
    await backend.executeDelete(plan, {});
    assert.deepEqual(gh.requests().map((r) => `${r.method} ${r.operationId}`), [
      'GET packages/get-all-package-versions-for-package-owned-by-user', 'DELETE packages/delete-package-version-for-user']);
    assert.equal(await client.headManifest(new Reference(gh.registry.registry, `${gh.user}/app`, undefined, d10)), undefined);
    assert.deepEqual((await backend.tags(`${gh.user}/app`)).items.map((t) => t.tag).sort(), ['2.0', 'stable']);
    assert.deepEqual(gh.violations(), []);
  });

  test('a version whose tags changed since the plan is not deleted', async () => {
    const plan = await backend.planDelete({ ref: new Reference(gh.registry.registry, `${gh.user}/app`, '2.0') });
    await tagImage(gh.registry, `${gh.user}/app`, '2.0', 'late');
    await assert.rejects(backend.executeDelete(plan, {}), (e: unknown) => e instanceof RegistryError && e.code === 'PLAN_STALE' && /late/.test(e.message));
    assert.ok(await client.headManifest(new Reference(gh.registry.registry, `${gh.user}/app`, '2.0')));
  });

  test('organisation versions are paged (page, per_page) and deleted under /orgs', async () => {
    gh.clearRequests();
    const page = await api.versions({ kind: 'org', name: 'acme' }, 'tool', { pageSize: 1 });
    assert.equal(page.items.length, 1);
    assert.equal(gh.requests()[0].query, '?page=1&per_page=1');
    await backend.executeDelete(await backend.planDelete({ ref: new Reference(gh.registry.registry, 'acme/tool', 'latest') }), {});
    assert.deepEqual(gh.requests().map((r) => r.operationId).slice(-1), ['packages/delete-package-version-for-org']);
    assert.deepEqual((await backend.tags('acme/tool')).items, []);
    assert.deepEqual(gh.violations(), []);
  });

  test('a wrong token is a 401 that says what to do and never repeats the token', async () => {
    const bad = new GitHubClient({ credentials: new StaticCredentials({ [gh.registry.registry]: { username: gh.user, password: 'ghp_wrong-token-value' } }), registry: gh.registry.registry, apiUrl: gh.apiUrl, api: { retries: 0 } });
    try {
      await assert.rejects(bad.packages({ kind: 'user', name: gh.user }), (e: unknown) => e instanceof RegistryError && e.status === 401 && /read:packages/.test(e.message) && !e.message.includes('ghp_wrong'));
    } finally { await bad.close(); }
  });

  test('hostile names are refused before any request', async () => {
    const n = gh.requests().length;
    await assert.rejects(api.packages({ kind: 'org', name: '../../user' }), /invalid GitHub organization name/);
    await assert.rejects(api.versions({ kind: 'user', name: 'a\u001b[31m' }, 'x'), /invalid GitHub user name/);
    await assert.rejects(api.deleteVersion({ kind: 'user', name: gh.user }, 'app', Number.NaN), /invalid package version id/);
    assert.equal(gh.requests().length, n);
  });
});

describe('the stand-in answers only what the description allows', () => {
  test('undeclared or missing parameters, undeclared statuses and bodies outside the schema are violations', () => {
    const list = matchOperation('GET', '/users/octo/packages')!;
    assert.equal(list.op.operationId, 'packages/list-packages-for-user');
    assert.deepEqual(requestProblems(list.op, list.params, new URLSearchParams('package_type=container&page=2')), []);
    assert.match(requestProblems(list.op, list.params, new URLSearchParams('page=1')).join(), /missing required query parameter package_type/);
    assert.match(requestProblems(list.op, list.params, new URLSearchParams('package_type=helm')).join(), /package_type/);
    const versions = matchOperation('GET', '/users/octo/packages/container/app/versions')!;
    assert.match(requestProblems(versions.op, versions.params, new URLSearchParams('per_page=5')).join(), /per_page is not declared/);
    const del = matchOperation('DELETE', '/orgs/acme/packages/container/app/versions/abc')!;
    assert.match(requestProblems(del.op, del.params, new URLSearchParams()).join(), /package_version_id/);
    assert.equal(matchOperation('DELETE', '/users/octo/packages/container/app'), undefined, 'not kept: the client never deletes packages');
    assert.match(responseProblems(list.op, 200, [{ id: 1, name: 'x' }]).join(), /required property/);
    assert.match(responseProblems(list.op, 418, undefined).join(), /not declared/);
  });

  test('a request outside the description is a 404 and a recorded violation', async () => {
    const before = gh.violations().length;
    const res = await fetch(`${gh.apiUrl}/user/packages?package_type=container`, { headers: { authorization: `Bearer ${gh.token}` } });
    assert.equal(res.status, 404);
    assert.equal(gh.violations().length, before + 1);
  });
});
