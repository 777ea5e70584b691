// The pure rules of Harbor project administration: Harbor's project name rule, permission words (the project
// itself is Harbor's empty resource), capabilities narrowed by permissions, the highest role, and that every
// permission word a `when` clause of package.json reads is one the tree can write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectNameProblem } from '../../../src/registry/harborProjects';
import { effectiveCaps, highestRole, permissionWords } from '../../../src/backends/harborProjectAdmin';
import { capabilityWords, type Capabilities } from '../../../src/backends/registryBackend';

test('project names as Harbor checks them: lower case words joined by single . _ -, 1–255 characters', () => {
  for (const ok of ['a', 'team-a', 'dev.web', 'a_b', '0', 'x'.repeat(255), 'a1-b2.c3_d4']) assert.equal(projectNameProblem(ok), undefined, ok);
  for (const bad of ['Team', 'a--b', '-a', 'a-', 'a b', 'a/b', '.a', 'a..b', 'ä', '$(rm -rf /)', 'a\u001b[31m']) assert.equal(projectNameProblem(bad), 'invalid', bad);
  assert.equal(projectNameProblem(''), 'empty');
  assert.equal(projectNameProblem('x'.repeat(256)), 'tooLong');
});

test('permission words: relative resources, the project itself as "project", nothing a when clause could trip on', () => {
  assert.deepEqual(permissionWords([
    { resource: '', action: 'delete' }, { resource: 'member', action: 'create' }, { resource: 'immutable-tag', action: 'list' },
    { resource: 'repository', action: 'pull' }, { resource: 'bad word', action: 'x' }, { resource: 'a/b', action: 'read' }, { resource: 'tag', action: 'CREATE' },
  ]), ['immutable-tag-list', 'member-create', 'project-delete', 'repository-pull']);
});

test('capabilities narrowed by permissions; unknown permissions change nothing', () => {
  const caps = { hasNamespaces: true, canFilter: true, filtersOnServer: true, tagDetailsInList: true, serverTagOrders: ['date'], canDelete: true, canDeleteRepository: true,
    canRetag: true, canPush: true, canScanServerSide: true, canSearch: false, hasPullRateLimit: false,
    needsGarbageCollection: false, hasProjectPolicy: false, hasImmutability: false, hasLabels: false, hasAuditLog: false, hasReplication: false } satisfies Capabilities;
  assert.equal(capabilityWords(effectiveCaps(caps, ['repository-pull'])), 'hasNamespaces canFilter');
  assert.equal(capabilityWords(effectiveCaps(caps, ['repository-pull', 'repository-push', 'tag-create'])), 'hasNamespaces canFilter canRetag canPush');
  assert.equal(effectiveCaps(caps, undefined), caps);
});

test('the highest of the user\'s roles', () => {
  assert.equal(highestRole({ current_user_role_ids: [3, 2] }), 'developer');
  assert.equal(highestRole({ current_user_role_ids: [3, 4] }), 'maintainer');
  assert.equal(highestRole({ current_user_role_id: 1 }), 'projectAdmin');
  assert.equal(highestRole({ current_user_role_ids: [] }), undefined);
});

test('package.json: every perm- word a menu reads is resource-action, and each project command is shown only by a permission or hasProjects', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { menus: Record<string, Array<{ command: string; when?: string }>> } };
  const menus = pkg.contributes.menus['view/item/context'];
  for (const m of menus) for (const w of m.when?.match(/perm-[\w-]+/g) ?? []) assert.match(w, /^perm-[a-z][a-z0-9-]*-[a-z*]+$/, `${m.command}: ${w}`);
  const admin = ['createProject', 'setProjectPublic', 'setProjectPrivate', 'setProjectQuota', 'deleteProject', 'manageMembers', 'addMember', 'manageRobots', 'createRobot', 'systemRobots'];
  for (const c of admin) {
    const m = menus.filter((x) => x.command === `registryExplorer.${c}`);
    assert.equal(m.length, 1, c);
    assert.match(m[0].when ?? '', /\\bperm-|\\bhasProjects\\b/, `${c}: ${m[0].when}`);
  }
});

test('every string of the project, member and robot UI has its Simplified Chinese translation', () => {
  const rootDir = join(__dirname, '..', '..', '..');
  const zh = JSON.parse(readFileSync(join(rootDir, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
  const files = ['src/commands/pickProject.ts', 'src/commands/projectCommands.ts', 'src/commands/memberCommands.ts', 'src/commands/robotCommands.ts', 'src/tree/projectWords.ts', 'src/tree/nodes/namespaceNode.ts'];
  let n = 0;
  for (const f of files) {
    for (const m of readFileSync(join(rootDir, f), 'utf8').matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) {
      const key = m[1].replace(/\\'/g, "'").replace(/\\n/g, '\n');
      assert.ok(zh[key], `${f}: no zh-cn for ${JSON.stringify(key)}`);
      n++;
    }
  }
  assert.ok(n > 100, `only ${n} strings found`);
  const en = JSON.parse(readFileSync(join(rootDir, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const zhNls = JSON.parse(readFileSync(join(rootDir, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
  for (const c of ['createProject', 'setProjectPublic', 'setProjectPrivate', 'setProjectQuota', 'deleteProject', 'manageMembers', 'addMember', 'changeMemberRole', 'removeMember',
    'manageRobots', 'systemRobots', 'createRobot', 'toggleRobot', 'refreshRobotSecret', 'deleteRobot']) {
    assert.ok(en[`command.${c}`] && zhNls[`command.${c}`], c);
  }
});
