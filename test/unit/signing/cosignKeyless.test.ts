// Keyless verification runs `cosign verify` as an argument array (a reference with shell metacharacters stays one
// argument), in a clean environment (no variable of ours, e.g. a registry password, reaches cosign), requiring
// the identity and issuer; a missing cosign says what to install. A stand-in `cosign` on PATH records its call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cosignVerifyArgs, verifyKeyless } from '../../../src/signing/cosignKeyless';

function fakeCosign(exitCode: number, stderr = ''): { dir: string; calls: () => { argv: string[]; env: string[] } } {
  const dir = mkdtempSync(join(tmpdir(), 'regx-fake-cosign-'));
  const script = join(dir, 'cosign');
  writeFileSync(script, `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done > "${dir}/argv"\nenv > "${dir}/env"\nprintf '%s\\n' '${stderr}' >&2\nexit ${exitCode}\n`);
  chmodSync(script, 0o755);
  return { dir, calls: () => ({ argv: readFileSync(join(dir, 'argv'), 'utf8').split('\n').slice(0, -1), env: readFileSync(join(dir, 'env'), 'utf8').split('\n') }) };
}

const REF = 'reg.example:5000/team/app@sha256:' + 'a'.repeat(64);

test('cosign verify: arguments as an array, identity and issuer required, reference after --', async () => {
  assert.deepEqual(cosignVerifyArgs({ ref: REF, identity: 'ci@example.com', issuer: 'https://issuer.example', insecure: true }), [
    'verify', '--certificate-identity', 'ci@example.com', '--certificate-oidc-issuer', 'https://issuer.example', '--output', 'json',
    '--allow-insecure-registry', '--allow-http-registry', '--', REF,
  ]);
});

test('verified on exit 0; the environment holds PATH and HOME only; hostile text stays one argument', async () => {
  const f = fakeCosign(0);
  try {
    const identity = 'a@b.c; rm -rf / $(touch x)';
    const r = await verifyKeyless({ cosignPath: join(f.dir, 'cosign'), ref: REF, identity, issuer: 'https://issuer.example', env: { PATH: process.env.PATH, HOME: '/home/x', REGX_PASSWORD: 'secret', TRIVY_PASSWORD: 'secret' } });
    assert.equal(r.status, 'verified');
    const c = f.calls();
    assert.equal(c.argv[2], identity);
    assert.equal(c.argv.at(-1), REF);
    assert.ok(!c.env.some((l) => l.includes('secret')), c.env.join('\n'));
    assert.ok(c.env.includes('HOME=/home/x'));
  } finally { rmSync(f.dir, { recursive: true, force: true }); }
});

test('failed with cosign\'s own reason on a non-zero exit', async () => {
  const f = fakeCosign(1, 'Error: no matching signatures: none of the expected identities matched');
  try {
    const r = await verifyKeyless({ cosignPath: join(f.dir, 'cosign'), ref: REF, identity: 'x', issuer: 'y' });
    assert.equal(r.status, 'failed');
    assert.equal(r.reason, 'no matching signatures: none of the expected identities matched');
  } finally { rmSync(f.dir, { recursive: true, force: true }); }
});

test('no cosign: says what to install', async () => {
  const r = await verifyKeyless({ cosignPath: join(tmpdir(), 'no-such-dir-regx', 'cosign'), ref: REF, identity: 'x', issuer: 'y' });
  assert.equal(r.status, 'not-installed');
  assert.match(r.reason, /install it \(https:\/\/docs\.sigstore\.dev\/cosign\/system_config\/installation\/\)/);
});
