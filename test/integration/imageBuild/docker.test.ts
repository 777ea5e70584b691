// docker has no engine on these machines, so `docker build`/`push` cannot run (their command lines are
// unit-tested). `docker login` works without an engine: this runs the real CLI through prepareAuth
// against the real Basic-auth registry and checks that the password travels on stdin only, lands in
// the private DOCKER_CONFIG (not ~/.docker, not a credential helper) and is gone afterwards.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { LoginError, prepareAuth } from '../../../src/imageBuild/auth';
import { which } from '../../../src/imageBuild/detect';
import { runProcess } from '../../../src/imageBuild/runner';
import { startRegistry } from '../../support/registry';
import { ProcWatcher } from './helpers';

function snapshot(p: string): string {
  return existsSync(p) ? readFileSync(p, 'utf8') : '<absent>';
}

describe('docker login (real CLI, no engine needed)', () => {
  test('password via stdin into a private DOCKER_CONFIG, removed afterwards; a wrong password fails cleanly', async () => {
    const docker = which('docker');
    if (!docker) throw new Error('docker CLI is not installed');
    const reg = await startRegistry('basic');
    const userConfig = join(process.env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json');
    const before = snapshot(userConfig);
    const watcher = new ProcWatcher([reg.password as string]);
    try {
      watcher.start();
      let inspected = '';
      const auth = await prepareAuth({ kind: 'docker', path: docker }, { registry: reg.registry, insecure: true },
        { username: reg.username, password: reg.password }, async (inv) => {
          const r = await runProcess(inv);
          inspected = readFileSync(join(inv.env?.DOCKER_CONFIG as string, 'config.json'), 'utf8');
          return r;
        });
      watcher.stop();
      const cfg = JSON.parse(inspected) as { auths: Record<string, { auth?: string }>; credsStore?: string };
      assert.equal(Buffer.from(cfg.auths[reg.registry]?.auth as string, 'base64').toString(), `${reg.username}:${reg.password}`);
      assert.equal(cfg.credsStore, undefined, 'no credential helper took the login');
      assert.ok(auth.dockerConfig && existsSync(auth.dockerConfig));
      auth.cleanup();
      assert.ok(!existsSync(auth.dir), 'the private DOCKER_CONFIG is removed');
      assert.ok([...watcher.seen].some((s) => s.includes('docker login')), 'the watcher saw docker login run');
      assert.deepEqual(watcher.hits, [], 'the password was in no argv or environment');

      let dir = '';
      const err = await prepareAuth({ kind: 'docker', path: docker }, { registry: reg.registry, insecure: true },
        { username: reg.username, password: 'wrong-password-123' }, async (inv) => { dir = inv.env?.DOCKER_CONFIG as string; return runProcess(inv); })
        .then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof LoginError, String(err));
      assert.match(err.message, /401 Unauthorized/);
      assert.ok(!err.message.includes('wrong-password-123'));
      assert.ok(dir && !existsSync(dir));
      assert.equal(snapshot(userConfig), before, "the user's docker config is untouched");
    } finally {
      watcher.stop();
      await reg.stop();
    }
  });
});
