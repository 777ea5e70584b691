// The layering lint fails on each rule it states (a lint that never fails proves nothing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const lint = join(__dirname, '..', '..', '..', 'scripts', 'lint.mjs');
// The plain-Node folders, as the lint itself lists them (one home: scripts/lint.mjs `plainNode`).
const layers = JSON.parse(/const plainNode = (\[[^\]]*\])/.exec(readFileSync(lint, 'utf8'))![1].replace(/'/g, '"')) as string[];

function runOn(files: Record<string, string>): { status: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'regx-lint-'));
  try {
    for (const l of layers) mkdirSync(join(dir, l), { recursive: true });
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), text);
    }
    const r = spawnSync(process.execPath, [lint], { env: { ...process.env, REGX_LINT_ROOT: dir }, encoding: 'utf8' });
    return { status: r.status, out: r.stdout + r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a clean tree passes', () => {
  const r = runOn({ 'src/registry/a.ts': "import { b } from './b';\n", 'src/registry/b.ts': 'export const b = 1;\n', 'src/cli/c.ts': "import { b } from '../registry/b';\n" });
  assert.equal(r.status, 0, r.out);
});

for (const layer of layers) {
  test(`'vscode' in ${layer} fails`, () => {
    const r = runOn({ [`${layer}/deep/x.ts`]: "import * as vscode from 'vscode';\n" });
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, new RegExp(`${layer}/deep/x\\.ts: imports 'vscode'`));
  });
}

test('the client importing from outside itself fails', () => {
  const r = runOn({ 'src/registry/x.ts': "import { printable } from '../cli/printable';\n" });
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /src\/registry\/x\.ts: imports \.\.\/cli\/printable from outside src\/registry/);
});

test('a layer folder that is gone fails (the rule must not pass silently)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'regx-lint-'));
  try {
    const r = spawnSync(process.execPath, [lint], { env: { ...process.env, REGX_LINT_ROOT: dir }, encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /src\/registry: missing/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
