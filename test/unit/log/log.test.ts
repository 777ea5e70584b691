// The extension's log channel (src/log.ts) against a stand-in for `vscode`: whatever a registry put in a
// message (escape sequences, CR/LF that would forge a log line, bidi overrides) is written escaped, through
// every method of the channel, and request lines keep their shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Module from 'node:module';
import { MemoryChallengeCache, RegistryClient, parseReference } from '../../../src/registry/index';
import { json, startServer } from '../registry/servers';

/** C0, DEL, C1 and the bidi controls of UAX #9. */
const RAW = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = 'boom \u001b]0;owned\u0007\u001b[2J\r\n2026-01-01 [info] forged line \u202eexe.txt\u2066\u009b';

const written: Array<{ level: string; args: unknown[] }> = [];
const channel = Object.fromEntries(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace'].map((level) =>
  [level, (...args: unknown[]) => { written.push({ level, args }); }]));
const fakeVscode = {
  window: { createOutputChannel: (_name: string, opts: { log?: boolean }) => { assert.equal(opts.log, true); return { ...channel, logLevel: 2, dispose() {} }; } },
};
const M = Module as unknown as { _load: (req: string, parent: unknown, isMain: boolean) => unknown };
const load = M._load;
M._load = function (req: string, parent: unknown, isMain: boolean) {
  return req === 'vscode' ? fakeVscode : load.call(this, req, parent, isMain);
};
const { createLog, requestLogger } = require('../../../src/log') as typeof import('../../../src/log');

function texts(): string[] {
  return written.flatMap((w) => w.args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack ?? ''}` : String(a))));
}

test('every channel method writes hostile text escaped, on one line', () => {
  written.length = 0;
  const log = createLog();
  log.info(`tag ${HOSTILE}`);
  log.warn(HOSTILE);
  log.error(HOSTILE);
  log.error(new Error(HOSTILE));
  log.debug('details %s', HOSTILE);
  log.trace(HOSTILE);
  log.appendLine(HOSTILE);
  log.append(HOSTILE);
  log.replace(HOSTILE);
  assert.equal(written.length, 9);
  for (const t of texts()) {
    const first = t.split('\n')[0] as string;
    assert.doesNotMatch(first, RAW, JSON.stringify(first));
    assert.ok(!/^2026-01-01/m.test(t.split('\n').slice(0, 1).join('')), 'no forged entry');
  }
  for (const w of written) for (const a of w.args) if (typeof a === 'string') assert.doesNotMatch(a, RAW, JSON.stringify(a));
  assert.equal(log.logLevel, 2, 'other members pass through');
  assert.ok(texts()[0]?.includes('\\u001b]0;owned\\u0007'), texts()[0]);
});

test('a hostile server\'s error message and request lines reach the log escaped', { timeout: 20_000 }, async () => {
  written.length = 0;
  const log = createLog();
  const s = await startServer((req, res) => json(res, 403, { errors: [{ code: 'DENIED', message: HOSTILE }] }));
  const c = new RegistryClient({ registry: s.url, challengeCache: new MemoryChallengeCache(), logger: requestLogger(log) });
  try {
    await assert.rejects(c.getManifest(parseReference(`${s.host}/evil/repo:t`)), (e: unknown) => {
      log.warn(`reg:x/repo:evil/repo: ${(e as Error).message}`); // as ErrorNode logs a failed load
      return true;
    });
    requestLogger(log)({ method: 'GET', url: `${s.url}/v2/x`, ms: 1, error: HOSTILE });
  } finally {
    await c.close();
    await s.close();
  }
  assert.ok(written.length >= 3, JSON.stringify(written));
  for (const t of texts()) assert.doesNotMatch(t, RAW, JSON.stringify(t));
  assert.ok(texts().some((t) => t.includes('DENIED') || t.includes('denied')), JSON.stringify(texts()));
});
