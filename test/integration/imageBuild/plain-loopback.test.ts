// A plain-HTTP loopback registry added the way the Add prompt's example shows ("127.0.0.1:PORT") is stored
// as https://127.0.0.1:PORT. The client browses it through its http fallback; the builder must get the same
// answer (buildah --tls-verify=false), or the push fails with "server gave HTTP response to HTTPS client".
// Real buildah, real distribution registry, the same storage/isolation flags as buildah.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient, parseReference } from '../../../src/registry/index';
import { BuildError, buildAndPushImage, resolveTarget } from '../../../src/imageBuild/pipeline';
import { learnScheme, targetRegistry } from '../../../src/imageBuild/target';
import { which } from '../../../src/imageBuild/detect';
import type { Builder, StorageOptions } from '../../../src/imageBuild/types';
import { startRegistry } from '../../support/registry';

const buildahPath = which('buildah');
let root = '';
let storage: StorageOptions;
let builder: Builder;

before(() => {
  if (!buildahPath) throw new Error('buildah is not installed: run `node scripts/setup.mjs` as root (apt-get install buildah)');
  builder = { kind: 'buildah', path: buildahPath };
  root = mkdtempSync(join(tmpdir(), 'regx-plain-loopback-'));
  storage = { root: join(root, 'storage'), runroot: join(root, 'run'), driver: 'vfs' };
});
after(() => { if (root) rmSync(root, { recursive: true, force: true }); });

test('build and push to a plain-HTTP loopback registry stored as https://127.0.0.1:PORT', async () => {
  const reg = await startRegistry('plain');
  // What the extension's pool builds for that definition: host only, not insecure (clientOptions).
  const def = { url: `https://${reg.registry}`, kind: 'distribution' as const };
  const client = new RegistryClient({ registry: reg.registry });
  const commands: string[] = [];
  try {
    const scheme = await learnScheme(client);
    assert.equal(scheme, 'http', 'the client fell back to plain HTTP');
    const target = targetRegistry(reg.registry, { ...def, scheme });
    const ctxDir = join(root, 'ctx');
    mkdirSync(ctxDir);
    writeFileSync(join(ctxDir, 'hello.txt'), 'plain loopback\n');
    writeFileSync(join(ctxDir, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
    const ref = resolveTarget(reg.registry, 'it/plain-loopback', '1');
    const r = await buildAndPushImage({ builder, storage, isolation: 'chroot', target, onCommand: (c) => commands.push(c),
      dockerfile: join(ctxDir, 'Dockerfile'), context: ctxDir, tags: [ref] });
    assert.ok(commands.every((c) => c.includes('--tls-verify=false')), commands.join('\n'));
    const m = await client.getManifest(parseReference(ref.toString()));
    assert.equal(m.digest, r.digest);
  } finally {
    await client.close();
    await reg.stop();
  }
});

test('without the flag the failure says what to do (the registry speaks plain HTTP)', async () => {
  const reg = await startRegistry('plain');
  try {
    const ctxDir = mkdtempSync(join(root, 'ctx-'));
    writeFileSync(join(ctxDir, 'Dockerfile'), 'FROM scratch\nLABEL x=y\n');
    // As if nothing had learned the scheme: what a builder does with https:// for a plain-HTTP registry.
    const target = targetRegistry(reg.registry, { url: `https://${reg.registry}` });
    assert.equal(target.insecure, false);
    const err = await buildAndPushImage({ builder, storage, isolation: 'chroot', target,
      dockerfile: join(ctxDir, 'Dockerfile'), context: ctxDir, tags: [resolveTarget(reg.registry, 'it/no-flag', '1')] }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof BuildError, String(err));
    assert.match(err.message, /server gave HTTP response to HTTPS client/);
    assert.match(err.message, /The registry speaks plain HTTP: mark it insecure/);
  } finally {
    await reg.stop();
  }
});
