import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { MemoryChallengeCache, RegistryClient, parseReference, OCI_INDEX } from '../../../src/registry/index';
import { startServer } from './servers';

const T = { timeout: 15_000 };
const SUBJECT = `sha256:${'5'.repeat(64)}`;
const desc = (n: string, artifactType: string) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${n.repeat(64)}`, size: 100, artifactType });
const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [desc('a', 'application/vnd.example.sbom'), desc('b', 'application/vnd.example.sig')] }));
const indexDigest = `sha256:${createHash('sha256').update(index).digest('hex')}`;

test('referrers API: the index from /referrers/<digest>, filtered by artifactType', T, async () => {
  const s = await startServer((req, res) => {
    if (req.url?.startsWith(`/v2/r/referrers/${SUBJECT}`)) { res.writeHead(200, { 'content-type': OCI_INDEX }); res.end(index); return; }
    res.writeHead(404); res.end();
  });
  const c = new RegistryClient({ registry: s.url, challengeCache: new MemoryChallengeCache() });
  try {
    const ref = parseReference(`${s.host}/r@${SUBJECT}`);
    assert.deepEqual((await c.referrers(ref)).map((d) => d.artifactType), ['application/vnd.example.sbom', 'application/vnd.example.sig']);
    assert.deepEqual((await c.referrers(ref, { artifactType: 'application/vnd.example.sig' })).map((d) => d.digest), [`sha256:${'b'.repeat(64)}`]);
    assert.equal(s.seen.length, 2, 'one request per call: the digest was in the reference');
  } finally { await c.close(); await s.close(); }
});

test('no referrers API: the OCI tag schema index <alg>-<hex> is read', T, async () => {
  const tag = SUBJECT.replace(':', '-');
  const s = await startServer((req, res) => {
    const path = req.url?.split('?')[0];
    if (path === `/v2/r/manifests/${tag}`) {
      res.writeHead(200, { 'content-type': OCI_INDEX, 'docker-content-digest': indexDigest, 'content-length': String(index.length) });
      res.end(req.method === 'HEAD' ? undefined : index);
      return;
    }
    if (path === `/v2/r/manifests/${indexDigest}`) { res.writeHead(200, { 'content-type': OCI_INDEX }); res.end(index); return; }
    res.writeHead(404); res.end();
  });
  const c = new RegistryClient({ registry: s.url, challengeCache: new MemoryChallengeCache() });
  try {
    const got = await c.referrers(parseReference(`${s.host}/r@${SUBJECT}`));
    assert.equal(got.length, 2);
    assert.deepEqual(got.map((d) => d.digest).sort(), [`sha256:${'a'.repeat(64)}`, `sha256:${'b'.repeat(64)}`]);
  } finally { await c.close(); await s.close(); }
});
