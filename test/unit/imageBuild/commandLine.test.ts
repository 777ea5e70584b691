import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildInvocation, dockerLoginInvocation, imagesInvocation, parsePushedDigest, pushInvocation, tagInvocation,
  BuildOptionError,
} from '../../../src/imageBuild/commandLine';
import type { Builder, BuildRequest } from '../../../src/imageBuild/types';

const docker: Builder = { kind: 'docker', path: '/usr/bin/docker', buildx: false };
const buildx: Builder = { kind: 'docker', path: '/usr/bin/docker', buildx: true };
const podman: Builder = { kind: 'podman', path: '/usr/bin/podman' };
const buildah: Builder = { kind: 'buildah', path: '/usr/bin/buildah' };

const req: BuildRequest = {
  dockerfile: '/w/app/Dockerfile', context: '/w/app', tags: ['127.0.0.1:5000/app:1.0.0'],
  buildArgs: { VERSION: '1.0.0', GREETING: 'hello world' },
};
const storage = { root: '/s/root', runroot: '/s/run', driver: 'vfs' };

describe('docker command lines', () => {
  test('classic build: -f, -t, build args, context last; no TLS flags (the daemon owns TLS)', () => {
    const inv = buildInvocation(docker, { ...req, platforms: ['linux/arm64'] }, { access: { registry: '127.0.0.1:5000', insecure: true, certDir: '/c' }, dockerConfig: '/tmp/d' });
    assert.equal(inv.command, '/usr/bin/docker');
    assert.deepEqual(inv.args, ['build', '-f', '/w/app/Dockerfile', '-t', '127.0.0.1:5000/app:1.0.0',
      '--build-arg', 'VERSION=1.0.0', '--build-arg', 'GREETING=hello world', '--platform', 'linux/arm64', '/w/app']);
    assert.deepEqual(inv.env, { DOCKER_CONFIG: '/tmp/d' });
  });
  test('classic build refuses several platforms', () => {
    assert.throws(() => buildInvocation(docker, { ...req, platforms: ['linux/amd64', 'linux/arm64'] }), /buildx/);
  });
  test('buildx: plain progress and --load for one platform', () => {
    const inv = buildInvocation(buildx, { ...req, buildArgs: {}, platforms: ['linux/amd64'] });
    assert.deepEqual(inv.args, ['buildx', 'build', '--progress=plain', '-f', '/w/app/Dockerfile', '-t', '127.0.0.1:5000/app:1.0.0',
      '--platform', 'linux/amd64', '--load', '/w/app']);
    assert.equal(inv.env, undefined);
  });
  test('buildx: several platforms push from the build', () => {
    const inv = buildInvocation(buildx, { ...req, buildArgs: {}, platforms: ['linux/amd64', 'linux/arm64/v8'] });
    assert.deepEqual(inv.args.slice(-4), ['--platform', 'linux/amd64,linux/arm64/v8', '--push', '/w/app']);
  });
  test('push, tag, images, login', () => {
    assert.deepEqual(pushInvocation(docker, '127.0.0.1:5000/app:1', { dockerConfig: '/tmp/d', storage }).args, ['push', '127.0.0.1:5000/app:1']);
    assert.deepEqual(pushInvocation(docker, '127.0.0.1:5000/app:1', { dockerConfig: '/tmp/d' }).env, { DOCKER_CONFIG: '/tmp/d' });
    assert.deepEqual(tagInvocation(docker, 'abc123', '127.0.0.1:5000/app:1', { storage }).args, ['tag', 'abc123', '127.0.0.1:5000/app:1']);
    assert.deepEqual(imagesInvocation(docker).args, ['images', '--format', '{{json .}}']);
    const login = dockerLoginInvocation(docker, '127.0.0.1:5000', 'alice', 's3cret', '/tmp/d');
    assert.deepEqual(login.args, ['login', '--username=alice', '--password-stdin', '127.0.0.1:5000']);
    assert.equal(login.stdin, 's3cret');
    assert.deepEqual(login.env, { DOCKER_CONFIG: '/tmp/d' });
    assert.ok(!login.args.some((a) => a.includes('s3cret')));
  });
  test('docker push digest line', () => {
    const hex = 'a'.repeat(64);
    assert.equal(parsePushedDigest(`1.0.0: digest: sha256:${hex} size: 528`), `sha256:${hex}`);
    assert.equal(parsePushedDigest('The push refers to repository [x]'), undefined);
  });
});

