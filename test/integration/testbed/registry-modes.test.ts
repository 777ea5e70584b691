// The test bed itself: each registry mode starts, challenges as configured, and serves what the seeder pushed
// to an independent client (skopeo).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { Agent, request } from 'undici';
import { startRegistry, skopeoFlags, type RegistryMode, type TestRegistry } from '../../support/registry';
import { pushImage, pushIndex, tagImage, listTags, fetchManifest, seedRequestCount } from '../../support/seed';

const run = promisify(execFile);

async function skopeo(args: string[]): Promise<string> {
  const { stdout } = await run('skopeo', args, { maxBuffer: 16 << 20 });
  return stdout;
}

async function getV2(reg: TestRegistry): Promise<{ status: number; challenge?: string }> {
  const agent = new Agent(reg.caFile ? { connect: { ca: readFileSync(reg.caFile, 'utf8') } } : {});
  try {
    const r = await request(`${reg.url}/v2/`, { dispatcher: agent });
    await r.body.dump();
    const ch = r.headers['www-authenticate'];
    return { status: r.statusCode, challenge: Array.isArray(ch) ? ch[0] : ch };
  } finally {
    await agent.close();
  }
}

const expectations: Record<RegistryMode, (r: { status: number; challenge?: string }, reg: TestRegistry) => void> = {
  plain: (r) => assert.equal(r.status, 200),
  tls: (r) => assert.equal(r.status, 200),
  basic: (r) => {
    assert.equal(r.status, 401);
    assert.match(r.challenge ?? '', /^Basic realm="regx-basic"/);
  },
  token: (r, reg) => {
    assert.equal(r.status, 401);
    assert.match(r.challenge ?? '', /^Bearer /);
    assert.ok(r.challenge?.includes(`realm="${reg.realm}"`), r.challenge);
    assert.ok(r.challenge?.includes(`service="${reg.service}"`), r.challenge);
  },
};

for (const mode of ['plain', 'basic', 'tls', 'token'] as const) {
  describe(`test registry: ${mode}`, () => {
    let reg: TestRegistry;
    before(async () => { reg = await startRegistry(mode); });
    after(async () => { await reg?.stop(); });

    test('GET /v2/ answers as the mode requires', async () => {
      assert.match(reg.url, mode === 'tls' ? /^https:\/\/127\.0\.0\.1:\d+$/ : /^http:\/\/127\.0\.0\.1:\d+$/);
      expectations[mode](await getV2(reg), reg);
    });

    test('a seeded image, a sibling tag and a multi-arch index read back with skopeo', async () => {
      const digest = await pushImage(reg, 'bed/app', '1.0', { layers: 2, platform: 'linux/arm64/v8', created: '2024-05-01T10:00:00Z' });
      assert.equal(await tagImage(reg, 'bed/app', '1.0', 'stable'), digest);
      const index = await pushIndex(reg, 'bed/multi', 'latest', ['linux/amd64', 'linux/arm64/v8']);

      const info = JSON.parse(await skopeo(['inspect', ...skopeoFlags(reg), `docker://${reg.registry}/bed/app:stable`])) as
        { Digest: string; Created: string; Architecture: string; Os: string; Layers: string[] };
      assert.equal(info.Digest, digest);
      assert.equal(info.Architecture, 'arm64');
      assert.equal(info.Os, 'linux');
      assert.equal(info.Created, '2024-05-01T10:00:00Z');
      assert.equal(info.Layers.length, 2);

      const raw = JSON.parse(await skopeo(['inspect', '--raw', ...skopeoFlags(reg), `docker://${reg.registry}/bed/multi:latest`])) as
        { mediaType: string; manifests: Array<{ platform: { architecture: string } }> };
      assert.equal(raw.mediaType, 'application/vnd.oci.image.index.v1+json');
      assert.deepEqual(raw.manifests.map((m) => m.platform.architecture), ['amd64', 'arm64']);
      assert.equal((await fetchManifest(reg, 'bed/multi', 'latest')).digest, index);

      const tags = JSON.parse(await skopeo(['list-tags', ...skopeoFlags(reg), `docker://${reg.registry}/bed/app`])) as { Tags: string[] };
      assert.deepEqual(tags.Tags.slice().sort(), ['1.0', 'stable']);
      assert.deepEqual((await listTags(reg, 'bed/app')).sort(), ['1.0', 'stable']);
      assert.ok(seedRequestCount(reg) > 0);
      if (mode === 'token') assert.ok(reg.tokenRequests() > 0, 'the token server was used');
      else assert.equal(reg.tokenRequests(), 0);
    });

    if (mode === 'basic' || mode === 'token') {
      test('wrong credentials are refused', async () => {
        await assert.rejects(
          skopeo(['inspect', '--tls-verify=false', '--creds', 'regx:wrong', `docker://${reg.registry}/bed/app:1.0`]),
          /unauthorized|authentication required|invalid username\/password|401/i,
        );
      });
    }
  });
}

describe('test registry: delete disabled', () => {
  let reg: TestRegistry;
  before(async () => { reg = await startRegistry('plain', { deleteEnabled: false }); });
  after(async () => { await reg?.stop(); });
  test('DELETE by digest answers 405 UNSUPPORTED', async () => {
    const digest = await pushImage(reg, 'bed/keep', 'v1');
    const r = await request(`${reg.url}/v2/bed/keep/manifests/${digest}`, { method: 'DELETE' });
    const body = await r.body.text();
    assert.equal(r.statusCode, 405);
    assert.match(body, /UNSUPPORTED/);
  });
});
