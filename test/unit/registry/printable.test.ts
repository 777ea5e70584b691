import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printable } from '../../../src/registry/printable';

test('printable escapes C0, DEL, C1 and bidi controls as \\uXXXX, and nothing else', () => {
  assert.equal(printable('x\u001b]0;pwned\u0007y'), 'x\\u001b]0;pwned\\u0007y');
  assert.equal(printable('\u001b[2J'), '\\u001b[2J');
  assert.equal(printable('a\rb\nc\td'), 'a\\u000db\\u000ac\\u0009d');
  assert.equal(printable('del\u007f c1\u009b31m'), 'del\\u007f c1\\u009b31m');
  for (const c of ['\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u2028', '\u2029']) {
    assert.equal(printable(`a${c}b`), `a\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}b`);
  }
  // Ordinary text, including non-ASCII letters, emoji and the zero-width joiner of emoji sequences, is left alone.
  for (const ok of ['registry.example.com:5000/team/app:1.0-rc.1', 'café 日本語 עברית', '👩‍💻', 'a\\u001bb']) assert.equal(printable(ok), ok);
});

test('printable with keep leaves the caller\'s own line breaks; escaped JSON parses back to the same value', () => {
  assert.equal(printable('a\nb\u001b', '\n'), 'a\nb\\u001b');
  const value = { tags: ['x\u001b]0;t\u0007', 'r\u202eexe', 'c1\u009b', 'del\u007f', 'sep\u2028'] };
  for (const text of [JSON.stringify(value), JSON.stringify(value, null, 2)]) {
    const shown = printable(text, '\n');
    assert.deepEqual(JSON.parse(shown), value);
    assert.doesNotMatch(shown.replace(/\n/g, ''), /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028]/);
  }
});
