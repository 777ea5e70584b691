// One build for everything that ships: the extension (Node, CJS, `vscode` external),
// the CLI (Node, CJS: a small launcher with a shebang and the bundle it starts) and the report webview (browser, ESM).
// `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
    ...common,
    entryPoints: ['src/webview-ui/report.ts'],
    outfile: 'dist/webview/report.js',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
  },
].filter((b) => b.entryPoints.every((e) => existsSync(e)));

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
