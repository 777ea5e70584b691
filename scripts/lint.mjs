// Project lint rules that a generic linter does not know:
// the shared client, the scan model and the CLI run in plain Node and must never import `vscode`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['src/registry', 'src/scan', 'src/cli'];
const importsVscode = /(from\s+['"]vscode['"])|(require\(\s*['"]vscode['"]\s*\))|(import\s*\(\s*['"]vscode['"]\s*\))/;
const problems = [];

function walk(dir) {
  let entries;
  try { entries = readdirSync(dir); } catch { return; }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(ts|mts|cts|js|mjs)$/.test(name) && importsVscode.test(readFileSync(p, 'utf8'))) problems.push(p);
  }
}
roots.forEach(walk);
if (problems.length) {
  console.error(`lint: these files import 'vscode' but must run in plain Node:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`lint: ok (${roots.join(', ')} free of 'vscode')`);
