// Build and Push with the scan before push (setting registryExplorer.build.scanBeforePush): buildah really
// builds, the image goes from its storage to an OCI archive, the stand-in Trivy reads that archive (`--input`)
// and prints a real golden (alpine-39: 2 CRITICAL, 4 MEDIUM). A failed gate stops the push (the registry never
// gets the manifest); a passing gate (or accepted risks) pushes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient, StaticCredentials, parseReference, RegistryError } from '../../../src/registry/index';
import { GateFailedError, buildAndPushImage, resolveTarget } from '../../../src/imageBuild/pipeline';
import { which } from '../../../src/imageBuild/detect';
import { parseTrivyIgnore } from '../../../src/scan/ignore';
import type { GatePolicy } from '../../../src/scan/gate';
import type { Builder, StorageOptions } from '../../../src/imageBuild/types';
import { startRegistry, type TestRegistry } from '../../support/registry';

const fakeTrivy = join(__dirname, '../../support/fake-trivy/trivy');
const buildahPath = which('buildah');
let root = '';
let storage: StorageOptions;
let builder: Builder;
let reg: TestRegistry;
let client: RegistryClient;
let context: string;

before(async () => {
  if (!buildahPath) throw new Error('buildah is not installed: run `node scripts/setup.mjs` as root (apt-get install buildah)');
  builder = { kind: 'buildah', path: buildahPath };
  root = mkdtempSync(join(tmpdir(), 'regx-scan-before-push-it-'));
  storage = { root: join(root, 'storage'), runroot: join(root, 'run'), driver: 'vfs' };
  context = join(root, 'ctx');
  mkdirSync(context);
  writeFileSync(join(context, 'hello.txt'), 'scanned before push\n');
  writeFileSync(join(context, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
  reg = await startRegistry('basic');
  client = new RegistryClient({ registry: reg.registry, credentials: new StaticCredentials({ [reg.registry]: { username: reg.username!, password: reg.password! } }) });
});
after(async () => {
  await client?.close();
  await reg?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

function run(tag: string, policy: GatePolicy, recordFile: string, using: Builder = builder, store: StorageOptions = storage) {
  const commands: string[] = [];
  const lines: string[] = [];
  const promise = buildAndPushImage({
    builder: using, storage: store, isolation: 'chroot', cwd: context, dockerfile: join(context, 'Dockerfile'), context,
    target: { registry: reg.registry, insecure: true, credentials: { username: reg.username!, password: reg.password! } },
    tags: [resolveTarget(reg.registry, 'gate/app', tag)],
    env: { ...process.env, FAKE_TRIVY_RECORD: recordFile },
    scanBeforePush: { trivyPath: fakeTrivy, policy },
    onCommand: (c) => commands.push(c), onLine: (l) => lines.push(l),
  });
  return { promise, commands, lines };
}

async function manifestStatus(tag: string): Promise<number> {
  try {
    await client.getManifest(parseReference(`${reg.registry}/gate/app:${tag}`));
    return 200;
  } catch (e) {
    if (e instanceof RegistryError) return e.status ?? 0;
    throw e;
  }
}

describe('scan before push with buildah and the stand-in Trivy', () => {
  test('a failed gate stops the push: GateFailedError with the report, and the registry has no such tag', async () => {
    const rec = join(root, 'rec-fail.json');
    const r = run('blocked', { severities: ['HIGH', 'CRITICAL'] }, rec);
    const err = await r.promise.then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof GateFailedError, String(err));
    assert.equal(err.stage, 'scan');
    assert.match(err.message, /gate\/app:blocked was not pushed: the scan before push found 2 findings at CRITICAL, HIGH \(2 CRITICAL\)/);
    assert.equal(err.gate.report.findings.length, 6, 'the whole report goes with the error (for the report view)');
    assert.equal(await manifestStatus('blocked'), 404, 'nothing reached the registry');
    assert.ok(!r.commands.some((c) => / push .*docker:\/\//.test(c)), `no push to the registry ran: ${r.commands.join('\n')}`);
    assert.ok(r.commands.some((c) => c.includes(' push ') && c.includes('oci-archive:')), 'the image was written to an archive');
    const j = JSON.parse(readFileSync(rec, 'utf8')) as { argv: string[]; env: Record<string, string>; input: { bytes: number; entries: string[] } };
    assert.equal(j.argv[j.argv.length - 1]!.startsWith('--input='), true);
    assert.ok(j.input.bytes > 1024 && j.input.entries.includes('index.json') && j.input.entries.includes('oci-layout'), JSON.stringify(j.input));
    assert.equal(j.env.TRIVY_PASSWORD, undefined, 'an archive needs no registry credentials');
    assert.ok(r.lines.includes('scan before push: gate failed: 2 findings at CRITICAL, HIGH (2 CRITICAL)'));
  });

  test('a passing gate pushes: severities with no findings, and accepted risks from .trivyignore', async () => {
    const a = run('high-only', { severities: ['HIGH'] }, join(root, 'rec-a.json'));
    const ra = await a.promise;
    assert.equal(ra.gate?.passed, true);
    assert.equal(await manifestStatus('high-only'), 200);
    assert.equal((await client.getManifest(parseReference(`${reg.registry}/gate/app:high-only`))).digest, ra.digest);

    const b = run('accepted', { severities: ['CRITICAL'], ignores: parseTrivyIgnore('CVE-2019-14697\n', join(context, '.trivyignore')) }, join(root, 'rec-b.json'));
    const rb = await b.promise;
    assert.equal(rb.gate?.passed, true);
    assert.equal(rb.gate?.ignored, 2);
    assert.equal(await manifestStatus('accepted'), 200);
  });
});

test('podman: the image goes to an OCI archive with `podman save --format oci-archive`; a failed gate stops the push', async () => {
  const podman = which('podman');
  if (!podman) throw new Error('podman is not installed: run `node scripts/setup.mjs` as root');
  const rec = join(root, 'rec-podman.json');
  const r = run('podman-blocked', { severities: ['CRITICAL'] }, rec, { kind: 'podman', path: podman }, { root: join(root, 'podman-storage'), runroot: join(root, 'podman-run'), driver: 'vfs' });
  await assert.rejects(r.promise, GateFailedError);
  assert.ok(r.commands.some((c) => / save --format oci-archive -o /.test(c)), r.commands.join('\n'));
  const j = JSON.parse(readFileSync(rec, 'utf8')) as { input: { bytes: number; entries: string[] } };
  assert.ok(j.input.entries.includes('index.json') && j.input.entries.includes('oci-layout'), JSON.stringify(j.input));
  assert.equal(await manifestStatus('podman-blocked'), 404);
});
