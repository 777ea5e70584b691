// One redaction for every log line: the client's request lines and the extension's log (src/log.ts) both
// use the client's redactUrl, and a redirect target's query values never reach either, whatever their names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { installFakeVscode } from '../scan/fakeVscode';
import { MemoryChallengeCache, RegistryClient, type RequestLogLine } from '../../../src/registry/index';
import { startServer } from './servers';

installFakeVscode();
const { requestLogger } = require('../../../src/log') as typeof import('../../../src/log');

/** Query names that signed URLs use for their secret and that no list of "secret names" had. */
const SIGNED = { verify: 'verify-secret-1', Expires: 'expires-secret-2', 'X-Custom-Auth': 'custom-secret-3', hdnts: 'akamai-secret-4', n: 'n-secret-5', digest: 'digest-secret-6' };
const SECRETS = Object.values(SIGNED);

test('a redirect target: no query value reaches the client log or the extension log', { timeout: 20_000 }, async () => {
  const blob = Buffer.from('layer');
  const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`;
  const storage = await startServer((req, res) => { res.writeHead(200, { 'content-length': String(blob.length) }); res.end(blob); });
  const s = await startServer((req, res) => {
    res.writeHead(307, { location: `${storage.url}/bucket/blob?${new URLSearchParams(SIGNED)}` });
    res.end();
  });
  const lines: RequestLogLine[] = [];
  const c = new RegistryClient({ registry: s.url, challengeCache: new MemoryChallengeCache(), logger: (l) => lines.push(l) });
  const logged: string[] = [];
  const channel = { info: (t: string) => logged.push(t), warn: (t: string) => logged.push(t) };
  try {
    assert.deepEqual(await c.getBlob('r', digest), blob);
    assert.equal(storage.seen.length, 1, 'the redirect was followed');
    assert.equal(lines.length, 2);
    const log = requestLogger(channel as unknown as Parameters<typeof requestLogger>[0]);
    for (const l of lines) log(l);
    const text = JSON.stringify(lines) + logged.join('\n');
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `${secret} reached the log: ${text}`);
    assert.match(lines[1].url, /\/bucket\/blob\?verify=REDACTED/);
  } finally {
    await c.close();
    await s.close();
    await storage.close();
  }
});

test('the extension log redacts a URL it is given directly, with the same rules', () => {
  const logged: string[] = [];
  const channel = { info: (t: string) => logged.push(t), warn: (t: string) => logged.push(t) };
  requestLogger(channel as unknown as Parameters<typeof requestLogger>[0])({
    method: 'GET', url: `https://u:pw-secret@h/v2/x?${new URLSearchParams({ verify: 'v-secret', n: '10' })}`, status: 200, ms: 3,
  });
  assert.equal(logged.length, 1);
  assert.ok(!logged[0].includes('v-secret') && !logged[0].includes('pw-secret'), logged[0]);
  assert.match(logged[0], /n=10/, 'a paging parameter the client sends stays readable');
});
