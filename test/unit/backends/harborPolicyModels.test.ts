// Harbor models → the backend's shapes: a tag's lock and an artifact's labels in TagInfo, project metadata →
// VulnerabilitySettings (absent and malformed values degrade to defaults), promote destinations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHarborArtifact } from '../../../src/backends/tagInfo';
import { fromHarborMetadata } from '../../../src/backends/harborProjectPolicy';
import { promotedReference } from '../../../src/backends/promote';
import { Reference } from '../../../src/registry/reference';
import type { HarborArtifact } from '../../../src/registry/harbor-types';

test('TagInfo: immutable per tag, labels per artifact (global or project)', () => {
  const a = {
    digest: 'sha256:' + 'a'.repeat(64), tags: [{ name: 'v1', immutable: true }, { name: 'latest', immutable: false }],
    labels: [{ id: 1, name: 'qa-passed', scope: 'p' }, { id: 2, name: 'release', scope: 'g' }, null, { id: 3 }],
  } as unknown as HarborArtifact;
  const rows = fromHarborArtifact(a);
  assert.deepEqual(rows.map((r) => [r.tag, r.immutable]), [['v1', true], ['latest', undefined]]);
  assert.deepEqual(rows[0].labels, [{ id: 1, name: 'qa-passed', global: false }, { id: 2, name: 'release', global: true }]);
  assert.equal(fromHarborArtifact({ digest: 'sha256:' + 'b'.repeat(64), tags: null } as unknown as HarborArtifact)[0].labels, undefined);
});

test('vulnerability settings from metadata: strings "true"/"false", severity only when prevent_vul', () => {
  assert.deepEqual(fromHarborMetadata(undefined, undefined), { scanOnPush: false, preventSeverity: undefined, reuseSystemAllowlist: true, allowlist: { cves: [], expiresAt: undefined }, contentTrust: undefined, contentTrustCosign: undefined });
  const s = fromHarborMetadata({ auto_scan: 'true', prevent_vul: 'true', severity: 'Critical', reuse_sys_cve_allowlist: 'false', enable_content_trust: 'false' },
    { items: [{ cve_id: 'CVE-1-2' }, { cve_id: '' }, null as unknown as { cve_id: string }], expires_at: 0 });
  assert.equal(s.preventSeverity, 'critical');
  assert.equal(s.reuseSystemAllowlist, false);
  assert.deepEqual(s.allowlist, { cves: ['CVE-1-2'], expiresAt: undefined });
  assert.equal(s.contentTrust, false);
  assert.equal(fromHarborMetadata({ prevent_vul: 'false', severity: 'high' }, undefined).preventSeverity, undefined);
  assert.equal(fromHarborMetadata({ prevent_vul: 'true', severity: '<script>' }, undefined).preventSeverity, undefined);
});

test('promote destination: same repository below the other namespace; bad names refused', () => {
  const r = new Reference('h:1', 'dev/team/app', 'v1', 'sha256:' + 'c'.repeat(64));
  assert.equal(promotedReference(r, 'staging').toString(), 'h:1/staging/team/app:v1');
  assert.equal(promotedReference(r, 'prod', 'release').tag, 'release');
  assert.throws(() => promotedReference(r, 'dev'), /already in dev/);
  assert.throws(() => promotedReference(r, '../x'), /invalid namespace/);
  assert.throws(() => promotedReference(r, 'a;rm -rf'), /invalid namespace/);
  assert.throws(() => promotedReference(new Reference('h:1', 'app', 'v1'), 'staging'), /no namespace/);
});
