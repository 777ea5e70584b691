// The Harbor backend's policy facets (settings, allowlists, immutability, labels, audit log, replication) and
// promote, against the Harbor test server (a real distribution registry behind it); promote on a plain registry.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from '../../../src/registry/client';
import { StaticCredentials } from '../../../src/registry/credentials';
import { HarborClient } from '../../../src/registry/harbor';
import { Reference } from '../../../src/registry/reference';
import { RegistryError } from '../../../src/registry/errors';
import { HarborBackend } from '../../../src/backends/harborBackend';
import { DistributionBackend } from '../../../src/backends/distributionBackend';
import type { RegistryBackend } from '../../../src/backends/registryBackend';
import { ImmutableTagError } from '../../../src/backends/immutableTagError';
import { startHarbor, type HarborServer } from '../../support/harbor-server';
import { startRegistry, type TestRegistry } from '../../support/registry';
import { listTags, pushImage } from '../../support/seed';
import { REPLICATION_SEED } from '../../support/harbor-policy-seed';

describe('Harbor backend: policy, audit, replication, promote', () => {
  let h: HarborServer;
  let client: RegistryClient;
  let b: HarborBackend;
  let v1: string;
  const ref = (repo: string, tag?: string, digest?: string): Reference => new Reference(h.registry, repo, tag, digest);

  before(async () => {
    h = await startHarbor({ projects: ['dev', 'staging', 'production'], replication: REPLICATION_SEED });
    v1 = await pushImage(h.backend, 'dev/app', 'v1');
    await pushImage(h.backend, 'dev/app', 'v2');
    await pushImage(h.backend, 'staging/app', 'v1'); // another artifact under the same tag at the destination
    client = new RegistryClient({ registry: h.registry, credentials: new StaticCredentials({ [h.registry]: { username: h.username, password: h.password } }) });
    b = new HarborBackend(client, h.registry, new HarborClient(client));
  });
  after(async () => {
    await client?.close();
    await h?.stop();
  });

  test('capabilities say what the facets offer; a plain registry has none', () => {
    for (const f of ['hasProjectPolicy', 'hasImmutability', 'hasLabels', 'hasAuditLog', 'hasReplication'] as const) assert.equal(b.caps[f], true, f);
    const plain: RegistryBackend = new DistributionBackend(client, h.registry);
    assert.equal(plain.caps.hasAuditLog, false);
    assert.equal(plain.policy, undefined);
    assert.equal(plain.audit, undefined);
  });

  test('vulnerability settings: read, change some keys, CVE allowlists (project and system)', async () => {
    const before = await b.policy.vulnerabilitySettings('dev');
    assert.deepEqual(before, { scanOnPush: false, preventSeverity: undefined, reuseSystemAllowlist: true, allowlist: { cves: [], expiresAt: undefined }, contentTrust: undefined, contentTrustCosign: undefined });
    h.clearRequests();
    await b.policy.updateVulnerabilitySettings('dev', { scanOnPush: true, preventSeverity: 'high', reuseSystemAllowlist: false, allowlist: { cves: ['CVE-2024-1111', 'CVE-2024-1111'], expiresAt: 1893456000 }, contentTrustCosign: true });
    assert.deepEqual(h.requests().map((r) => `${r.method} ${r.path}`), ['PUT /api/v2.0/projects/dev'], 'one request');
    assert.deepEqual(h.policy.metadata.get('dev'), { auto_scan: 'true', prevent_vul: 'true', severity: 'high', reuse_sys_cve_allowlist: 'false', enable_content_trust_cosign: 'true' });
    const after = await b.policy.vulnerabilitySettings('dev');
    assert.equal(after.scanOnPush, true);
    assert.equal(after.preventSeverity, 'high');
    assert.deepEqual(after.allowlist, { cves: ['CVE-2024-1111'], expiresAt: 1893456000 });
    assert.equal(after.contentTrustCosign, true);
    await b.policy.updateVulnerabilitySettings('dev', { preventSeverity: null });
    assert.equal((await b.policy.vulnerabilitySettings('dev')).preventSeverity, undefined);
    await assert.rejects(b.policy.updateVulnerabilitySettings('dev', { allowlist: { cves: ['CVE 1; rm -rf /'] } }), /not a CVE id/);
    await b.policy.setSystemAllowlist({ cves: ['CVE-2023-0001'] });
    assert.deepEqual(await b.policy.systemAllowlist(), { cves: ['CVE-2023-0001'], expiresAt: undefined });
  });

  test('immutability: rules shown, tags carry the lock, delete and retag explained before anything is sent', async () => {
    await b.immutability.addRule('dev', { repositories: '**', tags: 'v1' });
    const rules = await b.immutability.rules('dev');
    assert.equal(rules.length, 1);
    assert.match(rules[0].description, /^#\d+ \(repositories matching \*\*, tags matching v1\)$/);
    const rows = (await b.tags('dev/app')).items;
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.tag, !!r.immutable])), { v1: true, v2: false });

    h.clearRequests();
    await assert.rejects(b.planDelete({ ref: ref('dev/app', 'v1') }), (e: unknown) => e instanceof ImmutableTagError && e.tag === 'v1' && /rule #\d+/.test(e.message));
    await assert.rejects(b.planDelete({ ref: ref('dev/app', 'v1'), artifact: true }), ImmutableTagError);
    // Retag v2 → v1 would move the protected v1.
    await assert.rejects(b.retag(ref('dev/app', 'v2'), 'v1'), (e: unknown) => e instanceof ImmutableTagError && e.action === 'overwrite');
    assert.deepEqual(h.requests().filter((r) => r.method !== 'GET'), [], 'no DELETE or POST was sent');
    // A new protected tag may be created (immutability stops changes, not creation).
    await b.retag(ref('dev/app', 'v2'), 'v2-final');
    await b.planDelete({ ref: ref('dev/app', 'v2') }); // unprotected: planned as usual
  });

  test("Harbor's 412 (a rule added after the plan) becomes the same clear error naming the rule", async () => {
    const plan = await b.planDelete({ ref: ref('dev/app', 'v2-final') });
    const id = h.policy.addRule('dev', { tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '*-final' }], scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: 'app' }] } });
    await assert.rejects(b.executeDelete(plan, {}), (e: unknown) => e instanceof ImmutableTagError && e.rule === `#${id} (repositories matching app, tags matching *-final)` && (e.cause as RegistryError).status === 412);
    await b.immutability.removeRule('dev', id);
    assert.equal((await b.immutability.rules('dev')).length, 1);
  });

  test('labels: project and global, on an artifact, shown in the row', async () => {
    await b.labels.createLabel('dev', { name: 'qa-passed', color: '#00AA00' });
    h.policy.addLabel({ name: 'release', scope: 'g' });
    const labels = await b.labels.labels('dev');
    assert.deepEqual(labels.map((l) => [l.name, l.global]), [['qa-passed', false], ['release', true]]);
    await b.labels.addLabel(ref('dev/app', 'v2'), labels[0].id);
    await b.labels.addLabel(ref('dev/app', 'v2'), labels[1].id);
    const row = (await b.tags('dev/app')).items.find((r) => r.tag === 'v2');
    assert.deepEqual(row?.labels?.map((l) => l.name), ['qa-passed', 'release']);
    await b.labels.removeLabel(ref('dev/app', 'v2'), labels[1].id);
    assert.deepEqual((await b.tags('dev/app')).items.find((r) => r.tag === 'v2')?.labels?.map((l) => l.name), ['qa-passed']);
    await assert.rejects(b.labels.createLabel('dev', { name: ' bad\u001b[31m' }), /invalid label name/);
    await assert.rejects(b.labels.createLabel('dev', { name: 'ok', color: 'red' }), /invalid label color/);
  });

  test('audit log: pages and filters go to the server as q terms', async () => {
    h.policy.seedAudit('dev', [
      { username: 'alice', operation: 'pull', resource: 'dev/app:v1', resource_type: 'artifact', op_time: '2026-01-05T10:00:00Z' },
      { username: 'bob', operation: 'delete', resource: 'dev/app:old', resource_type: 'tag', op_time: '2026-01-06T10:00:00Z' },
    ]);
    const page = await b.audit.auditLog('dev', { page: 1, pageSize: 2 });
    assert.equal(page.items.length, 2);
    assert.ok((page.total ?? 0) > 2);
    assert.equal(page.next, '2');
    h.clearRequests();
    const bob = await b.audit.auditLog('dev', { page: 1, pageSize: 10, user: 'bo', operation: 'delete', from: '2026-01-06', to: '2026-01-06' });
    assert.deepEqual(bob.items.map((e) => [e.user, e.operation, e.resourceType, e.resource]), [['bob', 'delete', 'tag', 'dev/app:old']]);
    const q = new URLSearchParams(h.requests()[0].query).get('q');
    await assert.rejects(b.audit.auditLog('dev', { page: 1, pageSize: 10, from: '1 OR 1=1' }), /not a date/);
    assert.equal(q, 'username=~bo,operation=delete,op_time=["2026-01-06 00:00:00"~"2026-01-06 23:59:59"]');
  });

  test('replication: policies with ends and trigger, latest executions with counts', async () => {
    const p = await b.replication.policies({ pageSize: 10 });
    assert.deepEqual(p.items.map((x) => [x.name, x.source, x.destination, x.trigger, x.enabled]), [
      ['mirror-hub', 'docker-hub (https://hub.docker.com)', `${h.registry} / library`, 'scheduled', false],
      ['to-dr-site', h.registry, 'dr-harbor (https://dr.example.com) / staging', 'event_based', true],
    ]);
    const e = await b.replication.executions(1);
    assert.deepEqual(e.map((x) => [x.id, x.status, x.succeeded, x.failed, x.total]), [[12, 'Failed', 1, 1, 2], [11, 'Succeed', 3, 0, 3]]);
  });

  test('promote: one artifact copy inside Harbor (no blob through the client), a new tag, immutable destination explained', async () => {
    h.clearRequests();
    const out = await b.promote(ref('dev/app', 'v2'), 'production', 'release-1');
    const sent = h.requests();
    assert.equal(out.toString(), `${h.registry}/production/app:release-1@${(await b.tags('dev/app')).items.find((r) => r.tag === 'v2')!.digest}`);
    assert.equal(sent.filter((r) => r.path.startsWith('/v2/')).length, 0, 'no /v2/ request at all: no blob GET or PUT');
    assert.deepEqual(sent.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`), [
      'POST /api/v2.0/projects/production/repositories/app/artifacts',
      `POST /api/v2.0/projects/production/repositories/app/artifacts/${encodeURIComponent(out.digest!)}/tags`,
    ]);
    assert.equal(new URLSearchParams(sent.find((r) => r.method === 'POST')!.query).get('from'), `dev/app@${out.digest}`);
    assert.equal(sent.length, 4, 'source artifact, destination rules, copy, tag');
    assert.deepEqual((await listTags(h.backend, 'production/app')).sort(), ['release-1', 'v2', 'v2-final']);

    // staging/app:v1 is another artifact; a rule in staging protects v1, so promoting dev/app:v1 would move it.
    await b.immutability.addRule('staging', { repositories: '**', tags: 'v*' });
    h.clearRequests();
    await assert.rejects(b.promote(ref('dev/app', 'v1'), 'staging'), (e: unknown) => e instanceof ImmutableTagError && e.repository === 'staging/app' && e.tag === 'v1');
    assert.equal(h.requests().filter((r) => r.method === 'POST').length, 0, 'explained before the copy');
    await assert.rejects(b.promote(ref('dev/app', 'v1'), 'dev'), /already in dev/);
    await assert.rejects(b.promote(ref('dev/app', 'v1'), 'Bad Name'), /invalid namespace/);
    assert.ok(v1);
  });
});

describe('promote on a plain registry: the client copy', () => {
  let reg: TestRegistry;
  let client: RegistryClient;
  before(async () => {
    reg = await startRegistry('plain');
    await pushImage(reg, 'dev/app', 'v1');
    client = new RegistryClient({ registry: reg.registry });
  });
  after(async () => { await client?.close(); await reg?.stop(); });

  test('dev/app:v1 → staging/app:rc1 by the same backend method', async () => {
    const b = new DistributionBackend(client, reg.registry);
    const out = await b.promote(new Reference(reg.registry, 'dev/app', 'v1'), 'staging', 'rc1');
    assert.equal(out.repository, 'staging/app');
    assert.equal(out.tag, 'rc1');
    assert.deepEqual(await listTags(reg, 'staging/app'), ['rc1']);
  });
});
