// The policy, label, audit, replication and copy endpoints of the Harbor test server, each answer checked against
// Harbor's swagger (test/fixtures/harbor/swagger.yaml) by test/support/harbor-swagger.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarbor, type HarborServer } from '../../support/harbor-server';
import { pushImage } from '../../support/seed';
import { swaggerCaller, type SwaggerCall } from '../../support/harbor-swagger';
import { REPLICATION_SEED } from '../../support/harbor-policy-seed';

describe('Harbor test server: policy endpoints conform to swagger.yaml', () => {
  let h: HarborServer;
  let auth: string;
  let robotAuth: string;
  const checked: string[] = [];
  const call: SwaggerCall = swaggerCaller(() => h, () => auth, checked);
  const art = '/api/v2.0/projects/library/repositories/app/artifacts';

  before(async () => {
    h = await startHarbor({ projects: ['staging'], replication: REPLICATION_SEED, audit: { library: [{ username: 'dev1', operation: 'pull', resource: 'library/app:v1', resource_type: 'artifact', op_time: '2026-01-02T03:04:05Z' }] } });
    auth = `Basic ${Buffer.from(`${h.username}:${h.password}`).toString('base64')}`;
    robotAuth = `Basic ${Buffer.from(`${h.robot.name}:${h.robot.secret}`).toString('base64')}`;
    await pushImage(h.backend, 'library/app', 'v1');
    await pushImage(h.backend, 'library/app', 'v2');
  });
  after(async () => { await h?.stop(); });

  test('project metadata and CVE allowlists (project and system)', async () => {
    const put = await call('PUT', '/api/v2.0/projects/library', {
      headers: { 'X-Is-Resource-Name': 'true' },
      body: { metadata: { auto_scan: 'true', prevent_vul: 'true', severity: 'high', reuse_sys_cve_allowlist: 'false', enable_content_trust_cosign: 'true' }, cve_allowlist: { items: [{ cve_id: 'CVE-2024-0001' }], expires_at: 1893456000 } },
    });
    assert.equal(put.status, 200);
    const p = (await call('GET', '/api/v2.0/projects/library')).json as { metadata: Record<string, string>; cve_allowlist: { items: Array<{ cve_id: string }>; expires_at: number } };
    assert.equal(p.metadata.auto_scan, 'true');
    assert.equal(p.metadata.severity, 'high');
    assert.deepEqual(p.cve_allowlist.items, [{ cve_id: 'CVE-2024-0001' }]);
    assert.equal(p.cve_allowlist.expires_at, 1893456000);
    assert.equal((await call('PUT', '/api/v2.0/projects/library', { body: { metadata: { severity: 'apocalyptic' } } })).status, 400);
    assert.equal((await call('PUT', '/api/v2.0/projects/library', { body: { metadata: {} }, auth: robotAuth })).status, 403);
    assert.equal((await call('PUT', '/api/v2.0/system/CVEAllowlist', { body: { items: [{ cve_id: 'CVE-2023-9999' }] } })).status, 200);
    const sys = await call('GET', '/api/v2.0/system/CVEAllowlist');
    assert.deepEqual((sys.json as { items: unknown[] }).items, [{ cve_id: 'CVE-2023-9999' }]);
    assert.equal((await call('PUT', '/api/v2.0/system/CVEAllowlist', { body: { items: [] }, auth: robotAuth })).status, 403);
  });

  test('immutability rules: create (201 + Location), list, the tag flag, 412 on delete, delete the rule', async () => {
    const rules = '/api/v2.0/projects/library/immutabletagrules';
    const created = await call('POST', rules, { body: { disabled: false, action: 'immutable', template: 'immutable_template',
      tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'v1' }], scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] } } });
    assert.equal(created.status, 201);
    const listed = (await call('GET', rules)).json as Array<{ id: number }>;
    assert.equal(listed.length, 1);
    const arts = (await call('GET', `${art}?with_immutable_status=true`)).json as Array<{ tags: Array<{ name: string; immutable: boolean }> }>;
    const flags = Object.fromEntries(arts.flatMap((a) => a.tags.map((t) => [t.name, t.immutable])));
    assert.deepEqual(flags, { v1: true, v2: false });
    assert.equal((await call('DELETE', `${art}/v1/tags/v1`)).status, 412);
    assert.equal((await call('DELETE', `${art}/v1`)).status, 412);
    assert.equal((await call('DELETE', '/api/v2.0/projects/library/repositories/app')).status, 412);
    assert.equal((await call('POST', rules, { body: { tag_selectors: [] } })).status, 400);
    assert.equal((await call('DELETE', `${rules}/${listed[0].id}`)).status, 200);
    assert.equal((await call('DELETE', `${rules}/${listed[0].id}`)).status, 404);
  });

  test('labels: create project and global labels, list by scope, add to and remove from an artifact', async () => {
    const pid = ((await call('GET', '/api/v2.0/projects/library')).json as { project_id: number }).project_id;
    assert.equal((await call('POST', '/api/v2.0/labels', { body: { name: 'qa-passed', color: '#00AA00', scope: 'p', project_id: pid } })).status, 201);
    assert.equal((await call('POST', '/api/v2.0/labels', { body: { name: 'qa-passed', scope: 'p', project_id: pid } })).status, 409);
    assert.equal((await call('POST', '/api/v2.0/labels', { body: { name: 'release', scope: 'g' } })).status, 201);
    const own = (await call('GET', `/api/v2.0/labels?scope=p&project_id=${pid}`)).json as Array<{ id: number; name: string }>;
    const global = (await call('GET', '/api/v2.0/labels?scope=g')).json as Array<{ id: number; name: string }>;
    assert.deepEqual([own.map((l) => l.name), global.map((l) => l.name)], [['qa-passed'], ['release']]);
    assert.equal((await call('POST', `${art}/v2/labels`, { body: { id: own[0].id } })).status, 200);
    assert.equal((await call('POST', `${art}/v2/labels`, { body: { id: own[0].id } })).status, 409);
    const listed = (await call('GET', `${art}?with_label=true&q=${encodeURIComponent('tags=v2')}`)).json as Array<{ labels: Array<{ name: string }> }>;
    assert.deepEqual(listed[0].labels.map((l) => l.name), ['qa-passed']);
    assert.equal((await call('DELETE', `${art}/v2/labels/${own[0].id}`)).status, 200);
    assert.equal((await call('DELETE', `${art}/v2/labels/${own[0].id}`)).status, 404);
  });

  test('audit log: paged, q filters on operation, user and time', async () => {
    const logs = '/api/v2.0/projects/library/logs';
    const all = await call('GET', `${logs}?page_size=1`);
    assert.ok(Number(all.headers.get('x-total-count')) >= 1);
    const q = await call('GET', `${logs}?q=${encodeURIComponent('username=~dev,operation=pull')}`);
    assert.deepEqual((q.json as Array<{ username: string }>).map((r) => r.username), ['dev1']);
    const t = await call('GET', `${logs}?q=${encodeURIComponent('op_time=["2026-01-01 00:00:00"~"2026-01-03 00:00:00"]')}`);
    assert.equal((t.json as unknown[]).length, 1);
    assert.equal((await call('GET', logs, { auth: null })).status, 401);
  });

  test('replication policies and executions (system admin)', async () => {
    const p = await call('GET', '/api/v2.0/replication/policies?page_size=10');
    assert.equal((p.json as unknown[]).length, REPLICATION_SEED.policies.length);
    const e = await call('GET', `/api/v2.0/replication/executions?policy_id=${REPLICATION_SEED.policies[0].id}&sort=-start_time`);
    assert.ok((e.json as unknown[]).length >= 1);
    assert.equal((await call('GET', '/api/v2.0/replication/policies', { auth: robotAuth })).status, 403);
  });

  test('artifact copy: 201 + Location into another project, 404 for an unknown source', async () => {
    const digest = ((await call('GET', `${art}/v1`)).json as { digest: string }).digest;
    const c = await call('POST', `/api/v2.0/projects/staging/repositories/app/artifacts?from=${encodeURIComponent(`library/app@${digest}`)}`);
    assert.equal(c.status, 201);
    const copied = (await call('GET', `/api/v2.0/projects/staging/repositories/app/artifacts/${digest}`)).json as { tags: Array<{ name: string }> };
    assert.deepEqual(copied.tags.map((t) => t.name), ['v1'], 'the tags of the artifact come with it');
    assert.equal((await call('POST', `/api/v2.0/projects/staging/repositories/app/artifacts?from=${encodeURIComponent('library/none@sha256:' + '0'.repeat(64))}`)).status, 404);
  });

  test('every policy operation the client uses was checked', () => {
    const ops = new Set(checked.map((c) => c.split(' ').slice(0, 2).join(' ')));
    for (const needed of [
      'PUT /projects/{project_name_or_id}', 'GET /system/CVEAllowlist', 'PUT /system/CVEAllowlist',
      'GET /projects/{project_name_or_id}/immutabletagrules', 'POST /projects/{project_name_or_id}/immutabletagrules',
      'DELETE /projects/{project_name_or_id}/immutabletagrules/{immutable_rule_id}',
      'GET /labels', 'POST /labels',
      'POST /projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/labels',
      'DELETE /projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/labels/{label_id}',
      'GET /projects/{project_name}/logs', 'GET /replication/policies', 'GET /replication/executions',
      'POST /projects/{project_name}/repositories/{repository_name}/artifacts',
    ]) assert.ok(ops.has(needed), `not checked: ${needed}`);
  });
});
