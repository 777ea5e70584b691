// Project lint rules that a generic linter does not know: the layering.
//   - The plain-Node layers never import `vscode`: the protocol client (src/registry), the backends per
//     registry kind (src/backends), the scan model (src/scan), image builds and pushes (src/imageBuild) and the CLI (src/cli). They run in the CLI, in tests
//     without an editor, and in the extension host alike.
//   - The protocol client imports nothing of the project outside itself: every other layer builds on it,
//     never the other way round (go-containerregistry's `remote` knows nothing of its callers either).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// REGX_LINT_ROOT: another tree to check (the lint's own test).
const root = process.env.REGX_LINT_ROOT || new URL('..', import.meta.url).pathname;
const plainNode = ['src/registry', 'src/backends', 'src/scan', 'src/imageBuild', 'src/cli', 'src/retention', 'src/signing', 'src/sbom'];
const selfContained = ['src/registry'];
const importsVscode = /(from\s+['"]vscode['"])|(require\(\s*['"]vscode['"]\s*\))|(import\s*\(\s*['"]vscode['"]\s*\))/;
const relativeImport = /(?:from\s+|import\s*\(\s*|require\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
const problems = [];

function files(dir) {
  const out = [];
  let entries;
  try { entries = readdirSync(join(root, dir)); } catch { problems.push(`${dir}: missing (the lint names it; update scripts/lint.mjs)`); return out; }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(join(root, p)).isDirectory()) out.push(...files(p));
    else if (/\.(ts|mts|cts|js|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

for (const dir of plainNode) {
  for (const f of files(dir)) if (importsVscode.test(readFileSync(join(root, f), 'utf8'))) problems.push(`${f}: imports 'vscode' (${dir} runs in plain Node)`);
}
for (const dir of selfContained) {
  for (const f of files(dir)) {
    for (const m of readFileSync(join(root, f), 'utf8').matchAll(relativeImport)) {
      const target = relative(root, resolve(root, dirname(f), m[1]));
      if (!target.startsWith(`${dir}/`) && target !== dir) problems.push(`${f}: imports ${m[1]} from outside ${dir} (the client depends on nothing of the project)`);
    }
  }
}
if (problems.length) {
  console.error(`lint: layering problems:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`lint: ok (${plainNode.join(', ')} free of 'vscode'; ${selfContained.join(', ')} imports nothing outside itself)`);
