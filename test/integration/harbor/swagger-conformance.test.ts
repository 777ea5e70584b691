// Checks the Harbor test server against Harbor's own swagger (test/fixtures/harbor/swagger.yaml, an unchanged copy
// of goharbor/harbor api/v2.0/swagger.yaml): the checks live in test/support/harbor-swagger.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarbor, MIME_V11, type HarborServer } from '../../support/harbor-server';
import { pushImage, pushIndex } from '../../support/seed';
import { ajv, swaggerCaller, validatorFor, type SwaggerCall } from '../../support/harbor-swagger';

describe('Harbor test server conforms to swagger.yaml', () => {
  let h: HarborServer;
  let auth: string;
  let robotAuth: string;
  const checked: string[] = [];

  const call: SwaggerCall = swaggerCaller(() => h, () => auth, checked);

  before(async () => {
    h = await startHarbor();
    auth = `Basic ${Buffer.from(`${h.username}:${h.password}`).toString('base64')}`;
    robotAuth = `Basic ${Buffer.from(`${h.robot.name}:${h.robot.secret}`).toString('base64')}`;
    await pushImage(h.backend, 'library/app', 'v1');
    await pushImage(h.backend, 'library/app', 'v2');
    await pushIndex(h.backend, 'library/app', 'multi', ['linux/amd64', 'linux/arm64/v8']);
    await pushImage(h.backend, 'library/team/web', '1.0');
    // A cosign-style signature (tag schema) makes an accessory.
    const d = await pushImage(h.backend, 'library/app', 'signed');
    await pushImage(h.backend, 'library/app', `sha256-${d.slice(7)}.sig`);
  });
  after(async () => { await h?.stop(); });

  test('the converted schemas reject what Harbor would not send', () => {
    const project = validatorFor('self-check Project', { $ref: '#/definitions/Project' });
    assert.equal(project({ project_id: 1, name: 'p', repo_count: 0 }), true);
    assert.equal(project({ project_id: 'one', name: 'p' }), false, 'wrong type');
    assert.equal(project({ project_id: 1, name: 'p', surprise: true }), false, 'undeclared field');
    const artifact = validatorFor('self-check Artifact', { $ref: '#/definitions/Artifact' });
    assert.equal(artifact({ id: 1, digest: 'sha256:x', tags: null, extra_attrs: { architecture: 'amd64' } }), true, 'nil slices and free-form extra_attrs');
    assert.equal(artifact({ id: 1, push_time: 'yesterday' }), false, 'date-time is still checked');
    const list = validatorFor('self-check list', { type: 'array', items: { $ref: '#/definitions/Repository' } });
    assert.equal(list([{ id: 1, name: 'a/b', artifact_count: '3' }]), false);
  });

  test('connectivity and identity', async () => {
    const ping = await call('GET', '/api/v2.0/ping', { auth: null });
    assert.equal(ping.text, 'Pong');
    await call('GET', '/api/v2.0/health', { auth: null });
    const anon = await call('GET', '/api/v2.0/systeminfo', { auth: null });
    assert.equal((anon.json as Record<string, unknown>).registry_url, undefined, 'anonymous systeminfo has fewer fields');
    await call('GET', '/api/v2.0/systeminfo');
    await call('GET', '/api/v2.0/users/current');
    const u = await call('GET', '/api/v2.0/users/current', { auth: null });
    assert.equal(u.status, 401);
  });

  test('projects: list, paging, q, HEAD, get, errors', async () => {
    const p = await call('GET', '/api/v2.0/projects?page=1&page_size=1&sort=name');
    assert.equal(p.headers.get('x-total-count'), '2');
    assert.equal(p.headers.get('link'), '</api/v2.0/projects?page=2&page_size=1&sort=name>; rel="next"');
    const p2 = await call('GET', '/api/v2.0/projects?page=2&page_size=1&sort=name');
    assert.equal(p2.headers.get('link'), '</api/v2.0/projects?page=1&page_size=1&sort=name>; rel="prev"');
    const q = await call('GET', `/api/v2.0/projects?q=${encodeURIComponent('name=~lib')}`);
    assert.deepEqual((q.json as Array<{ name: string }>).map((x) => x.name), ['library']);
    assert.equal((await call('HEAD', '/api/v2.0/projects?project_name=library')).status, 200);
    assert.equal((await call('HEAD', '/api/v2.0/projects?project_name=none')).status, 404);
    await call('GET', '/api/v2.0/projects/library');
    const missing = await call('GET', '/api/v2.0/projects/none');
    assert.equal(missing.status, 404);
    assert.deepEqual(Object.keys((missing.json as { errors: Array<Record<string, string>> }).errors[0]).sort(), ['code', 'message']);
    assert.equal((await call('GET', '/api/v2.0/projects?page_size=101')).status, 422);
    const bad = await call('GET', '/api/v2.0/projects', { auth: 'Basic ' + Buffer.from('admin:nope').toString('base64') });
    assert.equal(bad.status, 401);
  });

  test('repositories: list (all and per project), get, double-encoded names', async () => {
    await call('GET', '/api/v2.0/repositories?page_size=1');
    const list = await call('GET', '/api/v2.0/projects/library/repositories?page_size=1&page=2');
    assert.match(list.headers.get('link') ?? '', /rel="prev"/);
    const exact = await call('GET', `/api/v2.0/projects/library/repositories?q=${encodeURIComponent('name=library/team/web')}`);
    assert.equal((exact.json as unknown[]).length, 1);
    await call('GET', '/api/v2.0/projects/library/repositories/team%252Fweb');
    const single = await call('GET', '/api/v2.0/projects/library/repositories/team%2Fweb');
    assert.equal(single.status, 404, 'a singly-encoded name does not route, as in Harbor');
  });

  test('artifacts: list with every with_* flag, get, tags, accessories, references', async () => {
    const base = '/api/v2.0/projects/library/repositories/app/artifacts';
    const list = await call('GET', `${base}?with_tag=true&with_scan_overview=true&with_accessory=true&with_label=true&page_size=2`);
    assert.equal(list.headers.get('x-total-count'), '4');
    const all = await call('GET', `${base}?with_accessory=true&page_size=100`);
    const arts = all.json as Array<{ tags: Array<{ name: string }> | null; accessories: Array<{ type: string }> | null; references?: unknown[] }>;
    const signed = arts.find((a) => a.tags?.some((t) => t.name === 'signed'));
    assert.deepEqual(signed?.accessories?.map((x) => x.type), ['signature.cosign']);
    assert.ok(arts.some((a) => (a.references ?? []).length === 2));
    await call('GET', `${base}?q=${encodeURIComponent('tags=*')}`);
    await call('GET', `${base}/v1?with_scan_overview=true&with_accessory=true`);
    await call('GET', `${base}/v1/tags?page_size=1`);
    await call('GET', `${base}/signed/accessories`);
    assert.equal((await call('GET', `${base}/nope`)).status, 404);
    await call('GET', `${base}/v1/additions/build_history`);
  });

  test('tags: create (201 + Location), conflict, delete, not found', async () => {
    const base = '/api/v2.0/projects/library/repositories/team%252Fweb/artifacts/1.0/tags';
    assert.equal((await call('POST', base, { body: { name: 'extra' } })).status, 201);
    assert.equal((await call('POST', base, { body: { name: 'extra' } })).status, 409);
    assert.equal((await call('DELETE', `${base}/extra`)).status, 200);
    assert.equal((await call('DELETE', `${base}/extra`)).status, 404);
    assert.equal((await call('POST', base, { body: { name: 'x' }, auth: null })).status, 401);
    assert.equal((await call('POST', base, { body: { name: 'x' }, auth: robotAuth })).status, 403);
  });

  test('scan: 202, overview keyed by MIME type, report by X-Accept-Vulnerabilities', async () => {
    const base = '/api/v2.0/projects/library/repositories/app/artifacts/v1';
    assert.deepEqual((await call('GET', `${base}/additions/vulnerabilities`)).json, {});
    assert.equal((await call('POST', `${base}/scan`, { body: { scan_type: 'vulnerability' } })).status, 202);
    const statuses: string[] = [];
    for (let i = 0; i < 3; i++) {
      const a = await call('GET', `${base}?with_scan_overview=true`);
      statuses.push((a.json as { scan_overview: Record<string, { scan_status: string }> }).scan_overview[MIME_V11].scan_status);
    }
    assert.deepEqual(statuses, ['Pending', 'Running', 'Success']);
    const report = await call('GET', `${base}/additions/vulnerabilities`, { headers: { 'X-Accept-Vulnerabilities': `${MIME_V11}, application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0` } });
    assert.deepEqual(Object.keys(report.json as object), [MIME_V11]);
    const old = await call('GET', `${base}/additions/vulnerabilities`, { headers: { 'X-Accept-Vulnerabilities': 'application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0' } });
    assert.deepEqual(old.json, {}, 'only a 1.1 report exists: asking for 1.0 alone finds none');
  });

  test('CVE allowlists: a project\'s (PUT /projects/{name}, read back in the Project), the system one, who may change them', async () => {
    const expires = Math.floor(Date.now() / 1000) + 3600;
    assert.equal((await call('PUT', '/api/v2.0/projects/library', { body: { cve_allowlist: { items: [{ cve_id: 'CVE-2013-7445' }], expires_at: expires }, metadata: { reuse_sys_cve_allowlist: 'false' } } })).status, 200);
    const p = (await call('GET', '/api/v2.0/projects/library')).json as { cve_allowlist: { items: Array<{ cve_id: string }>; expires_at: number }; metadata: Record<string, string> };
    assert.deepEqual(p.cve_allowlist.items, [{ cve_id: 'CVE-2013-7445' }]);
    assert.equal(p.cve_allowlist.expires_at, expires);
    assert.equal(p.metadata.reuse_sys_cve_allowlist, 'false');
    assert.equal((await call('PUT', '/api/v2.0/projects/library', { body: { metadata: { reuse_sys_cve_allowlist: 'true' } }, auth: robotAuth })).status, 403);
    assert.equal((await call('PUT', '/api/v2.0/system/CVEAllowlist', { body: { items: [{ cve_id: 'CVE-2019-2182' }] } })).status, 200);
    const sys = (await call('GET', '/api/v2.0/system/CVEAllowlist', { auth: robotAuth })).json as { items: Array<{ cve_id: string }>; project_id: number };
    assert.deepEqual(sys.items, [{ cve_id: 'CVE-2019-2182' }]);
    assert.equal(sys.project_id, 0);
    assert.equal((await call('GET', '/api/v2.0/system/CVEAllowlist', { auth: null })).status, 401);
    assert.equal((await call('PUT', '/api/v2.0/system/CVEAllowlist', { body: { items: [] }, auth: robotAuth })).status, 403);
  });

  test('deletes: artifact and repository', async () => {
    assert.equal((await call('DELETE', '/api/v2.0/projects/library/repositories/app/artifacts/v2')).status, 200);
    assert.equal((await call('DELETE', '/api/v2.0/projects/library/repositories/app/artifacts/v2')).status, 404);
    assert.equal((await call('DELETE', '/api/v2.0/projects/library/repositories/team%252Fweb')).status, 200);
    assert.equal((await call('GET', '/api/v2.0/projects/library/repositories/team%252Fweb')).status, 404);
  });

  test('every operation the client uses was checked', () => {
    const ops = new Set(checked.map((c) => c.split(' ').slice(0, 2).join(' ')));
    for (const needed of [
      'GET /ping', 'GET /systeminfo', 'GET /users/current', 'GET /projects', 'HEAD /projects', 'GET /projects/{project_name_or_id}',
      'GET /repositories', 'GET /projects/{project_name}/repositories', 'GET /projects/{project_name}/repositories/{repository_name}',
      'DELETE /projects/{project_name}/repositories/{repository_name}',
      'GET /projects/{project_name}/repositories/{repository_name}/artifacts',
      'GET /projects/{project_name}/repositories/{repository_name}/artifacts/{reference}',
      'DELETE /projects/{project_name}/repositories/{repository_name}/artifacts/{reference}',
      'POST /projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/tags',
      'GET /projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/tags',
      'DELETE /projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/tags/{tag_name}',
      'POST /projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/scan',
      'GET /projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/additions/vulnerabilities',
      'GET /projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/accessories',
      'GET /system/CVEAllowlist',
    ]) assert.ok(ops.has(needed), `not checked: ${needed}`);
  });
});
