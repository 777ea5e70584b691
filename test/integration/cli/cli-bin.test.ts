// dist/regx, the package's bin, as users run it: a POSIX sh launcher that starts the CLI from its V8 start-up
// snapshot when `node` on PATH is the Node that built it, and from dist/cli.js (V8 code cache) otherwise, and
// that hands NODE_EXTRA_CA_CERTS to the client instead of letting Node 20 parse it at start-up. Checked as
// facts (which path ran, exit codes, request counts, which CAs are trusted), never as timings.
// Needs the build (node esbuild.mjs), as cli-launcher.test.ts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startRegistry, type TestRegistry } from '../../support/registry';
import { fetchManifest, pushImage } from '../../support/seed';

const root = join(__dirname, '../../..');
const bin = join(root, 'dist/regx');
const snapshots = existsSync(join(root, 'dist')) ? readdirSync(join(root, 'dist')).filter((f) => f.startsWith('snapshot-')) : [];
let plain: TestRegistry;
let tls: TestRegistry;
let basic: TestRegistry;
let dir: string;

before(async () => {
  assert.ok(existsSync(bin), 'dist/regx is built (node esbuild.mjs)');
  [plain, tls, basic] = await Promise.all([startRegistry('plain'), startRegistry('tls'), startRegistry('basic')]);
  await pushImage(plain, 'b/app', '1');
  await pushImage(tls, 'b/app', '1');
  await pushImage(basic, 'b/app', '1');
  dir = mkdtempSync(join(tmpdir(), 'regx-bin-'));
});
after(async () => {
  await Promise.all([plain?.stop(), tls?.stop(), basic?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Run { code: number; stdout: string; stderr: string; trace: string }

/** Runs `file args…` through `sh -x` (the trace shows how the launcher started Node), this Node first on PATH. */
function regx(args: string[], env: Record<string, string | undefined> = {}, file = bin, stdin = ''): Run {
  const e: Record<string, string> = {};
  const all = { PATH: `${dirname(process.execPath)}:${process.env.PATH}`, HOME: process.env.HOME, REGX_CACHE_DIR: join(dir, 'cache'), DOCKER_CONFIG: join(dir, 'docker'), ...env };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) e[k] = v;
  const r = spawnSync('sh', ['-x', file, ...args], { env: e, encoding: 'utf8', input: stdin, timeout: 60_000 });
  const trace = r.stderr.split('\n').filter((l) => l.startsWith('+')).join('\n');
  const stderr = r.stderr.split('\n').filter((l) => !l.startsWith('+')).join('\n');
  return { code: r.status ?? -1, stdout: r.stdout, stderr, trace };
}
const usedSnapshot = (r: Run) => /^\+ exec \S+ (--\S+ )*--snapshot-blob \S+cli\.blob -- /m.test(r.trace);
const usedCodeCache = (r: Run) => /^\+ exec \S+ (--\S+ )*\S*\/cli\.js/m.test(r.trace);
const execLine = (r: Run) => r.trace.split('\n').find((l) => /^\+ exec /.test(l)) ?? '';

test('the build made a snapshot for this Node, and dist/regx starts from it', { skip: snapshots.length === 0 && 'this Node cannot build a snapshot' }, () => {
  const r = regx(['--version']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(usedSnapshot(r), r.trace);
  assert.notEqual(r.stdout.trim(), process.version, 'the CLI prints its version, not Node\'s: options go to the CLI');
  assert.match(r.stdout, /^\S+\n$/);
});

test('arguments reach the CLI unchanged, options and shell characters included (snapshot and code-cache paths)', () => {
  for (const env of [{}, { REGX_NO_SNAPSHOT: '1' }]) {
    const weird = 'x y $(touch pwned) `id` "q" \'s\' *';
    const r = regx([weird], env);
    assert.equal(r.code, 2, r.stderr);
    assert.ok(r.stderr.includes(`unknown command ${JSON.stringify(weird)}`), r.stderr);
    assert.ok(!existsSync(join(process.cwd(), 'pwned')));
    const help = regx(['--help'], env);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^regx: browse/);
    const dash = regx(['--', '--version'], env);
    assert.equal(dash.code, 2, 'a literal "--" is the CLI\'s argument too');
  }
});

test('plain HTTP: retag in 2 requests from the snapshot, as from dist/cli.js', async () => {
  for (const [i, env] of [{}, { REGX_NO_SNAPSHOT: '1' }].entries()) {
    const cache = join(dir, `rt-${i}`);
    const first = regx(['tags', `${plain.registry}/b/app`], { REGX_CACHE_DIR: cache });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout.split('\n')[0], '1');
    const r = regx(['tag', `${plain.registry}/b/app:1`, `two-${i}`, '--verbose'], { ...env, REGX_CACHE_DIR: cache });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(i === 0 ? usedSnapshot(r) || snapshots.length === 0 : usedCodeCache(r), true, r.trace);
    assert.match(r.stderr, /regx: 2 request\(s\)/);
    assert.equal((await fetchManifest(plain, 'b/app', `two-${i}`)).digest, (await fetchManifest(plain, 'b/app', '1')).digest);
  }
});

test('npm links bins as symlinks: an absolute and a relative link both find dist/', () => {
  const links = join(dir, 'links');
  mkdirSync(join(links, 'sub'), { recursive: true });
  symlinkSync(bin, join(links, 'abs'));
  symlinkSync(join('..', 'abs'), join(links, 'sub', 'rel'));
  for (const f of [join(links, 'abs'), join(links, 'sub', 'rel')]) {
    const r = regx(['--version'], {}, f);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.trace.includes(join(root, 'dist')), r.trace);
  }
});

test('dist/regx starts dist/cli.js when the snapshot is of another Node binary or an older build, or NODE_OPTIONS is set', { skip: snapshots.length === 0 && 'this Node cannot build a snapshot' }, () => {
  // Copies of dist/ (timestamps kept): as built, then with the Node stamp changed, then with the CLI rebuilt.
  const copy = (name: string) => {
    const to = join(dir, name);
    mkdirSync(to);
    for (const f of ['regx', 'cli.js', 'cli-main.js', 'cli-snapshot.js']) cpSync(join(root, 'dist', f), join(to, f), { preserveTimestamps: true });
    for (const s of snapshots) cpSync(join(root, 'dist', s), join(to, s), { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    return to;
  };
  const same = copy('dist-same');
  assert.ok(usedSnapshot(regx(['--version'], {}, join(same, 'regx'))), 'a faithful copy still uses its snapshot');
  const otherNode = copy('dist-other-node');
  for (const s of snapshots) utimesSync(join(otherNode, s, 'node.stamp'), new Date(0), new Date(0));
  const rebuilt = copy('dist-rebuilt');
  utimesSync(join(rebuilt, 'cli-snapshot.js'), new Date(), new Date(Date.now() + 5000));
  for (const d of [otherNode, rebuilt]) {
    const r = regx(['--version'], {}, join(d, 'regx'));
    assert.equal(r.code, 0, r.stderr);
    assert.ok(usedCodeCache(r), r.trace);
  }
  const opts = regx(['--version'], { NODE_OPTIONS: '--no-warnings' });
  assert.equal(opts.code, 0, opts.stderr);
  assert.ok(usedCodeCache(opts), opts.trace);
  assert.equal(opts.stdout, regx(['--version']).stdout);
});

test('NODE_EXTRA_CA_CERTS: not parsed by Node at start-up, and a registry whose CA is only there still verifies', () => {
  for (const env of [{}, { REGX_NO_SNAPSHOT: '1' }]) {
    const ok = regx(['tags', `${tls.registry}/b/app`], { ...env, NODE_EXTRA_CA_CERTS: tls.caFile });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, '1\n');
    assert.ok(/unset NODE_EXTRA_CA_CERTS/.test(ok.trace) && !/NODE_EXTRA_CA_CERTS=\S/.test(execLine(ok)), ok.trace);
    // Other CAs only (the system bundle, or none at all): not trusted, exactly as before.
    const bundle = ['/etc/ssl/certs/ca-certificates.crt'].find((f) => existsSync(f));
    for (const extra of [bundle, undefined]) {
      const bad = regx(['tags', `${tls.registry}/b/app`], { ...env, NODE_EXTRA_CA_CERTS: extra });
      assert.equal(bad.code, 1, bad.stderr);
      assert.match(bad.stderr, /not trusted/);
    }
    // An unreadable file: Node's behaviour (a warning, the default roots).
    const missing = regx(['tags', `${tls.registry}/b/app`], { ...env, NODE_EXTRA_CA_CERTS: join(dir, 'no-such.pem') });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Ignoring extra certs from/);
  }
});

test('NODE_EXTRA_CA_CERTS is left to Node when NODE_OPTIONS picks a CA store, and given back to child processes', () => {
  const r = regx(['tags', `${tls.registry}/b/app`], { NODE_EXTRA_CA_CERTS: tls.caFile, NODE_OPTIONS: '--use-bundled-ca' });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!/unset NODE_EXTRA_CA_CERTS/.test(r.trace), r.trace);
  // A credential helper (asked after the registry's 401) sees the variable as the user set it.
  const helperDir = join(dir, 'helper');
  mkdirSync(helperDir, { recursive: true });
  const seen = join(helperDir, 'seen');
  writeFileSync(join(helperDir, 'docker-credential-probe'), `#!/bin/sh\nprintf '%s' "$NODE_EXTRA_CA_CERTS" > '${seen}'\necho '{"Username":"${basic.username}","Secret":"${basic.password}"}'\n`, { mode: 0o755 });
  const docker = join(dir, 'docker-helper');
  mkdirSync(docker, { recursive: true });
  writeFileSync(join(docker, 'config.json'), JSON.stringify({ credHelpers: { [basic.registry]: 'probe' } }));
  const h = regx(['tags', `${basic.registry}/b/app`], { NODE_EXTRA_CA_CERTS: tls.caFile, DOCKER_CONFIG: docker, PATH: `${helperDir}:${dirname(process.execPath)}:${process.env.PATH}` });
  assert.equal(h.code, 0, h.stderr);
  assert.equal(h.stdout, '1\n');
  assert.equal(readFileSync(seen, 'utf8'), tls.caFile);
});

