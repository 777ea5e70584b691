// The policy commands' menus (package.json `when` clauses) against item contextValues: a capability of the backend
// AND the Harbor user's permission word (`perm-<resource>-<action>`, written by the projects feature from
// GET /users/current/permissions) must both be there. A guest, a developer and a project admin see different menus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { menus: Record<string, Array<{ command: string; when?: string }>> };
};
const items = pkg.contributes.menus['view/item/context'];

/** Evaluates the `when` forms these menus use: `view == x` and `viewItem =~ /re/` joined by &&. */
function shows(command: string, viewItem: string): boolean {
  return items.filter((m) => m.command === command).some((m) => (m.when ?? '').split('&&').map((p) => p.trim()).every((p) => {
    if (p === 'view == registryExplorer.registries') return true;
    const re = /^viewItem =~ \/(.*)\/$/.exec(p);
    assert.ok(re, `unexpected when clause part: ${p}`);
    return new RegExp(re[1]).test(viewItem);
  }));
}

// Harbor's roles (src/common/rbac/project/rbac_role.go): what each may do in a project, as relative permissions.
const PROJECT = 'namespace canFilter hasProjectPolicy hasImmutability hasLabels hasAuditLog';
const guest = `${PROJECT} perm-project-read perm-repository-pull perm-log-list`;
const developer = `${guest} perm-repository-push perm-artifact-label-create perm-label-read perm-immutable-tag-list`;
const admin = `${developer} perm-project-update perm-immutable-tag-create perm-immutable-tag-delete perm-label-create perm-artifact-label-delete`;

test('project menus follow the permission words', () => {
  const cmds = ['vulnerabilitySettings', 'showImmutabilityRules', 'addImmutabilityRule', 'removeImmutabilityRule', 'createLabel', 'showAuditLog'].map((c) => `registryExplorer.${c}`);
  const seen = (ctx: string): string[] => cmds.filter((c) => shows(c, ctx)).map((c) => c.split('.')[1]);
  assert.deepEqual(seen(guest), ['showAuditLog']);
  assert.deepEqual(seen(developer), ['showImmutabilityRules', 'showAuditLog']);
  assert.deepEqual(seen(admin), ['vulnerabilitySettings', 'showImmutabilityRules', 'addImmutabilityRule', 'removeImmutabilityRule', 'createLabel', 'showAuditLog']);
  // A backend without the capability shows none, whatever the permissions.
  assert.deepEqual(seen(admin.replace(PROJECT, 'namespace canFilter')), []);
});

test('tag menus: labels by permission, promote wherever retag is possible', () => {
  const tag = 'image tag canDelete canRetag canScanServerSide hasLabels labeled';
  assert.equal(shows('registryExplorer.addLabel', `${tag} perm-repository-pull`), false);
  assert.equal(shows('registryExplorer.addLabel', `${tag} perm-artifact-label-create`), true);
  assert.equal(shows('registryExplorer.removeLabel', `${tag} perm-artifact-label-create`), false);
  assert.equal(shows('registryExplorer.removeLabel', `${tag} perm-artifact-label-delete`), true);
  assert.equal(shows('registryExplorer.removeLabel', 'image tag hasLabels perm-artifact-label-delete'), false, 'nothing to remove');
  assert.equal(shows('registryExplorer.promote', 'image tag canRetag'), true);
  assert.equal(shows('registryExplorer.promote', 'image tag'), false);
});

test('registry menus: system allowlist and replication by capability', () => {
  assert.equal(shows('registryExplorer.showReplication', 'registry hasNamespaces hasReplication'), true);
  assert.equal(shows('registryExplorer.showReplication', 'registry hasNamespaces'), false);
  assert.equal(shows('registryExplorer.editSystemCveAllowlist', 'registry hasProjectPolicy'), true);
});
