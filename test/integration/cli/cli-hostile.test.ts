// The CLI against servers that are not on our side:
// repository names, tag names and error messages carrying terminal escape sequences (OSC title `ESC ]0;…BEL`,
// `ESC [2J`), carriage returns, C1 controls and bidi overrides: nothing of it reaches stdout or stderr raw;
// --json output stays exact (JSON.parse gives back the server's strings).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliInProcess as runCli } from '../../support/cli';
import { json, startServer, type TestServer } from '../../unit/registry/servers';

/** C0 (but newline), DEL, C1, and the bidi controls of Unicode's UAX #9 (embeddings, overrides, isolates, marks). */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const rawIn = (s: string) => { const m = RAW.exec(s); return m ? `U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${m.index}: ${JSON.stringify(s.slice(Math.max(0, m.index - 20), m.index + 20))}` : undefined; };

const EVIL_TAGS = ['1.0', 'x\u001b]0;pwned\u0007', 'clear\u001b[2J', 'over\rwrite', 'c1\u009b31m', 'txt.\u202eexe', 'iso\u2066late\u2069', 'del\u007f'];
const EVIL_REPOS = ['ok/app', 'evil\u001b]0;title\u0007/app', 'rtl\u202e/app'];
const EVIL_MESSAGE = 'denied \u001b[2J\u001b]0;owned\u0007\r\nregx: fake line \u202e';

let hostile: TestServer;
let dir: string;
let env: NodeJS.ProcessEnv;
before(async () => {
  hostile = await startServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/v2/') return json(res, 200, {});
    if (path === '/v2/_catalog') return json(res, 200, { repositories: EVIL_REPOS });
    if (path === '/v2/h/repo/tags/list') return json(res, 200, { name: 'h/repo', tags: EVIL_TAGS });
    // 403 carries the server's message into the client's error (and is not retried).
    return json(res, 403, { errors: [{ code: 'DENIED', message: EVIL_MESSAGE }] });
  });
  dir = mkdtempSync(join(tmpdir(), 'regx-cli-hostile-'));
  env = { REGX_CACHE_DIR: join(dir, 'cache'), DOCKER_CONFIG: join(dir, 'none') };
});
after(async () => {
  await hostile?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('tags and ls: hostile names are printed escaped, one per line', async () => {
  const tags = await runCli(['tags', `${hostile.host}/h/repo`], { env, verbose: true });
  assert.equal(tags.code, 0, tags.stderr);
  assert.equal(rawIn(tags.stdout), undefined, rawIn(tags.stdout));
  assert.equal(rawIn(tags.stderr), undefined, rawIn(tags.stderr));
  const lines = tags.stdout.split('\n').filter(Boolean);
  assert.equal(lines.length, EVIL_TAGS.length, 'one line per tag: no CR or LF of a tag splits or overwrites a line');
  assert.ok(lines.includes('x\\u001b]0;pwned\\u0007'), lines.join(' | '));
  assert.ok(lines.includes('txt.\\u202eexe'), lines.join(' | '));
  const ls = await runCli(['ls', hostile.host], { env });
  assert.equal(ls.code, 0, ls.stderr);
  assert.equal(rawIn(ls.stdout), undefined, rawIn(ls.stdout));
  assert.equal(ls.stdout.split('\n').filter(Boolean).length, EVIL_REPOS.length);
});

test('--json output is exact and has no raw control or bidi character', async () => {
  const tags = await runCli(['tags', `${hostile.host}/h/repo`, '--json'], { env });
  assert.equal(tags.code, 0, tags.stderr);
  assert.deepEqual(JSON.parse(tags.stdout), [...EVIL_TAGS].sort());
  assert.equal(rawIn(tags.stdout.replace(/\n/g, '')), undefined, rawIn(tags.stdout));
  const ls = await runCli(['ls', hostile.host, '--json'], { env });
  assert.deepEqual(JSON.parse(ls.stdout), EVIL_REPOS);
  assert.equal(rawIn(ls.stdout.replace(/\n/g, '')), undefined, rawIn(ls.stdout));
});

test('a server error message with escapes is one escaped line on stderr', async () => {
  for (const args of [['inspect', `${hostile.host}/h/repo:1.0`], ['inspect', `${hostile.host}/h/repo:1.0`, '--json'], ['rm', `${hostile.host}/h/repo:1.0`, '--verbose']]) {
    const r = await runCli(args, { env });
    assert.equal(r.code, 4, r.stderr);
    assert.equal(rawIn(r.stderr), undefined, `${args.join(' ')}: ${rawIn(r.stderr)}`);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('regx: ') && !/^regx: (GET|HEAD|PUT|POST|DELETE|PATCH) |request\(s\)$/.test(l));
    assert.equal(errors.length, 1, r.stderr);
    // rm starts with a HEAD (no body, so no server message); inspect's GET carries it.
    if (args[0] === 'inspect') assert.match(errors[0] as string, /denied \\u001b\[2J\\u001b\]0;owned\\u0007/);
    assert.ok(!/^regx: fake line/m.test(r.stderr), 'no forged line');
  }
});
