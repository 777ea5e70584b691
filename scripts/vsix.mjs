// The one way this project packages the extension (.vsix), offline, from the current dist/ (build first):
// `npm run package`, `npm start`, the e2e tests and the activation bench all call packageVsix().
// What ships is what .vscodeignore lets through. The README's screenshots ship too (docs/screenshots), and its
// relative links stay relative (--no-rewrite-relative-links): the extension has no public repository for vsce to
// point them at, and VS Code resolves them inside the installed extension.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);

/** Packages into `vsix` (a file path); throws with vsce's output when it fails. */
export function packageVsix(vsix, opts = {}) {
  mkdirSync(dirname(vsix), { recursive: true });
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '--no-rewrite-relative-links', '-o', vsix],
    { cwd: root, encoding: 'utf8', timeout: opts.timeoutMs ?? 120_000 });
  if (r.status !== 0 || !existsSync(vsix)) throw new Error(`vsce package failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  return vsix;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(`packaged ${packageVsix(resolve(process.argv[2] ?? join(root, 'dist', 'registry-explorer.vsix')))}`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
