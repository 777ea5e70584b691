// The Harbor backend's `projects` facet (src/backends/harborProjectAdmin.ts) against the Harbor test server, signed
// in as each role: project facts in the listing (role, quota, proxy upstream, permissions → effective capabilities,
// with counted requests), create / toggle public / quota / delete with a not-empty refusal, members, and robots.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from '../../../src/registry/client';
import { StaticCredentials } from '../../../src/registry/credentials';
import { HarborClient } from '../../../src/registry/harbor';
import { HarborBackend } from '../../../src/backends/harborBackend';
import { ProjectNotEmptyError } from '../../../src/backends/projectAdmin';
import { capabilityWords } from '../../../src/backends/registryBackend';
import { startHarbor, HARBOR_USERS, type HarborServer } from '../../support/harbor-server';
import { pushImage } from '../../support/seed';

describe('Harbor project administration through the backend', () => {
  let h: HarborServer;
  const clients: RegistryClient[] = [];
  function backendAs(user: string, password: string): HarborBackend {
    const client = new RegistryClient({ registry: h.registry, credentials: new StaticCredentials({ [h.registry]: { username: user, password } }) });
    clients.push(client);
    return new HarborBackend(client, h.registry, new HarborClient(client));
  }
  const as = (user: keyof typeof HARBOR_USERS) => backendAs(user, HARBOR_USERS[user].password);
  let admin: HarborBackend;

  before(async () => {
    h = await startHarbor({ proxyProjects: { hub: { name: 'docker-hub', url: 'https://registry-1.docker.io' } } });
    await pushImage(h.backend, 'library/app', 'v1');
    await pushImage(h.backend, 'library/web', 'v1');
    admin = backendAs(h.username, h.password);
  });
  after(async () => {
    for (const c of clients) await c.close();
    await h?.stop();
  });

  test('the listing carries each project\'s facts: one summary and one permissions request per project', async () => {
    h.clearRequests();
    const page = await admin.namespaces({ withFacts: true, pageSize: 50 });
    const api = h.requests().filter((r) => r.path.startsWith('/api/'));
    const n = page.items.length;
    assert.equal(api.filter((r) => r.path === '/api/v2.0/projects').length, 1);
    assert.equal(api.filter((r) => r.path.endsWith('/summary')).length, n, 'one summary per project');
    assert.equal(api.filter((r) => r.path === '/api/v2.0/users/current/permissions').length, n, 'one permissions request per project');
    assert.equal(api.length, 1 + 2 * n);
    const lib = page.items.find((p) => p.name === 'library')!;
    assert.equal(lib.project?.role, 'projectAdmin');
    assert.ok(lib.project!.quota!.used > 0);
    assert.equal(lib.project!.quota!.limit, -1);
    assert.ok(lib.project!.permissions!.includes('member-create'));
    const hub = page.items.find((p) => p.name === 'hub')!;
    assert.deepEqual(hub.project?.proxyOf, { name: 'docker-hub', url: 'https://registry-1.docker.io' });
    h.clearRequests();
    await admin.namespaces({ pageSize: 50 });
    assert.equal(h.requests().length, 1, 'without withFacts (the CLI) the listing is one request');
  });

  test('permissions narrow the capabilities per role: guest, developer, maintainer, project admin', async () => {
    const capsOf = async (b: HarborBackend) => {
      const lib = (await b.namespaces({ withFacts: true })).items.find((p) => p.name === 'library')!;
      return { role: lib.project!.role, words: capabilityWords(lib.project!.caps).split(' '), perms: lib.project!.permissions! };
    };
    const guest = await capsOf(as('guest'));
    assert.equal(guest.role, 'guest');
    for (const w of ['canDelete', 'canDeleteRepository', 'canRetag', 'canPush', 'canScanServerSide']) assert.ok(!guest.words.includes(w), `guest: no ${w}`);
    assert.ok(!guest.perms.includes('member-create') && !guest.perms.includes('robot-create'));
    const dev = await capsOf(as('developer'));
    assert.ok(dev.words.includes('canRetag') && dev.words.includes('canPush') && !dev.words.includes('canDelete'));
    const maint = await capsOf(as('maintainer'));
    assert.ok(maint.words.includes('canDelete') && maint.words.includes('canDeleteRepository') && !maint.perms.includes('robot-create'));
    const padmin = await capsOf(as('padmin'));
    assert.equal(padmin.role, 'projectAdmin');
    assert.ok(padmin.perms.includes('robot-create') && padmin.perms.includes('member-update') && padmin.perms.includes('project-delete'));
  });

  test('create (name rule), toggle public, set quota, delete; a non-empty project is refused naming its repositories', async () => {
    const p = admin.projects;
    assert.equal(p.nameProblem('Team'), 'invalid');
    assert.equal(p.nameProblem('a..b'), 'invalid');
    assert.equal(p.nameProblem('x'.repeat(256)), 'tooLong');
    assert.equal(p.nameProblem(''), 'empty');
    assert.equal(p.nameProblem('team-a.b_c'), undefined);
    await assert.rejects(p.create({ name: 'Bad Name', public: false }), /invalid Harbor project name/);
    await p.create({ name: 'staging', public: false, storageLimit: 2 * 1024 ** 3 });
    let staging = (await admin.namespaces({ withFacts: true, pageSize: 50 })).items.find((x) => x.name === 'staging')!;
    assert.equal(staging.public, false);
    assert.equal(staging.project?.quota?.limit, 2 * 1024 ** 3);
    await p.setPublic('staging', true);
    await p.setQuota('staging', 5 * 1024 ** 3);
    staging = (await admin.namespaces({ withFacts: true, pageSize: 50 })).items.find((x) => x.name === 'staging')!;
    assert.equal(staging.public, true);
    assert.equal(staging.project?.quota?.limit, 5 * 1024 ** 3);
    await assert.rejects(p.delete('library'), (e: unknown) => e instanceof ProjectNotEmptyError && e.total === 2 && e.repositories.join() === 'library/app,library/web');
    await p.delete('staging');
    assert.equal((await admin.namespaces({ pageSize: 50 })).items.some((x) => x.name === 'staging'), false);
  });

  test('members: list, add a user and a group with a role, change role, remove; a developer is refused', async () => {
    const p = as('padmin').projects;
    const names = async () => (await p.members('library')).items.map((m) => `${m.name}:${m.role}${m.isGroup ? ':group' : ''}`).sort();
    assert.deepEqual(await names(), ['developer:developer', 'guest:guest', 'maintainer:maintainer', 'padmin:projectAdmin']);
    await p.addMember('library', { group: 'ci-team' }, 'developer');
    await p.addMember('library', { user: 'admin' }, 'guest');
    const team = (await p.members('library')).items.find((m) => m.name === 'ci-team')!;
    await p.setMemberRole('library', team.id, 'maintainer');
    assert.ok((await names()).includes('ci-team:maintainer:group'));
    await p.removeMember('library', team.id);
    assert.ok(!(await names()).some((x) => x.startsWith('ci-team')));
    await assert.rejects(as('developer').projects.addMember('library', { group: 'ci-team' }, 'guest'), /403|forbidden|denied/i);
  });

  test('robots: create with permissions and expiry (secret once), list, disable, refresh, delete; system robots for a system admin', async () => {
    const p = as('padmin').projects;
    const { robot, secret } = await p.createRobot('library', { name: 'builder', duration: 7, access: [{ resource: 'repository', action: 'pull' }, { resource: 'repository', action: 'push' }] });
    assert.equal(robot.name, 'robot$library+builder');
    assert.ok(secret.length >= 16);
    assert.ok(robot.expiresAt! > Date.now() / 1000 + 6 * 86400);
    const listed = (await p.robots('library')).items;
    assert.deepEqual(listed.map((r) => r.name), ['robot$library+builder']);
    assert.deepEqual(listed[0].permissions[0].access.map((a) => `${a.resource}-${a.action}`), ['repository-pull', 'repository-push']);
    assert.ok(!JSON.stringify(listed).includes(secret), 'the listing never carries the secret');
    // The robot signs in with its secret and sees the project.
    const asRobot = backendAs(robot.name, secret);
    assert.ok((await asRobot.repositories('library')).items.length === 2);
    await p.setRobotDisabled(robot.id, true);
    assert.equal((await p.robots('library')).items[0].disabled, true);
    await assert.rejects(backendAs(robot.name, secret).repositories('library'), /authentication required/);
    await p.setRobotDisabled(robot.id, false);
    const fresh = await p.refreshRobotSecret(robot.id);
    assert.notEqual(fresh, secret);
    assert.equal((await backendAs(robot.name, fresh).repositories('library')).items.length, 2);
    await p.deleteRobot(robot.id);
    assert.deepEqual((await p.robots('library')).items, []);
    assert.equal(await p.isSystemAdmin(), false);
    assert.equal(await admin.projects.isSystemAdmin(), true);
    const sys = await admin.projects.createRobot(undefined, { name: 'mirror', duration: -1, access: [{ resource: 'repository', action: 'pull' }] });
    assert.equal(sys.robot.name, 'robot$mirror');
    assert.equal(sys.robot.expiresAt, undefined, 'never expires');
    assert.deepEqual((await admin.projects.robots(undefined)).items.map((r) => r.name), ['robot$mirror']);
  });
});
