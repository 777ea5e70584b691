// Harbor administration in a real extension host: the tree signed in as a guest, a developer and a project admin
// (project rows with role and permission words; which context-menu commands package.json shows for each row, by
// evaluating its `when` clauses against the row's contextValue), and the project, member and robot commands run with
// their answers passed (no prompt), each effect checked over Harbor's API.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testbed } from '../testbed';
import { addRegistry, child, children, extensionApi, rootOf, type Node } from '../tree';
import { menuCommandsFor } from '../menus';
import type { ExtensionApi } from '../../../src/extension';
import { HarborClient, RegistryClient, StaticCredentials } from '../../../src/registry/index';
import { HarborProjects } from '../../../src/registry/harborProjects';
import { HarborRobots } from '../../../src/registry/harborRobots';
import { HARBOR_USERS } from '../../support/harbor-server';

let api: ExtensionApi;
const added: string[] = [];
const run = Date.now().toString(36);
const ctxOf = async (n: Node): Promise<string> => String((await n.getTreeItem()).contextValue);
const descOf = async (n: Node): Promise<string> => String((await n.getTreeItem()).description);

suite('harbor admin', function () {
  this.timeout(90_000);
  let h: { url: string; username: string; password: string };
  const signIn = (user: string, password: string, name: string): Promise<string> => addRegistry({ url: h.url, name, username: user, password }, added);
  const as = (user: keyof typeof HARBOR_USERS): Promise<string> => signIn(user, HARBOR_USERS[user].password, `ha-${user}`);
  /** Harbor's API as the system admin, outside the extension (to check effects). */
  let adminApi: HarborClient;

  suiteSetup(async () => {
    api = await extensionApi();
    const tb = testbed().harbor as { url: string; username: string; password: string } | undefined;
    assert.ok(tb, 'testbed has no Harbor test server');
    h = tb;
    const registry = new URL(h.url).host;
    adminApi = new HarborClient(new RegistryClient({ registry: h.url, credentials: new StaticCredentials({ [registry]: { username: h.username, password: h.password } }) }));
  });
  suiteTeardown(async () => {
    for (const id of added) await api.ctx.registries.remove(id).catch(() => undefined);
    await adminApi?.client.close();
  });

  test('a guest sees its role, and no delete, retag, push, member or robot administration', async () => {
    const id = await as('guest');
    const demo = await child(await rootOf(id), 'demo');
    assert.match(await descOf(demo), /Guest/);
    const nsWords = await ctxOf(demo);
    assert.match(nsWords, /\bperm-repository-pull\b/);
    assert.doesNotMatch(nsWords, /\bperm-(member-create|robot-create|robot-list|project-delete|project-update)\b/);
    const nsMenus = menuCommandsFor(nsWords);
    for (const c of ['deleteProject', 'addMember', 'manageRobots', 'createRobot', 'setProjectPublic', 'setProjectPrivate', 'setProjectQuota']) assert.ok(!nsMenus.includes(c), `guest sees ${c}`);
    assert.ok(nsMenus.includes('manageMembers'), 'a guest may read the member list');
    const app = await child(demo, 'app');
    const repoMenus = menuCommandsFor(await ctxOf(app));
    assert.ok(!repoMenus.includes('deleteRepository') && !repoMenus.includes('pushLocalImage'), `guest repository menu: ${repoMenus.join(', ')}`);
    const [tag] = await children(app);
    const tagWords = await ctxOf(tag);
    assert.doesNotMatch(tagWords, /\bcan(Delete|Retag|ScanServerSide)\b/);
    const tagMenus = menuCommandsFor(tagWords);
    for (const c of ['deleteTag', 'deleteArtifact', 'retag']) assert.ok(!tagMenus.includes(c), `guest sees ${c}`);
    assert.ok(tagMenus.includes('copyReference'), 'read-only commands stay');
  });

  test('a developer may retag and push but not delete or administer', async () => {
    const id = await as('developer');
    const demo = await child(await rootOf(id), 'demo');
    assert.match(await descOf(demo), /Developer/);
    const app = await child(demo, 'app');
    const repoMenus = menuCommandsFor(await ctxOf(app));
    assert.ok(repoMenus.includes('pushLocalImage') && !repoMenus.includes('deleteRepository'), `developer repository menu: ${repoMenus.join(', ')}`);
    const [tag] = await children(app);
    const tagMenus = menuCommandsFor(await ctxOf(tag));
    assert.ok(tagMenus.includes('retag') && !tagMenus.includes('deleteTag') && !tagMenus.includes('deleteArtifact'), `developer tag menu: ${tagMenus.join(', ')}`);
    const nsMenus = menuCommandsFor(await ctxOf(demo));
    for (const c of ['deleteProject', 'addMember', 'manageRobots', 'createRobot']) assert.ok(!nsMenus.includes(c), `developer sees ${c}`);
  });

  test('a project admin administers: menus, create / public / delete project, members, robots saved as a registry entry', async () => {
    const id = await as('padmin');
    const root = await rootOf(id);
    assert.match(menuCommandsFor(await ctxOf(root)).join(' '), /\bcreateProject\b/);
    const demo = await child(root, 'demo');
    assert.match(await descOf(demo), /Project Admin/);
    const nsMenus = menuCommandsFor(await ctxOf(demo));
    for (const c of ['deleteProject', 'manageMembers', 'addMember', 'manageRobots', 'createRobot']) assert.ok(nsMenus.includes(c), `project admin misses ${c}`);
    assert.ok(!nsMenus.includes('setProjectQuota'), 'quotas are a system admin\'s');
    const [tag] = await children(await child(demo, 'app'));
    assert.ok(menuCommandsFor(await ctxOf(tag)).includes('deleteTag'));

    // Projects: create with quota, make public, refuse a non-empty delete naming its repositories, delete the empty one.
    const name = `ha-${run}`;
    assert.equal(await vscode.commands.executeCommand('registryExplorer.createProject', id, { name, public: false, quotaGiB: 2 }), name);
    const created = await child(await rootOf(id), name);
    assert.match(await descOf(created), /private · 0% · Project Admin/);
    assert.match(await ctxOf(created), /\bproject private\b/);
    assert.equal(await vscode.commands.executeCommand('registryExplorer.setProjectPublic', { registryId: id, project: name }), true);
    assert.equal((await adminApi.project(name)).metadata?.public, 'true');
    assert.equal(await vscode.commands.executeCommand('registryExplorer.createProject', id, { name: 'Not Valid', public: false }), undefined, 'Harbor\'s name rule is checked first');
    assert.equal(await vscode.commands.executeCommand('registryExplorer.deleteProject', { registryId: id, project: 'demo' }, true), false, 'demo holds repositories');
    assert.ok(await adminApi.projectExists('demo'));
    assert.equal(await vscode.commands.executeCommand('registryExplorer.deleteProject', { registryId: id, project: name }, true), true);
    assert.equal(await adminApi.projectExists(name), false);

    // Members: add a group as developer, make it maintainer, remove it.
    const projects = new HarborProjects(adminApi);
    const roleOf = async (who: string) => (await projects.members('demo', { pageSize: 100 })).items.find((m) => m.entity_name === who)?.role_id;
    assert.equal(await vscode.commands.executeCommand('registryExplorer.addMember', { registryId: id, project: 'demo' }, { group: 'ci-team', role: 'developer' }), true);
    assert.equal(await roleOf('ci-team'), 2);
    assert.equal(await vscode.commands.executeCommand('registryExplorer.changeMemberRole', { registryId: id, project: 'demo' }, { member: 'ci-team', role: 'maintainer' }), true);
    assert.equal(await roleOf('ci-team'), 4);
    assert.equal(await vscode.commands.executeCommand('registryExplorer.removeMember', { registryId: id, project: 'demo' }, { member: 'ci-team', confirmed: true }), true);
    assert.equal(await roleOf('ci-team'), undefined);

    // Robots: create with pull + push for 30 days and save it as a registry entry; the entry signs in as the robot.
    const made = await vscode.commands.executeCommand<{ name: string; registryId?: string }>('registryExplorer.createRobot', { registryId: id, project: 'demo' },
      { name: `ci${run}`, duration: 30, access: ['repository-pull', 'repository-push'], then: 'save' });
    assert.equal(made?.name, `robot$demo+ci${run}`);
    assert.ok(made?.registryId);
    added.push(made.registryId);
    const stored = await api.ctx.registries.secret(made.registryId);
    assert.equal(stored?.credentials.username, made.name);
    const secret = stored!.credentials.password!;
    const settings = JSON.stringify(vscode.workspace.getConfiguration('registryExplorer').get('registries'));
    assert.ok(settings.includes(made.name) && !settings.includes(secret), 'the entry is in settings, its secret is not');
    assert.ok((await children(await rootOf(made.registryId))).length > 0);
    assert.ok((await children(await child(await rootOf(made.registryId), 'demo'))).length > 0, 'the robot entry lists demo\'s repositories');
    // Disable, refresh the secret, delete.
    assert.equal(await vscode.commands.executeCommand('registryExplorer.toggleRobot', { registryId: id, project: 'demo' }, { robot: made.name }), true);
    assert.equal(await vscode.commands.executeCommand('registryExplorer.refreshRobotSecret', { registryId: id, project: 'demo' }, { robot: made.name, confirmed: true, then: 'close' }), true);
    assert.equal(await vscode.commands.executeCommand('registryExplorer.deleteRobot', { registryId: id, project: 'demo' }, { robot: made.name, confirmed: true }), true);
    const left = await new HarborRobots(adminApi).list({ projectId: (await adminApi.project('demo')).project_id });
    assert.ok(!left.items.some((r) => r.name === made.name));
  });

  test('the system admin sets a quota; the row shows used / limit', async () => {
    const id = await signIn(h.username, h.password, 'ha-admin');
    assert.equal(await vscode.commands.executeCommand('registryExplorer.setProjectQuota', { registryId: id, project: 'demo' }, 10), true);
    const demo = await child(await rootOf(id), 'demo');
    assert.match(await ctxOf(demo), /\bperm-quota-update\b/);
    assert.match(await descOf(demo), /\d+% · Project Admin/);
    const tip = (await demo.getTreeItem()).tooltip as vscode.MarkdownString;
    assert.match(tip.value.replace(/&nbsp;/g, ' ').replace(/\\/g, ''), /Storage: [\d.]+ \w+ of 10\.0 GiB \(\d+%\)/);
  });
});
