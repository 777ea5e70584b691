// A cross-registry copy whose source resets the connection in the middle of a blob: the error names the
// source (the destination's upload only broke because its body did), and the blob is fetched once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type TestRegistry } from '../../support/registry';
import { runCliInProcess as runCli } from '../../support/cli';
import { json, startServer } from '../../unit/registry/servers';

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

test('cp: a source that resets the connection mid-blob is reported as the source failing, not as "cannot reach" the destination', async () => {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
  const layer = randomBytes(512 * 1024);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha(layer), size: layer.length }],
  }));
  let layerGets = 0;
  const src = await startServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/v2/') return json(res, 200, {});
    if (path === '/v2/src/app/manifests/1') {
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'docker-content-digest': sha(manifest), 'content-length': String(manifest.length) });
      return res.end(req.method === 'HEAD' ? undefined : manifest);
    }
    if (path === `/v2/src/app/blobs/${sha(config)}`) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(config.length) });
      return res.end(config);
    }
    if (path === `/v2/src/app/blobs/${sha(layer)}`) {
      layerGets++;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(layer.length) });
      // Half the blob, then a TCP reset once it has left.
      res.write(layer.subarray(0, layer.length / 2), () => res.socket?.resetAndDestroy());
      return;
    }
    json(res, 404, { errors: [{ code: 'NOT_FOUND', message: 'no' }] });
  });
  let dst: TestRegistry | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'regx-cli-copy-'));
  const env = { REGX_CACHE_DIR: join(dir, 'cache'), DOCKER_CONFIG: join(dir, 'none') };
  try {
    dst = await startRegistry('plain');
    const r = await runCli(['cp', `${src.host}/src/app:1`, `${dst.registry}/dst/app:1`], { env });
    assert.equal(r.code, 1, r.stderr);
    assert.ok(!r.stderr.includes(`cannot reach ${dst.registry}`), r.stderr);
    assert.match(r.stderr, new RegExp(`source ${src.host.replace(/\./g, '\\.')}`), r.stderr);
    assert.match(r.stderr, new RegExp(sha(layer)), 'names the blob');
    assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
    assert.equal(layerGets, 1, 'one GET of the blob (a streamed copy is not retried)');
  } finally {
    await dst?.stop();
    await src.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
