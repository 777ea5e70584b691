// Builds the V8 start-up snapshot of the CLI (dist/cli-snapshot.js, from esbuild.mjs) for one Node binary:
//   dist/snapshot-<version>-<platform>-<arch>/cli.blob    `node --build-snapshot` of the CLI
//                                             node        symlink to the Node binary that built it
//                                             node.stamp  an empty file with that binary's mtime
//                                             entry.stamp an empty file with dist/cli-snapshot.js's mtime
// A blob only loads into the very Node binary (and V8 flags) that built it; anything else makes Node exit
// with 14 before running any code. V8 flags are part of that check: the blob is built with the one flag
// dist/regx passes, --liftoff-only. dist/regx therefore uses a blob only when `node` on PATH is the same
// file (test -ef) with the same mtime, the blob was built from the dist/cli-snapshot.js that is there now
// (same mtime: a rebuild, or `esbuild.mjs --watch`, never leaves a stale blob in use), and NODE_OPTIONS is
// empty; otherwise it starts dist/cli.js.
// Usage: node scripts/build-snapshot.mjs [path/to/node]   (esbuild.mjs calls it for the Node running it)
// Returns/prints the folder, or nothing when this Node cannot build one (the code-cache path remains).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function buildSnapshot(node = process.execPath, { quiet = false } = {}) {
  const entry = join(root, 'dist/cli-snapshot.js');
  if (!existsSync(entry)) { if (!quiet) console.error('build-snapshot: dist/cli-snapshot.js is missing (run node esbuild.mjs)'); return undefined; }
  const id = spawnSync(node, ['-p', '[process.version, process.platform, process.arch].join("-")'], { encoding: 'utf8' });
  if (id.status !== 0) { if (!quiet) console.error(`build-snapshot: cannot run ${node}`); return undefined; }
  const version = id.stdout.trim();
  const [maj, min] = version.slice(1).split('.').map(Number);
  // User-land snapshots with a main function are usable from Node 20.18 on (the `engines` minimum).
  if (maj < 20 || (maj === 20 && min < 18)) { if (!quiet) console.error(`build-snapshot: Node ${version} too old for a user-land snapshot`); return undefined; }
  const dir = join(root, 'dist', `snapshot-${version}`);
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  // No NODE_OPTIONS (V8 flags there would be baked into the blob) and no NODE_EXTRA_CA_CERTS (not needed).
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.NODE_EXTRA_CA_CERTS;
  const r = spawnSync(node, ['--no-warnings', '--liftoff-only', '--snapshot-blob', join(tmp, 'cli.blob'), '--build-snapshot', entry], { encoding: 'utf8', env });
  if (r.status !== 0 || !existsSync(join(tmp, 'cli.blob'))) {
    rmSync(tmp, { recursive: true, force: true });
    if (!quiet) console.error(`build-snapshot: ${node} could not build the CLI snapshot (the CLI uses its code cache instead):\n${(r.stderr || '').slice(-2000)}`);
    return undefined;
  }
  const real = realpathSync(node);
  symlinkSync(real, join(tmp, 'node'));
  // `touch -r` copies the mtime to the nanosecond (fs.utimes would round it, and dist/regx compares exactly).
  for (const [stamp, of] of [['node.stamp', real], ['entry.stamp', entry]]) {
    writeFileSync(join(tmp, stamp), '');
    if (spawnSync('touch', ['-r', of, join(tmp, stamp)]).status !== 0) {
      const st = statSync(of);
      utimesSync(join(tmp, stamp), st.atime, st.mtime);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return dir;
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = buildSnapshot(process.argv[2] ?? process.execPath);
  if (!dir) process.exit(1);
  console.log(dir);
}
