// Every user-facing string has its Simplified Chinese translation: each key of package.nls.json in
// package.nls.zh-cn.json, each `%key%` of package.json in package.nls.json, and each `vscode.l10n.t(...)` message
// in src/ as a key of l10n/bundle.l10n.zh-cn.json (VS Code looks messages up by their English text).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
const json = (p: string) => JSON.parse(readFileSync(join(root, p), 'utf8')) as Record<string, unknown>;

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((n) => {
    const p = join(dir, n);
    return statSync(join(root, p)).isDirectory() ? sources(p) : /\.tsx?$/.test(n) ? [p] : [];
  });
}

/** The message of every `l10n.t(` call: a string literal first argument, or `{ message: '…' }`. */
export function l10nMessages(code: string): string[] {
  const out: string[] = [];
  const literal = String.raw`'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|\x60((?:[^\x60\\$]|\\.)*)\x60`;
  const call = new RegExp(String.raw`\bl10n\.t\(\s*(?:\{\s*message:\s*)?(?:${literal})`, 'g');
  for (const m of code.matchAll(call)) {
    const raw = m[1] ?? m[2] ?? m[3] ?? '';
    // The literal as JavaScript reads it (escapes such as \" and \n resolved).
    out.push(JSON.parse(`"${raw.replace(/\\'/g, "'").replace(/\\`/g, '`').replace(/"/g, '\\"').replace(/\\\\"/g, '\\"')}"`) as string);
  }
  return out;
}

test('every package.nls.json key has a zh-cn translation (and no stale ones)', () => {
  const en = json('package.nls.json');
  const zh = json('package.nls.zh-cn.json');
  const missing = Object.keys(en).filter((k) => typeof zh[k] !== 'string' || !(zh[k] as string).trim());
  assert.deepEqual(missing, [], `package.nls.zh-cn.json lacks: ${missing.join(', ')}`);
  const stale = Object.keys(zh).filter((k) => !(k in en));
  assert.deepEqual(stale, [], `package.nls.zh-cn.json has keys package.nls.json does not: ${stale.join(', ')}`);
});

test('every %key% in package.json is defined in package.nls.json', () => {
  const en = json('package.nls.json');
  const used = [...readFileSync(join(root, 'package.json'), 'utf8').matchAll(/"%([^%"]+)%"/g)].map((m) => m[1] as string);
  assert.ok(used.length > 20, 'package.json uses nls keys');
  const missing = [...new Set(used)].filter((k) => !(k in en));
  assert.deepEqual(missing, []);
});

test('every vscode.l10n.t message in src has an entry in l10n/bundle.l10n.zh-cn.json', () => {
  const bundle = json('l10n/bundle.l10n.zh-cn.json');
  const found = new Map<string, string>();
  for (const f of sources('src')) for (const m of l10nMessages(readFileSync(join(root, f), 'utf8'))) if (!found.has(m)) found.set(m, f);
  assert.ok(found.size > 50, `found ${found.size} messages`);
  const missing = [...found].filter(([m]) => typeof bundle[m] !== 'string').map(([m, f]) => `${f}: ${JSON.stringify(m)}`);
  assert.deepEqual(missing, [], `untranslated:\n${missing.join('\n')}`);
});

test('the message reader handles quotes, escapes and the object form', () => {
  assert.deepEqual(l10nMessages(`vscode.l10n.t('It\\'s {0}', x); l10n.t("a \\"b\\""); vscode.l10n.t(\`c\`); vscode.l10n.t({ message: 'd', comment: ['e'] })`), ["It's {0}", 'a "b"', 'c', 'd']);
});
