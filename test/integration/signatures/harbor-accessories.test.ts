// Harbor: the artifact list (with_accessory=true) already says an artifact is signed, so the tree's mark costs
// no request; attachments() merges the distribution API's view (cosign tags, referrers) with Harbor's
// GET …/artifacts/{reference}/accessories (the stand-in's answers are checked against the swagger by
// test/integration/harbor/swagger-conformance.test.ts), one entry per digest; a cosign signature verifies through
// Harbor's /v2.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HarborClient, RegistryClient, Reference, StaticCredentials, verifyCosign } from '../../../src/registry/index';
import { HarborBackend } from '../../../src/backends/harborBackend';
import { startHarbor, type HarborServer } from '../../support/harbor-server';
import { pushImage } from '../../support/seed';
import { makeKey, pushCosignSignature, type TestKey } from '../../support/cosign';

const T = { timeout: 60_000 };

describe('Harbor accessories', () => {
  let h: HarborServer;
  let dir: string;
  let key: TestKey;
  let client: RegistryClient;
  let backend: HarborBackend;
  let signed: string;

  before(async () => {
    h = await startHarbor();
    dir = mkdtempSync(join(tmpdir(), 'regx-harbor-sig-'));
    key = makeKey(dir, 'rsa', 'rsa');
    signed = await pushImage(h.backend, 'library/app', 'v1', { salt: 'harbor-signed' });
    await pushImage(h.backend, 'library/app', 'v2', { salt: 'harbor-unsigned' });
    await pushCosignSignature(h.backend, 'library/app', signed, [key], { dir });
    client = new RegistryClient({ registry: h.registry, credentials: new StaticCredentials({ [h.registry]: { username: h.username, password: h.password } }) });
    backend = new HarborBackend(client, h.registry, new HarborClient(client));
  }, { timeout: 60_000 });
  after(async () => {
    await client?.close();
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the tag list carries the accessory types: the signed mark needs no request', T, async () => {
    const page = await backend.tags('library/app');
    const v1 = page.items.find((t) => t.tag === 'v1');
    const v2 = page.items.find((t) => t.tag === 'v2');
    assert.deepEqual(v1?.accessoryTypes, ['signature.cosign']);
    assert.deepEqual(v2?.accessoryTypes, []);
    assert.ok(!page.items.some((t) => t.tag?.endsWith('.sig')), 'Harbor lists the signature as an accessory, not a tag row');
  });

  test('attachments: the cosign signature once (tag and accessory are the same digest), via the accessories API', T, async () => {
    const before = h.requests().length;
    const list = await backend.attachments(new Reference(h.registry, 'library/app', 'v1'));
    assert.deepEqual(list.map((a) => a.kind), ['signature']);
    const paths = h.requests().slice(before).map((r) => r.path);
    assert.ok(paths.some((p) => decodeURIComponent(p).endsWith(`/artifacts/${signed}/accessories`)), paths.join('\n'));
  });

  test('an RSA cosign signature verifies through Harbor\'s /v2', T, async () => {
    const r = await verifyCosign(client, new Reference(h.registry, 'library/app', 'v1'), [{ name: 'rsa.pub', pem: key.publicPem }]);
    assert.equal(r.status, 'verified', r.reason);
  });
});
