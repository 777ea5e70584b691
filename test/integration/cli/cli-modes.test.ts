// The CLI against the real registry in each of the four modes: every command, its exit codes,
// credentials from stdin/env/Docker config (never argv), and the request budgets that matter.
// main() runs in-process here (Node start-up ×60 is too slow on 2 busy cores); cli-bundle.test.ts runs
// the built bundle as a separate process.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type RegistryMode, type TestRegistry } from '../../support/registry';
import { blobExists, fetchManifest, listTags, pushImage, pushIndex, tagImage } from '../../support/seed';
import { runCliInProcess as runCli, type CliResult } from '../../support/cli';

const DAY = 86_400_000;

for (const mode of ['plain', 'basic', 'tls', 'token'] as const satisfies readonly RegistryMode[]) {
  describe(`regx CLI against the ${mode} registry`, () => {
    let reg: TestRegistry;
    let dir: string;
    let env: NodeJS.ProcessEnv;
    let conn: string[];
    /** Runs the CLI with this mode's connection options and credentials (from the environment). */
    const regx = (args: string[], verbose = false): Promise<CliResult> => runCli([...args, ...conn], { env, verbose });

    before(async () => {
      reg = await startRegistry(mode);
      dir = mkdtempSync(join(tmpdir(), 'regx-cli-test-'));
      env = { REGX_CACHE_DIR: join(dir, 'cache'), DOCKER_CONFIG: join(dir, 'docker') };
      if (reg.password) Object.assign(env, { REGX_USERNAME: reg.username, REGX_PASSWORD: reg.password });
      conn = mode === 'tls' ? ['--ca-file', reg.caFile as string] : [];
      const now = Date.now();
      await pushImage(reg, 'app/web', '1.0', { created: new Date(now - 30 * DAY) });
      await pushImage(reg, 'app/web', '1.1', { created: new Date(now - 20 * DAY) });
      await pushImage(reg, 'app/web', '2.0', { created: new Date(now - 1 * DAY), layers: 2 });
      await tagImage(reg, 'app/web', '2.0', 'latest');
      await pushIndex(reg, 'app/multi', 'v1', ['linux/amd64', 'linux/arm64/v8'], { created: '2024-03-01T00:00:00Z' });
    });
    after(async () => {
      await reg?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test('ls lists repositories; tags lists tags', async () => {
      const ls = await regx(['ls', reg.registry]);
      assert.equal(ls.code, 0, ls.stderr);
      assert.deepEqual(ls.stdout.trim().split('\n'), ['app/multi', 'app/web']);
      const tags = await regx(['tags', `${reg.registry}/app/web`]);
      assert.equal(tags.code, 0, tags.stderr);
      assert.equal(tags.stdout, '1.0\n1.1\n2.0\nlatest\n');
      const json = await regx(['tags', `${reg.registry}/app/web`, '--json']);
      assert.deepEqual((JSON.parse(json.stdout) as string[]).sort(), ['1.0', '1.1', '2.0', 'latest']);
    });

    test('inspect shows digest, type, size, created and platforms', async () => {
      const want = await fetchManifest(reg, 'app/multi', 'v1');
      const r = await regx(['inspect', `${reg.registry}/app/multi:v1`, '--json']);
      assert.equal(r.code, 0, r.stderr);
      const j = JSON.parse(r.stdout) as { digest: string; mediaType: string; created: string; platforms: string[]; size: number };
      assert.equal(j.digest, want.digest);
      assert.equal(j.mediaType, 'application/vnd.oci.image.index.v1+json');
      assert.equal(j.created, '2024-03-01T00:00:00Z');
      assert.deepEqual(j.platforms, ['linux/amd64', 'linux/arm64/v8']);
      assert.ok(j.size > want.bytes.length);
      const text = await regx(['inspect', `${reg.registry}/app/web:1.0`]);
      assert.match(text.stdout, /^name: 127\.0\.0\.1:\d+\/app\/web:1\.0\ndigest: sha256:[0-9a-f]{64}\nmediaType: application\/vnd\.oci\.image\.manifest\.v1\+json\nsize: \d+\ncreated: \S+\nplatforms: linux\/amd64\n$/);
    });

    test('tag is one manifest GET and one PUT', async () => {
      await regx(['tags', `${reg.registry}/app/web`]); // warms the challenge cache, as any earlier run would
      const r = await regx(['tag', `${reg.registry}/app/web:1.0`, 'stable'], true);
      assert.equal(r.code, 0, r.stderr);
      const digest = (await fetchManifest(reg, 'app/web', '1.0')).digest;
      assert.equal(r.stdout.trim(), `${reg.registry}/app/web:stable@${digest}`);
      const registryCalls = r.lines.filter((l) => l.includes('/v2/'));
      assert.deepEqual(registryCalls.map((l) => l.split(' ')[1]), ['GET', 'PUT'], r.stderr);
      assert.ok(r.requests <= 3, `at most one token request besides: ${r.stderr}`);
      assert.equal((await fetchManifest(reg, 'app/web', 'stable')).digest, digest);
    });

    test('cp within the registry mounts blobs (no blob bytes move) and keeps the digest', async () => {
      const r = await regx(['cp', `${reg.registry}/app/multi:v1`, `${reg.registry}/copies/multi`], true);
      assert.equal(r.code, 0, r.stderr);
      const src = await fetchManifest(reg, 'app/multi', 'v1');
      assert.equal(r.stdout.trim(), `${reg.registry}/copies/multi:v1@${src.digest}`);
      assert.equal((await fetchManifest(reg, 'copies/multi', 'v1')).digest, src.digest);
      assert.ok(!r.lines.some((l) => /\/blobs\/sha256:/.test(l) && / (GET|PUT) /.test(l)), `no blob GET/PUT: ${r.stderr}`);
      assert.ok(r.lines.some((l) => /POST .*mount=/.test(l)));
      const layer = (JSON.parse((await fetchManifest(reg, 'copies/multi', (JSON.parse(src.bytes.toString()) as { manifests: Array<{ digest: string }> }).manifests[0]?.digest as string)).bytes.toString()) as { layers: Array<{ digest: string }> }).layers[0]?.digest as string;
      assert.ok(await blobExists(reg, 'copies/multi', layer));
    });

    test('rm refuses to take sibling tags unless --with-siblings', async () => {
      const refused = await regx(['rm', `${reg.registry}/app/web:2.0`]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /refusing to delete .*app\/web:2\.0: it would also remove 1 other tag\(s\).*\(latest\)/);
      assert.deepEqual((await listTags(reg, 'app/web')).sort(), ['1.0', '1.1', '2.0', 'latest', 'stable']);
      const dry = await regx(['rm', `${reg.registry}/app/web:2.0`, '--dry-run', '--json']);
      assert.equal(dry.code, 0, dry.stderr);
      assert.deepEqual((JSON.parse(dry.stdout) as { removes: string[] }).removes, [`${reg.registry}/app/web:2.0`, `${reg.registry}/app/web:latest`]);
      const ok = await regx(['rm', `${reg.registry}/app/web:2.0`, '--with-siblings']);
      assert.equal(ok.code, 0, ok.stderr);
      assert.equal(ok.stdout, `deleted ${reg.registry}/app/web:2.0\ndeleted ${reg.registry}/app/web:latest\n`);
      assert.deepEqual((await listTags(reg, 'app/web')).sort(), ['1.0', '1.1', 'stable']);
    });

    test('prune is a dry run until --yes and never deletes a digest a kept tag shares', async () => {
      // 1.0 (30 days) shares its digest with `stable` (tagged above); 1.1 is 20 days old.
      const dry = await regx(['prune', `${reg.registry}/app/web`, '--keep-last', '0', '--protect', '^stable$']);
      assert.equal(dry.code, 0, dry.stderr);
      const rows = dry.stdout.trim().split('\n').map((l) => l.split('\t'));
      assert.deepEqual(rows.map((r) => [r[0], r[3]]), [['delete', '1.1'], ['keep', '1.0,stable']]);
      assert.match(dry.stderr, /1 of 2 image\(s\) \(1 tag\(s\)\).*would be deleted; dry run/);
      assert.deepEqual((await listTags(reg, 'app/web')).sort(), ['1.0', '1.1', 'stable'], 'dry run deleted nothing');
      const real = await regx(['prune', `${reg.registry}/app/web`, '--keep-last', '0', '--protect', '^stable$', '--yes']);
      assert.equal(real.code, 0, real.stderr);
      assert.deepEqual((await listTags(reg, 'app/web')).sort(), ['1.0', 'stable']);
      const usage = await regx(['prune', `${reg.registry}/app/web`]);
      assert.equal(usage.code, 2);
    });

    test('exit codes: 3 not found, 2 usage, and one-line errors', async () => {
      const nf = await regx(['inspect', `${reg.registry}/app/web:nope`]);
      assert.equal(nf.code, 3);
      assert.equal(nf.stderr.trim().split('\n').length, 1);
      assert.match(nf.stderr, /^regx: .*not found/);
      const bad = await regx(['inspect', `${reg.registry}/App/Web:1`]);
      assert.equal(bad.code, 2);
      const unknown = await regx(['tags', `${reg.registry}/app/web`, '--frobnicate']);
      assert.equal(unknown.code, 2);
    });

    if (mode === 'tls') {
      test('an untrusted certificate fails with advice; --insecure or --ca-file make it work', async () => {
        const untrusted = await runCli(['tags', `${reg.registry}/app/multi`], { env });
        assert.equal(untrusted.code, 1);
        assert.match(untrusted.stderr, /^regx: the TLS certificate of .* is not trusted .*\(regx: --ca-file PATH, or --insecure\)\n$/);
        const insecure = await runCli(['tags', `${reg.registry}/app/multi`, '--insecure'], { env });
        assert.equal(insecure.code, 0, insecure.stderr);
        assert.equal(insecure.stdout, 'v1\n');
      });
    }

    if (mode === 'basic' || mode === 'token') {
      test('credentials from stdin or a Docker config.json; wrong ones exit 4', async () => {
        const noEnv = { REGX_CACHE_DIR: join(dir, 'cache2'), DOCKER_CONFIG: join(dir, 'none') };
        const anon = await runCli(['tags', `${reg.registry}/app/web`], { env: noEnv });
        assert.equal(anon.code, 4, anon.stderr);
        const stdin = await runCli(['tags', `${reg.registry}/app/web`, '--creds-stdin'], { env: noEnv, stdin: `${reg.username}:${reg.password}\n` });
        assert.equal(stdin.code, 0, stdin.stderr);
        const pw = await runCli(['tags', `${reg.registry}/app/web`, '--username', reg.username as string, '--password-stdin'], { env: noEnv, stdin: `${reg.password}\n` });
        assert.equal(pw.code, 0, pw.stderr);
        const cfgDir = join(dir, 'dockercfg');
        rmSync(cfgDir, { recursive: true, force: true });
        mkdirSync(cfgDir);
        writeFileSync(join(cfgDir, 'config.json'), JSON.stringify({ auths: { [reg.registry]: { auth: Buffer.from(`${reg.username}:${reg.password}`).toString('base64') } } }));
        const cfg = await runCli(['tags', `${reg.registry}/app/web`], { env: { ...noEnv, DOCKER_CONFIG: cfgDir } });
        assert.equal(cfg.code, 0, cfg.stderr);
        const wrong = await runCli(['tags', `${reg.registry}/app/web`, '--creds-stdin'], { env: noEnv, stdin: `${reg.username}:wrong` });
        assert.equal(wrong.code, 4, wrong.stderr);
        assert.ok(!wrong.stderr.includes('wrong') && !wrong.stderr.includes(reg.password as string), 'no secret in the error');
      });
    }
  });
}
