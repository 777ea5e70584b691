import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../../support/wait';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAndPushImage, pushLocalImage, resolveTarget, BuildError } from '../../../src/imageBuild/pipeline';
import { CancelledError } from '../../../src/imageBuild/runner';
import { fakeBuilders } from './fakeBuilder';

const PASSWORD = 'p4ss-W0rd!unique-7731';
const REG = '127.0.0.1:5000';

function workspace(): { dir: string; dockerfile: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'regx-ws-'));
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY a /a\n');
  return { dir, dockerfile: join(dir, 'Dockerfile'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A process counts as gone when it no longer exists or is a zombie waiting for a (possibly absent) reaper. */
async function alive(pid: number): Promise<boolean> {
  const gone = (): boolean => {
    try { return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return true; }
  };
  return waitFor(gone, { what: `process ${pid} to exit`, timeout: 5_000 }).then(() => false, () => true);
}

/** Every path-like argument that sits inside our private temp dirs. */
function privatePaths(calls: string[][]): string[] {
  return calls.flat().filter((a) => a.includes('regx-build-'));
}

describe('build and push pipeline (stand-in builder)', () => {
  test('buildah: private auth file (0600) for build and push, digest from --digestfile, everything removed afterwards', async () => {
    const fake = fakeBuilders();
    const ws = workspace();
    const commands: string[] = [];
    const lines: string[] = [];
    try {
      const ref = resolveTarget(REG, 'team/app', '1.0.0');
      const r = await buildAndPushImage({
        builder: fake.builder('buildah'), env: fake.env, dockerfile: ws.dockerfile, context: ws.dir, tags: [ref],
        target: { registry: REG, credentials: { username: 'alice', password: PASSWORD } },
        storage: { driver: 'vfs', root: '/r', runroot: '/rr' }, isolation: 'chroot',
        onCommand: (c) => commands.push(c), onLine: (l) => lines.push(l),
      });
      assert.equal(r.reference.toString(), '127.0.0.1:5000/team/app:1.0.0');
      assert.equal(r.digest, `sha256:${'1'.repeat(64)}`);
      const calls = fake.calls();
      assert.equal(calls.length, 2);
      assert.equal(calls[0]?.[7], 'bud');
      assert.equal(calls[1]?.[7], 'push');
      const authFile = calls[0]?.[calls[0].indexOf('--authfile') + 1] as string;
      assert.match(authFile, /regx-build-[^/]+\/auth\.json$/);
      assert.equal(calls[1]?.[calls[1].indexOf('--authfile') + 1], authFile);
      assert.deepEqual(fake.file('.authmode'), ['600', '600']);
      assert.ok(!existsSync(authFile), 'the auth file is removed');
      for (const p of privatePaths(calls)) assert.ok(!existsSync(p), `${p} removed`);
      for (const a of calls.flat()) assert.ok(!a.includes(PASSWORD), 'password never in argv');
      assert.equal(commands.length, 2);
      assert.ok(commands.every((c) => !c.includes(PASSWORD)));
      assert.ok(lines.includes('STEP 2/2: COPY a /a'));
    } finally { fake.cleanup(); ws.cleanup(); }
  });

  test('docker: login with --password-stdin into a private DOCKER_CONFIG (0700), digest from the push output', async () => {
    const fake = fakeBuilders();
    const ws = workspace();
    const commands: string[] = [];
    try {
      const r = await buildAndPushImage({
        builder: fake.builder('docker', true), env: fake.env, dockerfile: ws.dockerfile, context: ws.dir,
        tags: [resolveTarget(REG, 'app', '1')], target: { registry: REG, credentials: { username: 'alice', password: PASSWORD } },
        onCommand: (c) => commands.push(c),
      });
      assert.equal(r.digest, `sha256:${'2'.repeat(64)}`);
      const calls = fake.calls();
      assert.deepEqual(calls.map((c) => c[1]), ['login', 'buildx', 'push']);
      assert.deepEqual(calls[0]?.slice(1), ['login', '--username=alice', '--password-stdin', REG]);
      assert.deepEqual(fake.file('.stdinlen'), [String(PASSWORD.length)]);
      assert.deepEqual(fake.file('.dockerconfigmode'), ['700', '700', '700']);
      for (const a of calls.flat()) assert.ok(!a.includes(PASSWORD));
      assert.match(commands[0] as string, /^DOCKER_CONFIG=\S*regx-build-\S*\/docker \S*docker login --username=alice --password-stdin 127\.0\.0\.1:5000 <<< \*{8}$/);
      const configDir = /DOCKER_CONFIG=(\S+)/.exec(commands[0] as string)?.[1] as string;
      assert.ok(!existsSync(configDir), 'the private DOCKER_CONFIG is removed');
    } finally { fake.cleanup(); ws.cleanup(); }
  });

  test('a failing build names the step, and the credentials are still removed', async () => {
    const fake = fakeBuilders(['podman'], { REGX_FAKE_FAIL: 'build' });
    const ws = workspace();
    try {
      const err = await buildAndPushImage({
        builder: fake.builder('podman'), env: fake.env, dockerfile: ws.dockerfile, context: ws.dir,
        tags: [resolveTarget(REG, 'app', '1')], target: { registry: REG, credentials: { username: 'u', password: PASSWORD } },
      }).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof BuildError);
      assert.equal(err.stage, 'build');
      assert.equal(err.step, 'step 2/2 (COPY a /a)');
      assert.equal(err.message, 'The build failed at step 2/2 (COPY a /a): Error: building at STEP "COPY a /a": no such file a');
      assert.equal(fake.calls().length, 1, 'no push after a failed build');
      for (const p of privatePaths(fake.calls())) assert.ok(!existsSync(p));
    } finally { fake.cleanup(); ws.cleanup(); }
  });

  test('cancel kills the builder and its children, and removes the credentials', async () => {
    const fake = fakeBuilders(['buildah'], { REGX_FAKE_SLEEP: '1' });
    const ws = workspace();
    const ac = new AbortController();
    try {
      const started = Date.now();
      const p = buildAndPushImage({
        builder: fake.builder('buildah'), env: fake.env, dockerfile: ws.dockerfile, context: ws.dir, signal: ac.signal,
        tags: [resolveTarget(REG, 'app', '1')], target: { registry: REG, credentials: { username: 'u', password: PASSWORD } },
        onLine: (l) => { if (l === 'STEP 2/2: RUN sleep') ac.abort(); },
      });
      await assert.rejects(p, CancelledError);
      assert.ok(Date.now() - started < 5000);
      const grandchild = Number(readFileSync(join(fake.record, 'grandchild.pid'), 'utf8'));
      const child = Number(readFileSync(join(fake.record, 'child.pid'), 'utf8'));
      for (const pid of [child, grandchild]) assert.ok(!(await alive(pid)), `process ${pid} is gone`);
      for (const p2 of privatePaths(fake.calls())) assert.ok(!existsSync(p2));
    } finally { fake.cleanup(); ws.cleanup(); }
  });

  test('push local image: tag then push, with the private auth file', async () => {
    const fake = fakeBuilders(['podman']);
    try {
      const ref = resolveTarget(REG, 'app', 'dev');
      const r = await pushLocalImage({ builder: fake.builder('podman'), env: fake.env, source: 'f95ce0168c57', reference: ref,
        target: { registry: REG, insecure: true, credentials: { username: 'u', password: PASSWORD } } });
      assert.equal(r.digest, `sha256:${'1'.repeat(64)}`);
      const calls = fake.calls();
      assert.deepEqual(calls[0]?.slice(1), ['tag', 'f95ce0168c57', '127.0.0.1:5000/app:dev']);
      assert.deepEqual(calls[1]?.slice(1, 4), ['push', '--tls-verify=false', '--authfile']);
      assert.deepEqual(calls[1]?.slice(-2), ['127.0.0.1:5000/app:dev', 'docker://127.0.0.1:5000/app:dev']);
    } finally { fake.cleanup(); }
  });

  test('resolveTarget refuses a registry that would silently mean docker.io', () => {
    assert.throws(() => resolveTarget('myhost', 'app', '1'), /does not name repository app on myhost/);
    assert.equal(resolveTarget('docker.io', 'alpine', '3').toString(), 'docker.io/library/alpine:3');
    assert.equal(resolveTarget('localhost', 'a/b', 'x').toString(), 'localhost/a/b:x');
  });
});
