// The wire layer alone, over a fake dispatcher: counts, logs without headers, adds the auth layer's header.
import assert from 'node:assert/strict';
import test from 'node:test';
import type { Dispatchers } from '../../../../src/registry/transport/dispatcher';
import { WireFailure } from '../../../../src/registry/transport/exchange';
import { wire } from '../../../../src/registry/transport/wire';
import type { RequestLogLine } from '../../../../src/registry/types';
import { body, exchange } from './fakes';

function dispatchers(answer: (opts: { headers: Record<string, string>; path: string }) => unknown): Dispatchers {
  return { for: () => ({ request: async (o: { headers: Record<string, string>; path: string }) => answer(o) }) } as unknown as Dispatchers;
}

test('wire: one send, counted and logged with a redacted URL; Authorization added for this send only', async () => {
  const lines: RequestLogLine[] = [];
  let count = 0;
  let sentHeaders: Record<string, string> = {};
  const send = wire({ dispatchers: dispatchers((o) => { sentHeaders = o.headers; return { statusCode: 200, headers: { a: 'b' }, body: body() }; }), timeoutMs: 1000, logger: (l) => lines.push(l), onSend: () => { count++; } });
  const ex = exchange({ url: new URL('https://registry.test/v2/r/blobs/x?X-Amz-Signature=secret'), redirects: 1, authorization: 'Bearer t' });
  const res = await send(ex);
  assert.equal(res.status, 200);
  assert.equal(count, 1);
  assert.equal(sentHeaders.authorization, 'Bearer t');
  assert.equal(ex.headers.authorization, undefined);
  assert.equal(lines.length, 1);
  assert.doesNotMatch(lines[0].url, /secret/);
  assert.equal(lines[0].status, 200);
});

test('wire: a failed send is a WireFailure carrying the error, logged with its code', async () => {
  const lines: RequestLogLine[] = [];
  const send = wire({ dispatchers: dispatchers(() => { throw Object.assign(new Error('reset'), { code: 'ECONNRESET' }); }), timeoutMs: 1000, logger: (l) => lines.push(l) });
  await assert.rejects(send(exchange()), (e) => e instanceof WireFailure && (e.error as { code?: string }).code === 'ECONNRESET');
  assert.equal(lines[0].error, 'ECONNRESET');
});
