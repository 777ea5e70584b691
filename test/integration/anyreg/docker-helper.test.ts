// `"credentials": "docker-helper"`: the client asks Docker's credential helper (a fake docker-credential-test on
// PATH, speaking the docker-credential-helpers protocol) each time it needs credentials, with a clean environment
// and the server URL on stdin (never in argv); nothing is cached by the provider.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerConfigCredentials, RegistryClient, helperEnv } from '../../../src/registry/index';
import { startRegistry, type TestRegistry } from '../../support/registry';

let reg: TestRegistry;
let dir: string;
before(async () => {
  reg = await startRegistry('token');
  dir = mkdtempSync(join(tmpdir(), 'regx-helper-'));
  // The fake helper logs its argv, its stdin and the names of its environment variables, then answers.
  writeFileSync(join(dir, 'docker-credential-test'), `#!/bin/sh
read server
echo "argv=$*" >> "${dir}/calls"
echo "stdin=$server" >> "${dir}/calls"
env | cut -d= -f1 | sort | tr '\\n' ' ' >> "${dir}/calls"; echo >> "${dir}/calls"
if [ "$server" = "${reg.registry}" ]; then
  printf '{"ServerURL":"%s","Username":"%s","Secret":"%s"}' "$server" "${reg.username}" "${reg.password}"
else
  echo "credentials not found in native keychain"; exit 1
fi
`);
  chmodSync(join(dir, 'docker-credential-test'), 0o755);
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ credHelpers: { [reg.registry]: 'test' }, auths: { [reg.registry]: { auth: Buffer.from('file:entry').toString('base64') } } }));
});
after(async () => { await reg?.stop(); rmSync(dir, { recursive: true, force: true }); });

const calls = () => (existsSync(join(dir, 'calls')) ? readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n') : []);

test('the helper answers every time credentials are needed; argv holds only "get"; the environment is clean', async () => {
  const env = { DOCKER_CONFIG: dir, PATH: `${dir}:${process.env.PATH ?? ''}`, HOME: dir, GITHUB_TOKEN: 'must-not-leak', npm_config_user_agent: 'npm' };
  const creds = new DockerConfigCredentials({ env, fresh: true, helpersOnly: true });
  const client = new RegistryClient({ registry: reg.registry, insecure: true, credentials: creds, retries: 0 });
  try {
    assert.deepEqual((await client.catalog({})).items, []);
    const first = calls().length / 3;
    assert.ok(first >= 1, 'the helper was asked');
    // A second provider call (the client asks again on a new scope / after a 401): the helper runs again.
    assert.deepEqual(await creds.get(reg.registry), { username: reg.username, password: reg.password });
    assert.equal(calls().length / 3, first + 1);
    const lines = calls();
    for (let i = 0; i < lines.length; i += 3) {
      assert.equal(lines[i], 'argv=get');
      assert.equal(lines[i + 1], `stdin=${reg.registry}`);
      const names = lines[i + 2].split(' ');
      assert.ok(!names.includes('GITHUB_TOKEN') && !names.includes('npm_config_user_agent'), lines[i + 2]);
      assert.ok(names.includes('PATH') && names.includes('DOCKER_CONFIG'));
    }
    // helpersOnly: a registry the helper does not know gets nothing, not the file's auths entry.
    assert.equal(await creds.get('other.example.com'), undefined);
  } finally {
    await client.close();
  }
});

test('helperEnv keeps what helpers read and drops the rest', () => {
  const out = helperEnv({ PATH: '/bin', HOME: '/h', AWS_PROFILE: 'p', GITHUB_TOKEN: 't', REGX_PASSWORD: 'x', DBUS_SESSION_BUS_ADDRESS: 'unix:x' });
  assert.deepEqual(Object.keys(out).sort(), ['AWS_PROFILE', 'DBUS_SESSION_BUS_ADDRESS', 'HOME', 'PATH']);
});
