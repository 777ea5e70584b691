// The overall deadline of an operation, on top of the idle timeouts: a server that keeps a connection
// alive with a byte now and then (never idle long enough for the idle timeout) or that keeps asking to be
// retried later, cannot keep an operation busy past it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryChallengeCache, RegistryClient, RegistryError } from '../../../src/registry/index';
import { installFakeVscode } from '../scan/fakeVscode';
import { classifyError } from '../../../src/connections/classifyError';
import { startServer, tricklingServer } from './servers';

const T = { timeout: 20_000 };

function isDeadline(host: string, deadline: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof RegistryError, `expected RegistryError, got ${String(e)}`);
    assert.equal(e.code, 'DEADLINE_EXCEEDED', e.message);
    assert.ok(e.message.includes(host), `the message names the host: ${e.message}`);
    assert.match(e.message, deadline);
    assert.equal(e.temporary, true);
    return true;
  };
}

test('a trickling body: the operation ends at its deadline with an error naming the deadline and the host', T, async () => {
  const s = await tricklingServer(20);
  // The idle timeout (30 s by default) never fires: a byte comes every 20 ms.
  const c = new RegistryClient({ registry: s.url, challengeCache: new MemoryChallengeCache(), deadlineMs: 400 });
  try {
    const err = await c.tags('r').then(() => undefined, (e: unknown) => e);
    assert.ok(isDeadline(s.host, /400 ms deadline/)(err));
    assert.equal(classifyError(err), 'timeout', 'the extension explains it as a timeout, not as a cancel');
    assert.equal(s.seen.length, 1, 'a deadline is not retried');
    assert.ok(s.bytes() < 40_000, 'the body was cut off');
  } finally {
    await c.close();
    await s.close();
  }
});

test('the deadline covers retries: a registry that keeps answering 429 Retry-After ends at the deadline', T, async () => {
  const s = await startServer((req, res) => { res.writeHead(429, { 'retry-after': '5' }); res.end(); });
  const c = new RegistryClient({ registry: s.url, challengeCache: new MemoryChallengeCache(), deadlineMs: 300 });
  try {
    await assert.rejects(c.tags('r'), isDeadline(s.host, /300 ms deadline/));
    assert.equal(s.seen.length, 1, 'the wait for the retry was cut short');
  } finally {
    await c.close();
    await s.close();
  }
});

test('a user abort is still reported as cancelled, not as a deadline', T, async () => {
  const s = await tricklingServer(20);
  const c = new RegistryClient({ registry: s.url, challengeCache: new MemoryChallengeCache(), deadlineMs: 60_000 });
  try {
    const ac = new AbortController();
    const p = c.tags('r', { signal: ac.signal });
    // Abort once the server has started trickling (a condition, not a time).
    await new Promise<void>((resolve) => { const t = setInterval(() => { if (s.bytes() > 0) { clearInterval(t); resolve(); } }, 5); });
    ac.abort();
    await assert.rejects(p, (e: unknown) => e instanceof RegistryError && e.code === 'ABORTED');
  } finally {
    await c.close();
    await s.close();
  }
});

test('the extension setting registryExplorer.requestTimeout: declared, documented in both languages, read through Config', () => {
  const root = join(__dirname, '..', '..', '..');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, Record<string, unknown>> } | Array<{ properties: Record<string, Record<string, unknown>> }> } };
  const conf = pkg.contributes.configuration;
  const props = Array.isArray(conf) ? Object.assign({}, ...conf.map((c) => c.properties)) as Record<string, Record<string, unknown>> : conf.properties;
  const setting = props['registryExplorer.requestTimeout'];
  assert.ok(setting, 'declared in package.json');
  assert.equal(setting.default, 120);
  assert.equal(setting.markdownDescription, '%config.requestTimeout%');
  for (const nls of ['package.nls.json', 'package.nls.zh-cn.json']) {
    const text = (JSON.parse(readFileSync(join(root, nls), 'utf8')) as Record<string, string>)['config.requestTimeout'];
    assert.ok(text && text.includes('--timeout'), nls);
  }
  const rec = installFakeVscode();
  const { Config } = require('../../../src/config') as typeof import('../../../src/config');
  const config = new Config();
  assert.equal(config.requestTimeoutMs, 120_000, 'default');
  rec.config.requestTimeout = 5;
  assert.equal(config.requestTimeoutMs, 5_000);
  rec.config.requestTimeout = 0;
  assert.equal(config.requestTimeoutMs, 0, '0 = no deadline');
  rec.config.requestTimeout = -4;
  assert.equal(config.requestTimeoutMs, 1_000);
});
