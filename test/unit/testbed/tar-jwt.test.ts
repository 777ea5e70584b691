// The test bed's own pieces that need no registry: the tar writer (checked by the system tar) and the
// token server's JWTs (signature verified against the signing certificate, claims as the token spec wants).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate, verify } from 'node:crypto';
import { request } from 'undici';
import { tar } from '../../support/tar';
import { startTokenServer, parseScope } from '../../support/token-server';
import { buildImage, sha256 } from '../../support/seed';

test('tar writes an archive the system tar reads back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'regx-tar-'));
  try {
    const file = join(dir, 'a.tar');
    writeFileSync(file, tar([{ name: 'x/hello.txt', content: 'hello\n' }, { name: 'big.bin', content: Buffer.alloc(700, 1) }]));
    assert.equal(execFileSync('tar', ['-tvf', file], { encoding: 'utf8' }).split('\n').filter(Boolean).length, 2);
    execFileSync('tar', ['-xf', file, '-C', dir]);
    assert.equal(execFileSync('cat', [join(dir, 'x/hello.txt')], { encoding: 'utf8' }), 'hello\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('buildImage makes a consistent OCI manifest', () => {
  const img = buildImage('id', { layers: 3, platform: 'linux/arm/v7', created: '2024-01-02T03:04:05Z' });
  const m = JSON.parse(img.manifest.toString()) as { config: { digest: string; size: number }; layers: Array<{ digest: string }> };
  assert.equal(img.digest, sha256(img.manifest));
  assert.equal(m.config.digest, sha256(img.config.data));
  assert.equal(m.layers.length, 3);
  const cfg = JSON.parse(img.config.data.toString()) as { architecture: string; variant: string; created: string; rootfs: { diff_ids: string[] } };
  assert.equal(cfg.architecture, 'arm');
  assert.equal(cfg.variant, 'v7');
  assert.equal(cfg.created, '2024-01-02T03:04:05Z');
  assert.equal(cfg.rootfs.diff_ids.length, 3);
});

test('parseScope keeps a port inside the repository name', () => {
  assert.deepEqual(parseScope('repository:team/app:pull,push'), { type: 'repository', name: 'team/app', actions: ['pull', 'push'] });
  assert.deepEqual(parseScope('registry:catalog:*'), { type: 'registry', name: 'catalog', actions: ['*'] });
});

test('token server issues RS256 JWTs with x5c, checks Basic credentials and counts requests', async () => {
  const ts = await startTokenServer({ service: 'svc', issuer: 'iss', username: 'u', password: 'p' });
  try {
    const auth = `Basic ${Buffer.from('u:p').toString('base64')}`;
    const u = `${ts.url}?service=svc&scope=${encodeURIComponent('repository:a/b:pull,push')}&scope=${encodeURIComponent('registry:catalog:*')}`;
    const r = await request(u, { headers: { authorization: auth } });
    assert.equal(r.statusCode, 200);
    const body = await r.body.json() as { token: string; access_token: string; expires_in: number };
    assert.equal(body.token, body.access_token);
    assert.equal(body.expires_in, 300);
    const [h, c, s] = body.token.split('.') as [string, string, string];
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg: string; x5c: string[] };
    assert.equal(header.alg, 'RS256');
    const cert = new X509Certificate(Buffer.from(header.x5c[0] as string, 'base64'));
    assert.ok(verify('sha256', Buffer.from(`${h}.${c}`), cert.publicKey, Buffer.from(s, 'base64url')));
    const claims = JSON.parse(Buffer.from(c, 'base64url').toString()) as Record<string, unknown>;
    assert.equal(claims.iss, 'iss');
    assert.equal(claims.aud, 'svc');
    assert.equal(claims.sub, 'u');
    for (const k of ['exp', 'nbf', 'iat', 'jti']) assert.ok(claims[k], k);
    assert.deepEqual(claims.access, [
      { type: 'repository', name: 'a/b', actions: ['pull', 'push'] },
      { type: 'registry', name: 'catalog', actions: ['*'] },
    ]);

    const bad = await request(u, { headers: { authorization: `Basic ${Buffer.from('u:x').toString('base64')}` } });
    await bad.body.dump();
    assert.equal(bad.statusCode, 401);
    const anon = await request(u);
    const anonClaims = JSON.parse(Buffer.from(((await anon.body.json()) as { token: string }).token.split('.')[1] as string, 'base64url').toString()) as { access: unknown[] };
    assert.deepEqual(anonClaims.access, []);
    assert.equal(ts.requests(), 3);
  } finally {
    await ts.close();
  }
});
