// Build and push inside the real extension host, through the commands with arguments (no prompts):
// buildah (vfs storage, chroot isolation) builds a Dockerfile and pushes it to the test bed's real
// registries in plain, Basic-auth and TLS modes; the pushed manifest is read back through the extension's
// own client, the tree shows the new repository and tag, and the last choice is remembered per Dockerfile.
// Then a RUN step on a busybox base, "Push Local Image" from buildah's store, and hostile names refused.
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { testbed, type TestbedMode } from '../testbed';
import { addRegistry, child, childLabels, extensionApi, rootOf } from '../tree';
import type { ExtensionApi } from '../../../src/extension';
import { parseReference } from '../../../src/registry/reference';

interface Pushed { reference: string; digest?: string }

let api: ExtensionApi;
let root = '';
const added: string[] = [];
const ids: Partial<Record<TestbedMode, string>> = {};

const cfg = () => vscode.workspace.getConfiguration('registryExplorer');

function dockerfileDir(name: string, dockerfile: string, files: Record<string, string> = {}): vscode.Uri {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, c] of Object.entries(files)) writeFileSync(join(dir, f), c);
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  return vscode.Uri.file(join(dir, 'Dockerfile'));
}

suite('build and push', function () {
  this.timeout(180_000);

  suiteSetup(async () => {
    api = await extensionApi();
    root = mkdtempSync(join(tmpdir(), 'regx-host-build-'));
    await cfg().update('builder', 'buildah', vscode.ConfigurationTarget.Global);
    await cfg().update('build.isolation', 'chroot', vscode.ConfigurationTarget.Global);
    await cfg().update('build.storage', { root: join(root, 'storage'), runroot: join(root, 'run'), driver: 'vfs' }, vscode.ConfigurationTarget.Global);
    for (const mode of ['plain', 'basic', 'tls'] as TestbedMode[]) {
      const r = testbed().registries[mode];
      assert.ok(r, `testbed has no ${mode} registry`);
      ids[mode] = await addRegistry({ url: r.url, name: `build-${mode}`, username: r.username, password: r.password, caFile: r.caFile }, added);
    }
  });

  suiteTeardown(async () => {
    for (const id of added) await api.ctx.registries.remove(id).catch(() => undefined);
    for (const k of ['builder', 'build.isolation', 'build.storage']) await cfg().update(k, undefined, vscode.ConfigurationTarget.Global);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  for (const mode of ['plain', 'basic', 'tls'] as TestbedMode[]) {
    test(`${mode}: Build and Push Image (FROM scratch + COPY) → manifest through the client, tag in the tree`, async () => {
      const id = ids[mode]!;
      const uri = dockerfileDir(`scratch-${mode}`, 'FROM scratch\nARG WHO\nLABEL who=$WHO\nCOPY hello.txt /hello.txt\n', { 'hello.txt': `hello ${mode}\n` });
      const res = await vscode.commands.executeCommand<Pushed>('registryExplorer.buildAndPush', uri,
        { registryId: id, repository: 'built/scratch', tag: '1.0.0', buildArgs: { WHO: `host-${mode}` } });
      assert.ok(res, 'the command returned no result');
      const ref = parseReference(res.reference);
      assert.equal(ref.repository, 'built/scratch');
      const client = api.ctx.clients.get(id);
      const m = await client.getManifest(ref);
      assert.equal(m.digest, res.digest);
      const config = JSON.parse((await client.getBlob('built/scratch', m.config!.digest)).toString()) as { config?: { Labels?: Record<string, string> } };
      assert.equal(config.config?.Labels?.who, `host-${mode}`);
      // the tree: registry → built/scratch → 1.0.0
      const repo = await child(await rootOf(id), 'built/scratch');
      assert.ok((await childLabels(repo)).includes('1.0.0'));
      // remembered for this Dockerfile
      assert.deepEqual(api.ctx.extension.workspaceState.get(`registryExplorer.build.last:${uri.toString()}`), { registryId: id, repository: 'built/scratch', tag: '1.0.0' });
      assert.ok(vscode.window.terminals.some((t) => t.name.includes('built/scratch:1.0.0')), 'the build terminal is open');
    });
  }

  test('plain, added as "127.0.0.1:PORT" (stored as https://): Build and Push reaches it over plain HTTP', async () => {
    // The Add prompt's own example form. Browsing works through the client's fallback to http; the builder
    // has to be told too (buildah --tls-verify=false), or it fails with "server gave HTTP response to HTTPS client".
    const r = testbed().registries.plain!;
    const id = await addRegistry({ url: r.registry, name: 'build-plain-hostport' }, added);
    assert.equal(api.ctx.registries.get(id)?.url, `https://${r.registry}`);
    const uri = dockerfileDir('scratch-hostport', 'FROM scratch\nCOPY hello.txt /hello.txt\n', { 'hello.txt': 'hello host:port\n' });
    const res = await vscode.commands.executeCommand<Pushed>('registryExplorer.buildAndPush', uri, { registryId: id, repository: 'built/hostport', tag: '1' });
    assert.ok(res, 'the command returned no result');
    const m = await api.ctx.clients.get(id).getManifest(parseReference(res.reference));
    assert.equal(m.digest, res.digest);
  });

  test('basic: RUN on a busybox base pushed first, then Push Local Image from buildah\'s store', async () => {
    const id = ids.basic!;
    const r = testbed().registries.basic!;
    const baseDir = join(root, 'base');
    mkdirSync(join(baseDir, 'bin'), { recursive: true });
    const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));
    assert.ok(busybox, 'busybox is not installed (busybox-static)');
    copyFileSync(busybox, join(baseDir, 'bin', 'busybox'));
    symlinkSync('busybox', join(baseDir, 'bin', 'sh'));
    writeFileSync(join(baseDir, 'Dockerfile'), 'FROM scratch\nCOPY bin/ /bin/\n');
    const base = await vscode.commands.executeCommand<Pushed>('registryExplorer.buildAndPush', vscode.Uri.file(join(baseDir, 'Dockerfile')),
      { registryId: id, repository: 'built/base', tag: '1' });
    assert.ok(base);
    const uri = dockerfileDir('run', `FROM ${base.reference}\nRUN echo from-the-host > /proof.txt\n`);
    const res = await vscode.commands.executeCommand<Pushed>('registryExplorer.buildAndPush', uri, { registryId: id, repository: 'built/run', tag: '2026.11.27' });
    const m = await api.ctx.clients.get(id).getManifest(parseReference(res.reference));
    assert.equal(m.digest, res.digest);
    assert.equal(m.layers?.length, 2);

    const pushed = await vscode.commands.executeCommand<Pushed>('registryExplorer.pushLocalImage',
      { image: res.reference, registryId: id, repository: 'built/copied', tag: 'dev' });
    assert.equal(pushed.reference, `${r.registry}/built/copied:dev`);
    const m2 = await api.ctx.clients.get(id).getManifest(parseReference(pushed.reference));
    assert.equal(m2.digest, pushed.digest);
  });

  test('hostile names are refused before anything runs', async () => {
    const id = ids.plain!;
    const uri = dockerfileDir('hostile', 'FROM scratch\n');
    for (const tag of ['$(touch /tmp/regx-pwned)', 'a b', 'v1;id', '`id`', 'caf\u00e9']) {
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('registryExplorer.buildAndPush', uri, { registryId: id, repository: 'built/hostile', tag })),
        /invalid tag/i, tag);
    }
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('registryExplorer.buildAndPush', uri, { registryId: id, repository: 'Bad Repo', tag: '1' })),
      /repository/i);
    assert.equal(api.ctx.extension.workspaceState.get(`registryExplorer.build.last:${uri.toString()}`), undefined, 'nothing remembered');
    assert.ok(!existsSync('/tmp/regx-pwned'));
  });
});
