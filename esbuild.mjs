// One build for everything that ships: the extension (Node, CJS, `vscode` external),
// the CLI (Node, CJS: a small launcher with a shebang and the bundle it starts) and the report webview (browser, ESM).
// `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildSnapshot } from './scripts/build-snapshot.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// undici's HTTP/1 client loads its HTTP/2 client, and with it `node:http2`, when it is first required, even
// though HTTP/2 is only used when `allowH2` is set (this client never sets it). Every CLI process and every
// activation would pay for it: hand undici a stub that loads the real module on its first HTTP/2 connection.
// esbuild initializes a bundled CommonJS module at its first require() call, so the stub's require is lazy.
const lazyUndiciH2 = {
  name: 'lazy-undici-h2',
  setup(build) {
    build.onResolve({ filter: /^\.\/client-h2\.js$/ }, (args) =>
      /[\\/]undici[\\/]lib[\\/]dispatcher$/.test(dirname(args.importer))
        ? { path: join(dirname(args.importer), 'client-h2.js'), namespace: 'lazy-undici-h2' }
        : undefined);
    build.onLoad({ filter: /.*/, namespace: 'lazy-undici-h2' }, (args) => ({
      contents: `module.exports = function connectH2(...args) { return require(${JSON.stringify(args.path)})(...args); };`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

// undici's core requires `node:http` for two things: an `instanceof`-style check for Node's own IncomingMessage
// bodies (never given to it by this client) and `http.maxHeaderSize` (read when a Client is created). Node 20
// cannot put `node:http` into a user-land start-up snapshot (its parser binding holds native state), so the
// snapshot build of the CLI gets this stand-in: no IncomingMessage can match it, and maxHeaderSize is Node's,
// read from the real module at run time (the 16 KiB default only while the snapshot is being built, where the
// value is only tested for being a positive integer).
const snapshotSafeHttp = {
  name: 'snapshot-safe-http',
  setup(build) {
    build.onResolve({ filter: /^node:http$/ }, (args) =>
      /[\\/]undici[\\/]/.test(args.importer) ? { path: 'node:http', namespace: 'snapshot-safe-http' } : undefined);
    build.onLoad({ filter: /.*/, namespace: 'snapshot-safe-http' }, () => ({
      contents: `const v8 = require('node:v8');
module.exports = {
  IncomingMessage: function IncomingMessageNotInSnapshot() {},
  get maxHeaderSize() { return v8.startupSnapshot.isBuildingSnapshot() ? 16384 : require('node:http').maxHeaderSize; },
};`,
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [lazyUndiciH2],
  },
  {
    // The CLI itself; dist/cli.js (below) starts it through V8's code cache.
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli-main.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [lazyUndiciH2],
  },
  {
    ...common,
    entryPoints: ['src/cli/launcher.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The CLI as a V8 start-up snapshot's entry (scripts/build-snapshot.mjs turns it into dist/snapshot-*/cli.blob).
    ...common,
    entryPoints: ['src/cli/snapshot.ts'],
    outfile: 'dist/cli-snapshot.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: false,
    // The snapshot builder runs this as a plain script: no `module`, and `require.main === module` must be false.
    banner: { js: 'var module = {};' },
    plugins: [lazyUndiciH2, snapshotSafeHttp],
  },
  {
    ...common,
    entryPoints: ['src/webview-ui/report.ts'],
    outfile: 'dist/webview/report.js',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
  },
  // The compare and SBOM pages: the report page's style and DOM helpers, their own small bundles.
  ...['compare', 'sbom'].map((page) => ({
    ...common,
    entryPoints: [`src/webview-ui/${page}.ts`],
    outfile: `dist/webview/${page}.js`,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
  })),
  {
    // The retention preview (Clean Up Repository…).
    ...common,
    entryPoints: ['src/webview-ui/retention.ts'],
    outfile: 'dist/webview/retention.js',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
  },
  {
    ...common,
    entryPoints: ['src/webview-ui/audit.ts'],
    outfile: 'dist/webview/audit.js',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
  },
].filter((b) => b.entryPoints.every((e) => existsSync(e)));

// Snapshots of the previous build (of any Node) would start old code: gone before anything is rebuilt.
for (const f of existsSync('dist') ? readdirSync('dist') : []) if (f.startsWith('snapshot-')) rmSync(join('dist', f), { recursive: true, force: true });

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}

// bin/regx: the `regx` command (a POSIX sh launcher; see src/cli/regx.sh), and the snapshot of the CLI for
// the Node that runs this build (other Nodes: `node scripts/build-snapshot.mjs`, or the code-cache path).
if (existsSync('src/cli/regx.sh')) {
  mkdirSync('dist', { recursive: true });
  copyFileSync('src/cli/regx.sh', 'dist/regx');
  chmodSync('dist/regx', 0o755);
  if (!watch && !process.argv.includes('--no-snapshot')) buildSnapshot(process.execPath);
}