test('installed as a package (npm pack, npm install -g --prefix): regx --version and regx tags work through the linked bin', () => {
  const pack = join(dir, 'pack');
  mkdirSync(pack, { recursive: true });
  const npmEnv = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  const p = spawnSync('npm', ['pack', '--pack-destination', pack], { cwd: root, env: npmEnv, encoding: 'utf8', timeout: 120_000 });
  assert.equal(p.status, 0, p.stderr);
  const tgz = readdirSync(pack).find((f) => f.endsWith('.tgz'));
  assert.ok(tgz, p.stdout);
  const list = spawnSync('tar', ['-tzf', join(pack, tgz)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).sort();
  assert.deepEqual(list.filter((f) => f.startsWith('package/dist/')), ['package/dist/cli-main.js', 'package/dist/cli.js', 'package/dist/regx']);
  const prefix = join(dir, 'prefix');
  // The CLI is one bundle; the install still resolves the package's declared dependency (from npm's cache when it has it).
  const i = spawnSync('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', join(pack, tgz)], { env: npmEnv, encoding: 'utf8', timeout: 300_000 });
  assert.equal(i.status, 0, i.stderr);
  const linked = join(prefix, 'bin', 'regx');
  const v = regx(['--version'], {}, linked);
  assert.equal(v.code, 0, v.stderr);
  assert.match(v.stdout, /^\S+\n$/);
  assert.ok(usedCodeCache(v), `no snapshot ships in the package: ${v.trace}`);
  const t = regx(['tags', `${plain.registry}/b/app`], {}, linked);
  assert.equal(t.code, 0, t.stderr);
  assert.equal(t.stdout.split('\n')[0], '1');
});