describe('podman command lines', () => {
  test('build with storage, isolation, insecure, auth file, platform', () => {
    const inv = buildInvocation(podman, { ...req, buildArgs: { A: '1' }, platforms: ['linux/amd64'], isolation: 'chroot' },
      { storage, access: { registry: 'r', insecure: true, authFile: '/p/auth.json' } });
    assert.deepEqual(inv.args, ['--root', '/s/root', '--runroot', '/s/run', '--storage-driver', 'vfs', 'build',
      '--isolation', 'chroot', '--tls-verify=false', '--authfile', '/p/auth.json', '-f', '/w/app/Dockerfile',
      '-t', '127.0.0.1:5000/app:1.0.0', '--build-arg', 'A=1', '--platform', 'linux/amd64', '/w/app']);
  });
  test('a CA is passed as --cert-dir; insecure wins over it', () => {
    const withCa = buildInvocation(podman, { ...req, buildArgs: {} }, { access: { registry: 'r', certDir: '/p/certs' } });
    assert.deepEqual(withCa.args.slice(0, 3), ['build', '--cert-dir', '/p/certs']);
    const insecure = pushInvocation(podman, 'r/a:1', { access: { registry: 'r', certDir: '/p/certs', insecure: true } });
    assert.ok(insecure.args.includes('--tls-verify=false'));
    assert.ok(!insecure.args.includes('--cert-dir'));
  });
  test('several platforms build a manifest list, pushed with manifest push --all', () => {
    const inv = buildInvocation(podman, { ...req, buildArgs: {}, platforms: ['linux/amd64', 'linux/arm64'] });
    assert.deepEqual(inv.args, ['build', '-f', '/w/app/Dockerfile', '--manifest', '127.0.0.1:5000/app:1.0.0',
      '--platform', 'linux/amd64,linux/arm64', '/w/app']);
    const push = pushInvocation(podman, '127.0.0.1:5000/app:1.0.0', { list: '127.0.0.1:5000/app:1.0.0', digestFile: '/p/d' });
    assert.deepEqual(push.args, ['manifest', 'push', '--all', '--digestfile', '/p/d', '127.0.0.1:5000/app:1.0.0', 'docker://127.0.0.1:5000/app:1.0.0']);
  });
  test('push with cert dir, auth file, digest file', () => {
    const inv = pushInvocation(podman, '127.0.0.1:5000/app:1', { storage, access: { registry: 'r', certDir: '/p/certs', authFile: '/p/auth.json' }, digestFile: '/p/digest' });
    assert.deepEqual(inv.args, ['--root', '/s/root', '--runroot', '/s/run', '--storage-driver', 'vfs', 'push',
      '--cert-dir', '/p/certs', '--authfile', '/p/auth.json', '--digestfile', '/p/digest', '127.0.0.1:5000/app:1', 'docker://127.0.0.1:5000/app:1']);
  });
  test('images as JSON', () => {
    assert.deepEqual(imagesInvocation(podman, { storage }).args, ['--root', '/s/root', '--runroot', '/s/run', '--storage-driver', 'vfs', 'images', '--format', 'json']);
  });
});

describe('buildah command lines', () => {
  test('bud with chroot isolation and vfs storage (root-less / no OCI runtime setups)', () => {
    const inv = buildInvocation(buildah, { ...req, buildArgs: {}, isolation: 'chroot', noCache: true }, { storage, access: { registry: 'r', insecure: true } });
    assert.deepEqual(inv.args, ['--root', '/s/root', '--runroot', '/s/run', '--storage-driver', 'vfs', 'bud',
      '--isolation', 'chroot', '--tls-verify=false', '-f', '/w/app/Dockerfile', '-t', '127.0.0.1:5000/app:1.0.0', '--no-cache', '/w/app']);
  });
  test('several tags each get -t', () => {
    const inv = buildInvocation(buildah, { ...req, buildArgs: {}, tags: ['r/a:1', 'r/a:latest'] });
    assert.deepEqual(inv.args, ['bud', '-f', '/w/app/Dockerfile', '-t', 'r/a:1', '-t', 'r/a:latest', '/w/app']);
  });
  test('push and tag', () => {
    assert.deepEqual(pushInvocation(buildah, 'r/a:1', { access: { registry: 'r', authFile: '/p/a.json' } }).args,
      ['push', '--authfile', '/p/a.json', 'r/a:1', 'docker://r/a:1']);
    assert.deepEqual(tagInvocation(buildah, 'r/a:1', 'r/a:2', { storage: { driver: 'vfs' } }).args, ['--storage-driver', 'vfs', 'tag', 'r/a:1', 'r/a:2']);
    assert.deepEqual(imagesInvocation(buildah).args, ['images', '--json']);
  });
  test('docker login is refused for other builders', () => {
    assert.throws(() => dockerLoginInvocation(buildah, 'r', 'u', 'p', '/d'), BuildOptionError);
  });
});

describe('validation of what is not a reference', () => {
  test('relative paths, bad build arg names and platforms are refused', () => {
    assert.throws(() => buildInvocation(buildah, { ...req, dockerfile: 'Dockerfile' }), /absolute/);
    assert.throws(() => buildInvocation(buildah, { ...req, context: '--privileged' }), /absolute/);
    assert.throws(() => buildInvocation(buildah, { ...req, buildArgs: { 'A;B': 'x' } }), /build argument name/);
    assert.throws(() => buildInvocation(buildah, { ...req, buildArgs: { 'A=B': 'x' } }), /build argument name/);
    assert.throws(() => buildInvocation(buildah, { ...req, platforms: ['linux/amd64;rm -rf /'] }), /Invalid platform/);
    assert.throws(() => buildInvocation(buildah, { ...req, platforms: ['--all'] }), /Invalid platform/);
    assert.throws(() => buildInvocation(buildah, { ...req, tags: [] }), /at least one/);
    assert.throws(() => tagInvocation(buildah, '--help', 'r/a:1'), /Invalid image name/);
  });
  test('a build arg value with metacharacters stays one argument', () => {
    const v = '$(touch /tmp/pwned); `id` && echo "x"\nnext line ü';
    const inv = buildInvocation(buildah, { ...req, buildArgs: { EVIL: v } });
    const i = inv.args.indexOf('--build-arg');
    assert.equal(inv.args[i + 1], `EVIL=${v}`);
  });
});
