// Every label the webviews use has its English text in WEBVIEW_MESSAGES and a Simplified Chinese entry in
// l10n/bundle.l10n.zh-cn.json (the table the extension sends is built from both), with the same placeholders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatMessage, readStrings, WEBVIEW_MESSAGES } from '../../../src/webview/strings';

const root = join(__dirname, '../../..');
const zh = JSON.parse(readFileSync(join(root, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const placeholders = (s: string) => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : n.endsWith('.ts') ? [p] : [];
  });
}

test('every webview label has a Chinese translation with the same placeholders', () => {
  const missing = WEBVIEW_MESSAGES.filter((m) => typeof zh[m] !== 'string' || zh[m].trim() === '');
  assert.deepEqual(missing, []);
  for (const m of WEBVIEW_MESSAGES) assert.deepEqual(placeholders(zh[m]), placeholders(m), m);
  assert.equal(new Set(WEBVIEW_MESSAGES).size, WEBVIEW_MESSAGES.length, 'a label is listed twice');
});

test('every t("…") in the webview bundles names a listed label, and every listed label is used', () => {
  const known = new Set<string>(WEBVIEW_MESSAGES);
  const used = new Set<string>();
  for (const file of sources(join(root, 'src/webview-ui'))) {
    // Without comments (their apostrophes would pair up with the quotes of strings).
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/ \/\/ .*$/gm, '');
    // t('…') calls, and labels kept in tables typed WebviewMessage (quoted strings that are labels).
    for (const m of text.matchAll(/\bt\(\s*'((?:[^'\\]|\\.)*)'/g)) {
      assert.ok(known.has(m[1]), `${file}: t('${m[1]}') is not in WEBVIEW_MESSAGES`);
      used.add(m[1]);
    }
    for (const m of text.matchAll(/'((?:[^'\\]|\\.)*)'/g)) if (known.has(m[1])) used.add(m[1]);
  }
  // Severity names are looked up as t(f.severity).
  for (const s of ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN']) used.add(s);
  assert.deepEqual(WEBVIEW_MESSAGES.filter((m) => !used.has(m)), [], 'listed but never used');
});

test('formatMessage and readStrings', () => {
  assert.equal(formatMessage('{0} of {1} findings match', [3, 7]), '3 of 7 findings match');
  assert.equal(formatMessage('{0} fixable', []), '{0} fixable');
  assert.equal(formatMessage('{0}', ['<b>{1}</b>', 'x']), '<b>{1}</b>', 'an argument is not formatted again');
  assert.deepEqual(readStrings({ Package: '软件包', bogus: 'x', Version: 3 }), { Package: '软件包' });
  assert.deepEqual(readStrings('nope'), {});
});
