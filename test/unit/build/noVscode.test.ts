// src/build is plain Node: the integration tests and the CLI use it without an editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

test("src/build never imports 'vscode'", () => {
  const dir = join(__dirname, '../../../src/build');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length >= 10);
  const bad = files.filter((f) => /from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\)/.test(readFileSync(join(dir, f), 'utf8')));
  assert.deepEqual(bad, []);
});
