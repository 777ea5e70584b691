// podman builds for real here with `--storage-driver vfs` and `--isolation chroot` (no OCI runtime and
// no overlay needed): FROM scratch + COPY, and a RUN step on a busybox base, pushed to the real
// Basic-auth registry through the private auth file, then read back through the client.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient, StaticCredentials } from '../../../src/registry/index';
import { buildAndPushImage, resolveTarget } from '../../../src/imageBuild/pipeline';
import { which } from '../../../src/imageBuild/detect';
import { imagesInvocation } from '../../../src/imageBuild/commandLine';
import { runProcess } from '../../../src/imageBuild/runner';
import { parseLocalImages } from '../../../src/imageBuild/localImages';
import type { Builder, StorageOptions } from '../../../src/imageBuild/types';
import { startRegistry } from '../../support/registry';
import { filesContaining, tarEntries } from './helpers';

let root = '';
let savedTmp: string | undefined;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'regx-podman-it-'));
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = join(root, 'tmp');
  mkdirSync(process.env.TMPDIR);
});
after(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR; else process.env.TMPDIR = savedTmp;
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('podman build and push (real, vfs + chroot)', () => {
  test('scratch + COPY and RUN on a busybox base, Basic-auth registry', async () => {
    const podman = which('podman');
    const busybox = which('busybox');
    if (!podman) throw new Error('podman is not installed: run `node scripts/setup.mjs` as root');
    if (!busybox) throw new Error('busybox is not installed: run `node scripts/setup.mjs` as root (busybox-static)');
    const builder: Builder = { kind: 'podman', path: podman };
    const storage: StorageOptions = { root: join(root, 'storage'), runroot: join(root, 'run'), driver: 'vfs' };
    const reg = await startRegistry('basic');
    const client = new RegistryClient({ registry: reg.registry, credentials: new StaticCredentials({ [reg.registry]: { username: reg.username, password: reg.password } }) });
    try {
      const target = { registry: reg.registry, insecure: true, credentials: { username: reg.username, password: reg.password } };
      const common = { builder, storage, target, isolation: 'chroot' as const };
      const base = join(root, 'base');
      mkdirSync(join(base, 'bin'), { recursive: true });
      copyFileSync(busybox, join(base, 'bin', 'busybox'));
      symlinkSync('busybox', join(base, 'bin', 'sh'));
      writeFileSync(join(base, 'Containerfile'), 'FROM scratch\nARG NOTE\nLABEL note=$NOTE\nCOPY bin/ /bin/\n');
      const baseRef = resolveTarget(reg.registry, 'podman/base', '1.0.0');
      const b1 = await buildAndPushImage({ ...common, dockerfile: join(base, 'Containerfile'), context: base, tags: [baseRef], buildArgs: { NOTE: 'from podman' } });
      const m1 = await client.getManifest(baseRef);
      assert.equal(m1.digest, b1.digest);
      const c1 = JSON.parse((await client.getBlob('podman/base', m1.config?.digest as string)).toString()) as { config?: { Labels?: Record<string, string> } };
      assert.equal(c1.config?.Labels?.note, 'from podman');

      const app = join(root, 'app');
      mkdirSync(app);
      writeFileSync(join(app, 'Dockerfile'), `FROM ${baseRef.toString()}\nRUN echo podman-run > /proof.txt\n`);
      const appRef = resolveTarget(reg.registry, 'podman/app', 'git-abc1234');
      const b2 = await buildAndPushImage({ ...common, dockerfile: join(app, 'Dockerfile'), context: app, tags: [appRef] });
      const m2 = await client.getManifest(appRef);
      assert.equal(m2.digest, b2.digest);
      assert.equal(tarEntries(await client.getBlob('podman/app', m2.layers?.[m2.layers.length - 1]?.digest as string)).get('proof.txt'), 'podman-run\n');

      const out: string[] = [];
      const l = await runProcess(imagesInvocation(builder, { storage }), { onLine: (x, s) => { if (s === 'stdout') out.push(x); } });
      assert.equal(l.code, 0);
      const names = parseLocalImages('podman', out.join('\n')).flatMap((i) => i.names);
      assert.ok(names.includes(appRef.toString()) && names.includes(baseRef.toString()), names.join(', '));
    } finally {
      await client.close();
      await reg.stop();
    }
    assert.deepEqual(filesContaining(root, [reg.password as string, Buffer.from(`${reg.username}:${reg.password}`).toString('base64')]), []);
  });
});
