// Cross-registry copy streams blobs: a 24 MiB layer goes through clients whose in-memory cap is 1 MiB,
// so it cannot have been buffered. The upload side is a streamed monolithic PUT as well.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { MemoryChallengeCache, OCI_CONFIG, OCI_MANIFEST, RegistryClient, StaticCredentials, copyImage, parseReference, type RequestLogLine } from '../../../src/registry/index';
import { startRegistry, type TestRegistry } from '../../support/registry';
import { blobExists, fetchManifest } from '../../support/seed';

const T = { timeout: 120_000 };
const SIZE = 24 * 1024 * 1024;
let a: TestRegistry;
let b: TestRegistry;

function clientFor(reg: TestRegistry, lines: RequestLogLine[] = []): RegistryClient {
  return new RegistryClient({
    registry: reg.registry,
    caFile: reg.caFile,
    credentials: reg.password ? new StaticCredentials({ [reg.registry]: { username: reg.username, password: reg.password } }) : undefined,
    challengeCache: new MemoryChallengeCache(),
    maxBodyBytes: 1024 * 1024,
    logger: (l) => lines.push(l),
  });
}

before(async () => {
  a = await startRegistry('token');
  b = await startRegistry('tls');
});
after(async () => {
  await a?.stop();
  await b?.stop();
});

test('a 24 MiB layer is streamed from one registry into another through 1 MiB-capped clients', T, async () => {
  const chunk = randomBytes(1024 * 1024);
  const hash = createHash('sha256');
  for (let i = 0; i < SIZE / chunk.length; i++) hash.update(chunk);
  const layerDigest = `sha256:${hash.digest('hex')}`;
  const config = Buffer.from(JSON.stringify({ created: '2026-01-01T00:00:00Z', os: 'linux', architecture: 'amd64', rootfs: { type: 'layers', diff_ids: [] } }));
  const configDigest = `sha256:${createHash('sha256').update(config).digest('hex')}`;
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: configDigest, size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size: SIZE }],
  }));

  const src = clientFor(a);
  const dstLines: RequestLogLine[] = [];
  const dst = clientFor(b, dstLines);
  try {
    // Streamed upload: the body is a generator, never one buffer.
    let sent = 0;
    const body = Readable.from((function* () { for (let i = 0; i < SIZE / chunk.length; i++) { sent += chunk.length; yield chunk; } })());
    await src.uploadBlob('big/layer', layerDigest, body, SIZE);
    assert.equal(sent, SIZE);
    await src.uploadBlob('big/layer', configDigest, config, config.length);
    const digest = await src.putManifest(parseReference(`${a.registry}/big/layer:v1`), manifest, OCI_MANIFEST);

    const copied = await copyImage({ client: src, ref: parseReference(`${a.registry}/big/layer:v1`) }, { client: dst, ref: parseReference(`${b.registry}/mirror/layer:v1`) });
    assert.equal(copied, digest);
    assert.equal((await fetchManifest(b, 'mirror/layer', 'v1')).digest, digest);
    assert.ok(await blobExists(b, 'mirror/layer', layerDigest));
    // The capped read path would have refused 24 MiB; the streamed path is what moved it.
    await assert.rejects(src.getBlob('big/layer', layerDigest), /response too large/);
    assert.equal(dstLines.filter((l) => l.method === 'PUT' && l.url.includes('/blobs/uploads/')).length, 2);
  } finally {
    await src.close();
    await dst.close();
  }
});
