// The project-administration endpoints of the Harbor test server (projects, summary, quotas, members, permissions,
// registries, robots): every request body and response checked against Harbor's swagger (test/support/harbor-swagger.ts),
// as each role (guest, developer, maintainer, project admin, system admin) sees them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarbor, HARBOR_USERS, type HarborServer } from '../../support/harbor-server';
import { basicAuth, swaggerCheckedCall } from '../../support/harbor-swagger';
import { pushImage } from '../../support/seed';

describe('Harbor test server: administration endpoints conform to swagger.yaml', () => {
  let h: HarborServer;
  let call: ReturnType<typeof swaggerCheckedCall>;
  let admin: string;
  const as = (user: keyof typeof HARBOR_USERS): string => basicAuth(user, HARBOR_USERS[user].password);
  const checked: string[] = [];
  let libraryId: number;

  before(async () => {
    h = await startHarbor({ proxyProjects: { hub: { name: 'docker-hub', url: 'https://registry-1.docker.io' } } });
    call = swaggerCheckedCall(h.url, checked);
    admin = basicAuth(h.username, h.password);
    await pushImage(h.backend, 'library/app', 'v1');
    libraryId = ((await call('GET', '/api/v2.0/projects/library', { auth: admin })).json as { project_id: number }).project_id;
  });
  after(async () => { await h?.stop(); });

  test('projects: create (name rule, 409), update public, summary with quota and proxy upstream, deletable, delete (412 while not empty)', async () => {
    assert.equal((await call('POST', '/api/v2.0/projects', { auth: admin, body: { project_name: 'Bad_Name', metadata: { public: 'false' } } })).status, 400);
    assert.equal((await call('POST', '/api/v2.0/projects', { auth: admin, body: { project_name: 'a--b', metadata: { public: 'false' } } })).status, 400);
    assert.equal((await call('POST', '/api/v2.0/projects', { auth: admin, body: { project_name: 'team-a', metadata: { public: 'false' }, storage_limit: 1073741824 } })).status, 201);
    assert.equal((await call('POST', '/api/v2.0/projects', { auth: admin, body: { project_name: 'team-a', metadata: { public: 'false' } } })).status, 409);
    assert.equal((await call('PUT', '/api/v2.0/projects/team-a', { auth: admin, body: { metadata: { public: 'true' } }, headers: { 'X-Is-Resource-Name': 'true' } })).status, 200);
    const p = (await call('GET', '/api/v2.0/projects/team-a', { auth: admin })).json as { metadata: { public: string } };
    assert.equal(p.metadata.public, 'true');
    const s = (await call('GET', '/api/v2.0/projects/team-a/summary', { auth: admin })).json as { quota: { hard: { storage: number } } };
    assert.equal(s.quota.hard.storage, 1073741824);
    const hub = (await call('GET', '/api/v2.0/projects/hub/summary', { auth: admin })).json as { registry: { url: string } };
    assert.equal(hub.registry.url, 'https://registry-1.docker.io');
    const hubProject = (await call('GET', '/api/v2.0/projects/hub', { auth: admin })).json as { registry_id: number };
    assert.equal(((await call('GET', `/api/v2.0/registries/${hubProject.registry_id}`, { auth: admin })).json as { name: string }).name, 'docker-hub');
    assert.equal((await call('GET', `/api/v2.0/registries/${hubProject.registry_id}`, { auth: as('padmin') })).status, 403);
    assert.deepEqual((await call('GET', '/api/v2.0/projects/library/_deletable', { auth: admin })).json, { deletable: false, message: 'the project contains repositories, can not be deleted' });
    assert.equal((await call('DELETE', '/api/v2.0/projects/library', { auth: admin })).status, 412);
    assert.equal((await call('DELETE', '/api/v2.0/projects/team-a', { auth: as('guest') })).status, 403);
    assert.equal((await call('DELETE', '/api/v2.0/projects/team-a', { auth: admin })).status, 200);
    assert.equal((await call('GET', '/api/v2.0/projects/team-a', { auth: admin })).status, 404);
  });

  test('quotas: list by project, update (system admin only)', async () => {
    const q = (await call('GET', `/api/v2.0/quotas?reference=project&reference_id=${libraryId}`, { auth: admin })).json as Array<{ id: number; used: { storage: number } }>;
    assert.equal(q.length, 1);
    assert.ok(q[0].used.storage > 0, 'library holds an image');
    assert.equal((await call('PUT', `/api/v2.0/quotas/${q[0].id}`, { auth: as('padmin'), body: { hard: { storage: 10 } } })).status, 403);
    assert.equal((await call('PUT', `/api/v2.0/quotas/${q[0].id}`, { auth: admin, body: { hard: { storage: 5368709120 } } })).status, 200);
    assert.equal(((await call('GET', '/api/v2.0/projects/library/summary', { auth: admin })).json as { quota: { hard: { storage: number } } }).quota.hard.storage, 5368709120);
  });

  test('permissions: relative to the project, by role', async () => {
    const perms = async (auth: string) => ((await call('GET', `/api/v2.0/users/current/permissions?scope=/project/${libraryId}&relative=true`, { auth })).json as Array<{ resource: string; action: string }>)
      .map((p) => `${p.resource || 'project'}-${p.action}`);
    const guest = await perms(as('guest'));
    assert.ok(guest.includes('repository-pull') && !guest.includes('artifact-delete') && !guest.includes('repository-push'));
    const dev = await perms(as('developer'));
    assert.ok(dev.includes('repository-push') && dev.includes('tag-create') && !dev.includes('artifact-delete') && !dev.includes('member-create'));
    const maint = await perms(as('maintainer'));
    assert.ok(maint.includes('artifact-delete') && !maint.includes('robot-create'));
    const padmin = await perms(as('padmin'));
    assert.ok(padmin.includes('member-create') && padmin.includes('robot-create') && padmin.includes('project-delete'));
    const abs = (await call('GET', `/api/v2.0/users/current/permissions?scope=/project/${libraryId}`, { auth: as('guest') })).json as Array<{ resource: string }>;
    assert.ok(abs.every((p) => p.resource.startsWith(`/project/${libraryId}`)));
  });

  test('members: list, add user and group, change role, remove; a developer may not add', async () => {
    const list = async () => (await call('GET', '/api/v2.0/projects/library/members?page_size=50', { auth: admin })).json as Array<{ id: number; entity_name: string; role_id: number; entity_type: string }>;
    assert.deepEqual((await list()).map((m) => m.entity_name).sort(), ['developer', 'guest', 'maintainer', 'padmin']);
    assert.equal((await call('POST', '/api/v2.0/projects/library/members', { auth: as('developer'), body: { role_id: 3, member_group: { group_name: 'ci-team' } } })).status, 403);
    assert.equal((await call('POST', '/api/v2.0/projects/library/members', { auth: as('padmin'), body: { role_id: 2, member_group: { group_name: 'ci-team' } } })).status, 201);
    assert.equal((await call('POST', '/api/v2.0/projects/library/members', { auth: as('padmin'), body: { role_id: 2, member_user: { username: 'nobody' } } })).status, 400);
    const group = (await list()).find((m) => m.entity_name === 'ci-team')!;
    assert.equal(group.entity_type, 'g');
    assert.equal((await call('PUT', `/api/v2.0/projects/library/members/${group.id}`, { auth: as('padmin'), body: { role_id: 4 } })).status, 200);
    assert.equal(((await call('GET', `/api/v2.0/projects/library/members/${group.id}`, { auth: admin })).json as { role_id: number }).role_id, 4);
    assert.equal((await call('DELETE', `/api/v2.0/projects/library/members/${group.id}`, { auth: as('padmin') })).status, 200);
    assert.equal((await call('DELETE', `/api/v2.0/projects/library/members/${group.id}`, { auth: as('padmin') })).status, 404);
  });

  test('robots: create (secret once), list with q, get, disable, refresh secret, delete; the robot logs in', async () => {
    const body = { name: 'ci', description: 'CI pushes', level: 'project', duration: 30, disable: false,
      permissions: [{ kind: 'project', namespace: 'library', access: [{ resource: 'repository', action: 'pull' }, { resource: 'repository', action: 'push' }] }] };
    assert.equal((await call('POST', '/api/v2.0/robots', { auth: as('maintainer'), body })).status, 403);
    const created = await call('POST', '/api/v2.0/robots', { auth: as('padmin'), body });
    assert.equal(created.status, 201);
    const r = created.json as { id: number; name: string; secret: string; expires_at: number };
    assert.equal(r.name, 'robot$library+ci');
    assert.ok(r.secret && r.expires_at > Date.now() / 1000);
    const robotAuth = basicAuth(r.name, r.secret);
    assert.equal((await call('GET', '/api/v2.0/projects/library/repositories', { auth: robotAuth })).status, 200);
    const listed = (await call('GET', `/api/v2.0/robots?q=${encodeURIComponent(`Level=project,ProjectID=${libraryId}`)}&page_size=10`, { auth: as('maintainer') })).json as Array<{ name: string; secret?: string }>;
    assert.deepEqual(listed.map((x) => x.name), ['robot$library+ci']);
    assert.ok(listed.every((x) => !x.secret), 'a listing never carries the secret');
    const got = (await call('GET', `/api/v2.0/robots/${r.id}`, { auth: as('padmin') })).json as Record<string, unknown>;
    assert.equal((await call('PUT', `/api/v2.0/robots/${r.id}`, { auth: as('padmin'), body: { ...got, disable: true } })).status, 200);
    assert.equal((await call('GET', '/api/v2.0/projects/library/repositories', { auth: robotAuth })).status, 401, 'a disabled robot cannot log in');
    const sec = (await call('PATCH', `/api/v2.0/robots/${r.id}`, { auth: as('padmin'), body: {} })).json as { secret: string };
    assert.notEqual(sec.secret, r.secret);
    assert.equal((await call('GET', '/api/v2.0/robots?q=Level%3Dsystem', { auth: as('padmin') })).status, 400, 'only a system admin lists system robots');
    assert.equal((await call('GET', '/api/v2.0/robots?q=Level%3Dsystem', { auth: admin })).status, 200);
    assert.equal((await call('DELETE', `/api/v2.0/robots/${r.id}`, { auth: as('padmin') })).status, 200);
    assert.equal((await call('GET', `/api/v2.0/robots/${r.id}`, { auth: as('padmin') })).status, 404);
  });

  test('every administration operation the client uses was checked', () => {
    const ops = new Set(checked.map((c) => c.split(' ').slice(0, 2).join(' ')));
    for (const needed of [
      'POST /projects', "PUT /projects/{project_name_or_id}", 'DELETE /projects/{project_name_or_id}', '/projects/{project_name_or_id}/_deletable',
      'GET /projects/{project_name_or_id}/summary', 'GET /registries/{id}', 'GET /quotas', 'PUT /quotas/{id}', 'GET /users/current/permissions',
      'GET /projects/{project_name_or_id}/members', 'POST /projects/{project_name_or_id}/members', 'PUT /projects/{project_name_or_id}/members/{mid}',
      'DELETE /projects/{project_name_or_id}/members/{mid}', 'GET /robots', 'POST /robots', 'GET /robots/{robot_id}', 'PUT /robots/{robot_id}',
      'PATCH /robots/{robot_id}', 'DELETE /robots/{robot_id}',
    ]) assert.ok(ops.has(needed) || [...ops].some((o) => o.endsWith(needed)), `not checked: ${needed}`);
  });
});
