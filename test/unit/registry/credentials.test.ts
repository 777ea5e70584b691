import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChainCredentials, DockerConfigCredentials, EnvCredentials, RegistryError, StaticCredentials, registryKey } from '../../../src/registry/index';

function tempDir(): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'regx-creds-'));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A docker-credential-<name> stand-in: answers from a fixed table, records nothing secret. */
function writeHelper(dir: string, name: string, script: string): void {
  const p = join(dir, `docker-credential-${name}`);
  writeFileSync(p, `#!/bin/sh\n${script}\n`);
  chmodSync(p, 0o755);
}

const T = { timeout: 15_000 };

test('registryKey normalizes config keys and Docker Hub aliases', () => {
  assert.equal(registryKey('https://index.docker.io/v1/'), 'docker.io');
  assert.equal(registryKey('registry-1.docker.io'), 'docker.io');
  assert.equal(registryKey('http://Reg.Example.com:5000/v2/'), 'reg.example.com:5000');
  assert.equal(registryKey('127.0.0.1:5000'), '127.0.0.1:5000');
});

test('StaticCredentials and EnvCredentials', async () => {
  const s = new StaticCredentials({ 'https://index.docker.io/v1/': { username: 'u', password: 'p' } });
  assert.deepEqual(await s.get('docker.io'), { username: 'u', password: 'p' });
  assert.equal(await s.get('other.io'), undefined);
  const env = { REGX_USERNAME: 'eu', REGX_PASSWORD: 'ep' };
  assert.deepEqual(await new EnvCredentials({ env }).get('any.io'), { username: 'eu', password: 'ep' });
  assert.equal(await new EnvCredentials({ env, registry: 'a.io' }).get('b.io'), undefined);
  assert.equal(await new EnvCredentials({ env: {} }).get('a.io'), undefined);
  const chain = new ChainCredentials([new EnvCredentials({ env: {} }), s]);
  assert.deepEqual(await chain.get('index.docker.io'), { username: 'u', password: 'p' });
});

describe('DockerConfigCredentials', () => {
  test('auths: base64 auth, identitytoken, docker.io key; DOCKER_CONFIG', T, async () => {
    const t = tempDir();
    try {
      writeFileSync(join(t.dir, 'config.json'), JSON.stringify({
        auths: {
          'https://index.docker.io/v1/': { auth: Buffer.from('hubuser:hub:pass').toString('base64') },
          'reg.example.com': { auth: Buffer.from('u:').toString('base64'), identitytoken: 'idtok' },
          'http://127.0.0.1:5000': { auth: Buffer.from('local:pw').toString('base64') },
        },
      }));
      const p = new DockerConfigCredentials({ env: { DOCKER_CONFIG: t.dir } });
      assert.equal(p.path, join(t.dir, 'config.json'));
      assert.deepEqual(await p.get('docker.io'), { username: 'hubuser', password: 'hub:pass' });
      assert.deepEqual(await p.get('reg.example.com'), { username: 'u', password: '', identityToken: 'idtok' });
      assert.deepEqual(await p.get('127.0.0.1:5000'), { username: 'local', password: 'pw' });
      assert.equal(await p.get('nothing.example.com'), undefined);
      // HOME fallback, and a missing file means "no credentials".
      assert.equal(await new DockerConfigCredentials({ env: { HOME: join(t.dir, 'nohome') } }).get('docker.io'), undefined);
    } finally { t.done(); }
  });

  test('credHelpers and credsStore run docker-credential-* with the server URL on stdin', T, async () => {
    const t = tempDir();
    try {
      writeHelper(t.dir, 'fake', `read server
case "$server" in
  reg.example.com) echo '{"ServerURL":"reg.example.com","Username":"helper-user","Secret":"helper-secret"}' ;;
  https://index.docker.io/v1/) echo '{"ServerURL":"x","Username":"<token>","Secret":"hub-identity"}' ;;
  *) echo "credentials not found in native keychain"; exit 1 ;;
esac`);
      writeHelper(t.dir, 'slow', 'sleep 10');
      writeHelper(t.dir, 'garbage', 'echo not-json');
      writeFileSync(join(t.dir, 'config.json'), JSON.stringify({
        credsStore: 'fake',
        credHelpers: { 'slow.example.com': 'slow', 'garbage.example.com': 'garbage', 'missing.example.com': 'does-not-exist' },
        auths: { 'fallback.example.com': { auth: Buffer.from('fb:pw').toString('base64') } },
      }));
      const env = { DOCKER_CONFIG: t.dir, PATH: `${t.dir}:${process.env.PATH ?? ''}` };
      const p = new DockerConfigCredentials({ env, helperTimeoutMs: 500 });
      assert.deepEqual(await p.get('reg.example.com'), { username: 'helper-user', password: 'helper-secret' });
      assert.deepEqual(await p.get('docker.io'), { identityToken: 'hub-identity' });
      // The store has nothing: the file entry is used (as docker/cli's native store does).
      assert.deepEqual(await p.get('fallback.example.com'), { username: 'fb', password: 'pw' });
      assert.equal(await p.get('none.example.com'), undefined);
      await assert.rejects(p.get('slow.example.com'), (e: unknown) => e instanceof RegistryError && /did not answer within 500 ms/.test(e.message));
      await assert.rejects(p.get('garbage.example.com'), (e: unknown) => e instanceof RegistryError && /not JSON/.test(e.message) && !e.message.includes('not-json'));
      await assert.rejects(p.get('missing.example.com'), (e: unknown) => e instanceof RegistryError && /docker-credential-does-not-exist is not installed/.test(e.message));
    } finally { t.done(); }
  });

  test('a broken config.json is a clear error', T, async () => {
    const t = tempDir();
    try {
      writeFileSync(join(t.dir, 'config.json'), '{ nope');
      await assert.rejects(new DockerConfigCredentials({ env: { DOCKER_CONFIG: t.dir } }).get('a.io'), (e: unknown) => e instanceof RegistryError && /not valid JSON/.test(e.message));
    } finally { t.done(); }
  });
});
