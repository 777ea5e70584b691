// Cosign signatures on the real registry 2.8 (no referrers API: the tag-schema fallback), made in the test with
// openssl keys of every type cosign supports, verified by our node:crypto verifier through the backend's client
// and through `regx verify`: passes with the signing key, fails with another key, fails for a signature whose
// payload names another digest, and says "unsigned" for an image without one. `regx attached` lists them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryChallengeCache, RegistryClient, Reference, verifyCosign, fetchAttachedSbom, type RequestLogLine } from '../../../src/registry/index';
import { DistributionBackend } from '../../../src/backends/distributionBackend';
import { startRegistry, type TestRegistry } from '../../support/registry';
import { pushImage } from '../../support/seed';
import { makeKey, pushCosignSbom, pushCosignSignature, type KeyType, type TestKey } from '../../support/cosign';
import { runCliInProcess } from '../../support/cli';

const T = { timeout: 60_000 };
const TYPES: KeyType[] = ['ecdsa-p256', 'ecdsa-p384', 'rsa', 'rsa-pss', 'ed25519'];

describe('cosign signatures on registry 2.8', () => {
  let reg: TestRegistry;
  let dir: string;
  let client: RegistryClient;
  const lines: RequestLogLine[] = [];
  const keys = new Map<KeyType, TestKey>();
  let other: TestKey;
  const digests = new Map<string, string>();
  const regx = (args: string[], verbose = false) => runCliInProcess(args, { env: { REGX_CACHE_DIR: join(dir, 'cache') }, verbose });
  const ref = (tag: string) => new Reference(reg.registry, 'app', tag);
  const keyed = (k: TestKey) => [{ name: k.publicKey.split('/').at(-1)!, pem: k.publicPem }];

  before(async () => {
    reg = await startRegistry('plain');
    dir = mkdtempSync(join(tmpdir(), 'regx-cosign-'));
    client = new RegistryClient({ registry: `http://${reg.registry}`, challengeCache: new MemoryChallengeCache(), logger: (l) => lines.push(l) });
    for (const t of TYPES) keys.set(t, makeKey(dir, t, t));
    other = makeKey(dir, 'other', 'ecdsa-p256');
    for (const t of TYPES) {
      const d = await pushImage(reg, 'app', t, { salt: `signed-${t}` });
      digests.set(t, d);
      await pushCosignSignature(reg, 'app', d, [keys.get(t)!], { dir, created: '2026-03-01T10:00:00Z' });
    }
    digests.set('unsigned', await pushImage(reg, 'app', 'unsigned', { salt: 'unsigned' }));
    // Signed by the right key, but the payload names the unsigned image's digest: a signature moved onto this one.
    const moved = await pushImage(reg, 'app', 'moved', { salt: 'moved' });
    digests.set('moved', moved);
    await pushCosignSignature(reg, 'app', moved, [keys.get('ecdsa-p256')!], { dir, payloadDigest: digests.get('unsigned') });
    await pushCosignSbom(reg, 'app', digests.get('ecdsa-p256')!);
  }, { timeout: 120_000 });

  after(async () => {
    await client?.close();
    await reg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const t of TYPES) {
    test(`${t}: verified with its key, failed with another key`, T, async () => {
      const ok = await verifyCosign(client, ref(t), keyed(keys.get(t)!));
      assert.equal(ok.status, 'verified', ok.reason);
      assert.equal(ok.digest, digests.get(t));
      const bad = await verifyCosign(client, ref(t), keyed(other));
      assert.equal(bad.status, 'failed');
      assert.match(bad.reason, /none of the 1 signature\(s\) .* was made by other\.pub/);
    });
  }

  test('a signature whose payload names another digest fails, saying which digest it covers', T, async () => {
    const r = await verifyCosign(client, ref('moved'), keyed(keys.get('ecdsa-p256')!));
    assert.equal(r.status, 'failed');
    assert.equal(r.reason, `the signature by ecdsa-p256.pub covers ${digests.get('unsigned')}, not ${digests.get('moved')}`);
  });

  test('an unsigned image is unsigned; request count: HEAD, .sig GET, referrers GET, tag-schema GET', T, async () => {
    lines.length = 0;
    const r = await verifyCosign(client, ref('unsigned'), keyed(keys.get('ed25519')!));
    assert.equal(r.status, 'unsigned');
    assert.match(r.reason, /is not signed/);
    assert.equal(lines.length, 4, lines.map((l) => `${l.method} ${l.url} ${l.status}`).join('\n'));
  });

  test('backend attachments: the .sig and .sbom of a digest, classified; with the tag list known, absent tags cost nothing', T, async () => {
    const b = new DistributionBackend(client, reg.registry);
    const list = await b.attachments(ref('ecdsa-p256'));
    assert.deepEqual(list.map((a) => [a.kind, a.tag, a.source]).sort(), [
      ['sbom', `${digests.get('ecdsa-p256')!.replace(':', '-')}.sbom`, 'cosign-tag'],
      ['signature', `${digests.get('ecdsa-p256')!.replace(':', '-')}.sig`, 'cosign-tag'],
    ]);
    const sig = list.find((a) => a.kind === 'signature')!;
    assert.equal(sig.count, 1);
    assert.equal(sig.created, '2026-03-01T10:00:00Z');
    lines.length = 0;
    const tags = new Set((await client.tags('app')).items);
    lines.length = 0;
    const pinned = new Reference(reg.registry, 'app', 'ecdsa-p256', digests.get('ecdsa-p256'));
    await b.attachments(pinned, { knownTags: tags });
    // referrers API (404 on 2.8) + the .sig and .sbom manifests; no request for the absent .att or referrers tag.
    assert.equal(lines.length, 3, lines.map((l) => `${l.method} ${l.url} ${l.status}`).join('\n'));
  });

  test('fetchAttachedSbom returns the parsed CycloneDX document, undefined without one', T, async () => {
    const doc = await fetchAttachedSbom(client, ref('ecdsa-p256')) as { bomFormat: string };
    assert.equal(doc.bomFormat, 'CycloneDX');
    assert.equal(await fetchAttachedSbom(client, ref('unsigned')), undefined);
  });

  test('regx verify: exit 0 with the key; 1 and one line for wrong key, other digest, unsigned', T, async () => {
    const k = keys.get('ecdsa-p256')!;
    const ok = await regx(['verify', `${reg.registry}/app:ecdsa-p256`, '--key', k.publicKey]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^verified .*app:ecdsa-p256@sha256:[0-9a-f]{64}: signed by ecdsa-p256\.pub \(key [0-9a-f]{16}\)\n$/);
    const ed = await regx(['verify', `${reg.registry}/app:ed25519`, '--key', keys.get('ed25519')!.publicKey]);
    assert.equal(ed.code, 0, ed.stderr);

    const wrong = await regx(['verify', `${reg.registry}/app:ecdsa-p256`, '--key', other.publicKey]);
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stdout, '');
    assert.match(wrong.stderr, /^regx: verification failed: none of the 1 signature\(s\) on .* was made by other\.pub \([0-9a-f]{16}\)\n$/);

    const moved = await regx(['verify', `${reg.registry}/app:moved`, '--key', k.publicKey]);
    assert.equal(moved.code, 1);
    assert.equal(moved.stderr, `regx: verification failed: the signature by ecdsa-p256.pub covers ${digests.get('unsigned')}, not ${digests.get('moved')}\n`);

    const unsigned = await regx(['verify', `${reg.registry}/app:unsigned`, '--key', k.publicKey]);
    assert.equal(unsigned.code, 1);
    assert.match(unsigned.stderr, /^regx: unsigned: .*app:unsigned is not signed: no cosign signature is attached to sha256:[0-9a-f]{64}\n$/);

    const noKey = await regx(['verify', `${reg.registry}/app:unsigned`]);
    assert.equal(noKey.code, 2);
    const badKey = await regx(['verify', `${reg.registry}/app:unsigned`, '--key', join(dir, 'payload.bin')]);
    assert.equal(badKey.code, 2);
    assert.match(badKey.stderr, /^regx: .*payload\.bin is not a PEM public key/);
  });

  test('regx attached --json: kind, digest, mediaType for each; plain output one line each', T, async () => {
    const r = await regx(['attached', `${reg.registry}/app:ecdsa-p256`, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout) as Array<{ kind: string; digest: string; mediaType: string }>;
    assert.deepEqual(list.map((a) => a.kind).sort(), ['sbom', 'signature']);
    for (const a of list) {
      assert.match(a.digest, /^sha256:[0-9a-f]{64}$/);
      assert.equal(a.mediaType, 'application/vnd.oci.image.manifest.v1+json');
    }
    const plain = await regx(['attached', `${reg.registry}/app:ecdsa-p256`]);
    assert.equal(plain.stdout.trim().split('\n').length, 2);
    const none = await regx(['attached', `${reg.registry}/app:unsigned`, '--json']);
    assert.equal(none.stdout.trim(), '[]');
  });
});
