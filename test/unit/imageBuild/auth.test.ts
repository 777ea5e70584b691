import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoginError, dockerConfigKey, prepareAuth } from '../../../src/imageBuild/auth';
import type { Builder, Invocation } from '../../../src/imageBuild/types';

const buildah: Builder = { kind: 'buildah', path: '/usr/bin/buildah' };
const docker: Builder = { kind: 'docker', path: '/usr/bin/docker' };
const noLogin = async () => { throw new Error('no login expected'); };
const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

describe('private credentials for one build', () => {
  test('podman/buildah: auth.json 0600 in a 0700 dir, containers-auth.json format, removed by cleanup', async () => {
    const a = await prepareAuth(buildah, { registry: '127.0.0.1:5000' }, { username: 'alice', password: 'pw:with:colons' }, noLogin);
    try {
      assert.equal(mode(a.dir), '700');
      const file = a.access.authFile as string;
      assert.equal(mode(file), '600');
      const auth = JSON.parse(readFileSync(file, 'utf8')) as { auths: Record<string, { auth: string }> };
      assert.equal(Buffer.from(auth.auths['127.0.0.1:5000']?.auth as string, 'base64').toString(), 'alice:pw:with:colons');
      assert.ok(a.secrets.includes('pw:with:colons'));
      assert.ok(a.secrets.includes(auth.auths['127.0.0.1:5000']?.auth as string), 'the base64 form is masked too');
    } finally { a.cleanup(); }
    assert.ok(!existsSync(a.dir));
  });
  test('a CA becomes certs/ca.crt for --cert-dir; insecure drops it; anonymous writes no auth file', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'regx-ca-'));
    try {
      writeFileSync(join(tmp, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
      const a = await prepareAuth(buildah, { registry: 'r:1', caFile: join(tmp, 'ca.pem') }, undefined, noLogin);
      assert.equal(readFileSync(join(a.access.certDir as string, 'ca.crt'), 'utf8').slice(0, 27), '-----BEGIN CERTIFICATE-----');
      assert.equal(a.access.authFile, undefined);
      a.cleanup();
      const b = await prepareAuth(buildah, { registry: 'r:1', caFile: join(tmp, 'ca.pem'), insecure: true }, undefined, noLogin);
      assert.equal(b.access.certDir, undefined);
      assert.equal(b.access.insecure, true);
      b.cleanup();
    } finally { rmSync(tmp, { recursive: true, force: true }); }
  });
  test('docker: login through stdin into DOCKER_CONFIG seeded so no credential helper is picked', async () => {
    let seen: Invocation | undefined;
    let seed = '';
    const a = await prepareAuth(docker, { registry: 'docker.io' }, { username: 'bob', password: 'secret-1' }, async (inv) => {
      seen = inv;
      seed = readFileSync(join(inv.env?.DOCKER_CONFIG as string, 'config.json'), 'utf8');
      return { code: 0 };
    }, { env: { DOCKER_CONFIG: '/nonexistent-docker-config' } });
    try {
      assert.deepEqual(seen?.args, ['login', '--username=bob', '--password-stdin', 'docker.io']);
      assert.equal(seen?.stdin, 'secret-1');
      assert.equal(a.dockerConfig, seen?.env?.DOCKER_CONFIG);
      assert.deepEqual(JSON.parse(seed), { auths: { 'https://index.docker.io/v1/': {} } });
      assert.equal(mode(a.dockerConfig as string), '700');
    } finally { a.cleanup(); }
    assert.ok(!existsSync(a.dir));
  });
  test("docker keeps the user's context, plugins, buildx builders and other registries, but not their credential store", async () => {
    const user = mkdtempSync(join(tmpdir(), 'regx-userdocker-'));
    try {
      for (const d of ['cli-plugins', 'contexts', 'buildx']) mkdirSync(join(user, d));
      writeFileSync(join(user, 'config.json'), JSON.stringify({
        currentContext: 'rootless', credsStore: 'desktop',
        auths: { 'other.example.com': { auth: 'b3RoZXI6eA==' }, 'r:1': { auth: 'c3RhbGU6eA==' } },
        credHelpers: { 'gcr.io': 'gcloud', 'r:1': 'secretservice' },
      }));
      let seed: Record<string, unknown> = {};
      let links: string[] = [];
      const a = await prepareAuth(docker, { registry: 'r:1' }, { username: 'u', password: 'pw' }, async (inv) => {
        const dir = inv.env?.DOCKER_CONFIG as string;
        seed = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
        links = ['cli-plugins', 'contexts', 'buildx'].map((d) => readlinkSync(join(dir, d)));
        return { code: 0 };
      }, { env: { DOCKER_CONFIG: user } });
      a.cleanup();
      assert.deepEqual(seed, { currentContext: 'rootless', auths: { 'other.example.com': { auth: 'b3RoZXI6eA==' }, 'r:1': {} }, credHelpers: { 'gcr.io': 'gcloud' } });
      assert.deepEqual(links, ['cli-plugins', 'contexts', 'buildx'].map((d) => join(user, d)));
      assert.ok(existsSync(join(user, 'contexts')), 'cleanup removes the links, not what they point to');
    } finally { rmSync(user, { recursive: true, force: true }); }
  });
  test('docker identity token is written, not passed', async () => {
    const a = await prepareAuth(docker, { registry: 'r.example.com' }, { username: 'u', identityToken: 'tok-123' }, noLogin, { env: { DOCKER_CONFIG: '/nonexistent-docker-config' } });
    try {
      const cfg = JSON.parse(readFileSync(join(a.dockerConfig as string, 'config.json'), 'utf8')) as { auths: Record<string, { identitytoken: string }> };
      assert.equal(cfg.auths['r.example.com']?.identitytoken, 'tok-123');
      assert.equal(mode(join(a.dockerConfig as string, 'config.json')), '600');
    } finally { a.cleanup(); }
  });
  test('a failed login removes the directory and its message masks the password', async () => {
    let dir = '';
    const err = await prepareAuth(docker, { registry: 'r:1' }, { username: 'u', password: 'hunter2' }, async (inv) => {
      dir = inv.env?.DOCKER_CONFIG as string;
      return { code: 1, tail: ['Error response from daemon: bad password hunter2'] };
    }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof LoginError);
    assert.ok(!err.message.includes('hunter2'));
    assert.match(err.message, /Login to r:1 failed: .*\*{8}/);
    assert.ok(dir && !existsSync(dir));
  });
  test('docker hub key', () => {
    assert.equal(dockerConfigKey('docker.io'), 'https://index.docker.io/v1/');
    assert.equal(dockerConfigKey('127.0.0.1:5000'), '127.0.0.1:5000');
  });
});
