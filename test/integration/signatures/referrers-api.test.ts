// The referrers API path, against the project's referrers-capable stand-in (test/support/referrers-proxy.ts: the
// real registry 2.8 behind a proxy that adds distribution-spec 1.1 "Listing Referrers", each response checked
// against the spec's rules): OCI 1.1 referrers (a cosign signature, an SPDX SBOM, an in-toto attestation) are
// listed and classified from their descriptors, pages are followed, an artifactType filter is trusted only when
// OCI-Filters-Applied says it was applied, and a cosign signature found only as a referrer verifies.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MemoryChallengeCache, RegistryClient, Reference, listAttached, listReferrers, verifyCosign, fetchAttachedSbom, COSIGN_SIG_ARTIFACT, type RequestLogLine,
} from '../../../src/registry/index';
import { startRegistry, type TestRegistry } from '../../support/registry';
import { pushImageDetailed } from '../../support/seed';
import { startReferrersProxy, type ReferrersProxy } from '../../support/referrers-proxy';
import { makeKey, pushCosignSignature, pushReferrer, type TestKey } from '../../support/cosign';

const T = { timeout: 60_000 };
const SPDX = 'application/spdx+json';
const INTOTO = 'application/vnd.in-toto+json';

describe('referrers API (distribution-spec 1.1 stand-in over registry 2.8)', () => {
  let reg: TestRegistry;
  let proxy: ReferrersProxy;
  let unfiltered: ReferrersProxy;
  let dir: string;
  let key: TestKey;
  let subject: { mediaType: string; size: number; digest: string };
  const lines: RequestLogLine[] = [];
  const clients: RegistryClient[] = [];
  const clientFor = (p: ReferrersProxy) => {
    const c = new RegistryClient({ registry: p.url, challengeCache: new MemoryChallengeCache(), logger: (l) => lines.push(l) });
    clients.push(c);
    return c;
  };

  before(async () => {
    reg = await startRegistry('plain');
    proxy = await startReferrersProxy(reg, { pageSize: 2 });
    dir = mkdtempSync(join(tmpdir(), 'regx-referrers-'));
    key = makeKey(dir, 'p256', 'ecdsa-p256');
    const via = { ...reg, url: proxy.url, registry: proxy.registry };
    const img = await pushImageDetailed(via, 'app', 'v1', { salt: 'referrers' });
    subject = { mediaType: img.mediaType, size: img.manifest.length, digest: img.digest };
    await pushCosignSignature(via, 'app', img.digest, [key], { dir, referrerOf: subject, created: '2026-05-01T00:00:00Z' });
    await pushReferrer(via, 'app', subject, SPDX, { mediaType: SPDX, content: { spdxVersion: 'SPDX-2.3', name: 'app' } }, { 'org.opencontainers.image.created': '2026-05-02T00:00:00Z' });
    await pushReferrer(via, 'app', subject, INTOTO, { mediaType: 'application/vnd.in-toto+json', content: { _type: 'https://in-toto.io/Statement/v1' } });
    unfiltered = await startReferrersProxy(reg, { filters: false, sharesWith: proxy });
  }, { timeout: 120_000 });

  after(async () => {
    for (const c of clients) await c.close();
    await proxy?.stop();
    await unfiltered?.stop();
    await reg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the stand-in answers pushes with OCI-Subject and serves only spec-conforming referrers lists', T, async () => {
    const empty = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'; // '{}', pushed with the referrers above
    const manifest = JSON.stringify({
      schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', artifactType: 'application/vnd.example.other',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', size: 2, digest: empty }, layers: [], subject,
    });
    const put = await fetch(`${proxy.url}/v2/app/manifests/other`, { method: 'PUT', headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: manifest });
    assert.equal(put.status, 201, await put.text());
    assert.equal(put.headers.get('oci-subject'), subject.digest);
    const res = await fetch(`${proxy.url}/v2/app/referrers/sha256:nothex`);
    assert.equal(res.status, 400);
    assert.deepEqual(proxy.served().flatMap((s) => s.violations), []);
  });

  test('listAttached: every referrer through the API, paged (2 per page), classified from its descriptor', T, async () => {
    const c = clientFor(proxy);
    lines.length = 0;
    const list = await listAttached(c, new Reference(proxy.registry, 'app', undefined, subject.digest));
    assert.deepEqual(list.map((a) => [a.kind, a.artifactType, a.source]).sort(), [
      ['attestation', INTOTO, 'referrers'],
      ['other', 'application/vnd.example.other', 'referrers'],
      ['sbom', SPDX, 'referrers'],
      ['signature', COSIGN_SIG_ARTIFACT, 'referrers'],
    ]);
    assert.equal(list.find((a) => a.kind === 'sbom')?.created, '2026-05-02T00:00:00Z');
    // Two referrers pages (4 referrers, 2 a page), and the three cosign tags (absent); no tag-schema request
    // since the API answered.
    const paths = lines.map((l) => `${l.method} ${new URL(l.url).pathname}`);
    assert.equal(paths.filter((p) => p.includes('/referrers/')).length, 2, paths.join('\n'));
    assert.equal(lines.length, 5, paths.join('\n'));
    assert.deepEqual(proxy.served().flatMap((s) => s.violations), []);
  });

  test('artifactType filter: applied by the server (OCI-Filters-Applied) or, without that header, by the client', T, async () => {
    for (const p of [proxy, unfiltered]) {
      const r = await listReferrers(clientFor(p), new Reference(p.registry, 'app'), subject.digest, { artifactType: SPDX });
      assert.equal(r.source, 'api');
      assert.deepEqual(r.descriptors.map((d) => d.artifactType), [SPDX]);
    }
    const last = unfiltered.served().at(-1)!;
    assert.equal(last.headers['oci-filters-applied'], undefined);
    assert.equal((last.body as { manifests: unknown[] }).manifests.length, 4);
    assert.deepEqual([...proxy.served(), ...unfiltered.served()].flatMap((s) => s.violations), []);
  });

  test('a cosign signature stored only as a referrer verifies; another key fails', T, async () => {
    const c = clientFor(proxy);
    const ref = new Reference(proxy.registry, 'app', 'v1');
    const ok = await verifyCosign(c, ref, [{ name: 'p256.pub', pem: key.publicPem }]);
    assert.equal(ok.status, 'verified', ok.reason);
    const other = makeKey(dir, 'other', 'ed25519');
    const bad = await verifyCosign(c, ref, [{ name: 'other.pub', pem: other.publicPem }]);
    assert.equal(bad.status, 'failed');
  });

  test('fetchAttachedSbom reads the SPDX referrer', T, async () => {
    const doc = await fetchAttachedSbom(clientFor(proxy), new Reference(proxy.registry, 'app', 'v1')) as { spdxVersion: string };
    assert.equal(doc.spdxVersion, 'SPDX-2.3');
  });
});
