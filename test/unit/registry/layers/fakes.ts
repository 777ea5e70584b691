// A fake inner layer for testing one transport layer alone: it answers from a script and records what it was sent.
import { Readable } from 'node:stream';
import type { Exchange, ResponseHeaders, RoundTrip, WireBody, WireResponse } from '../../../../src/registry/transport/exchange';
import { WireFailure } from '../../../../src/registry/transport/exchange';

export function body(text = ''): WireBody & { dumped: boolean } {
  const r = Readable.from(text ? [Buffer.from(text)] : []) as Readable & { dump(): Promise<void>; dumped: boolean };
  r.dumped = false;
  r.dump = async () => { r.dumped = true; r.resume(); };
  return r;
}

export function response(status: number, headers: ResponseHeaders = {}, text = ''): WireResponse {
  return { status, headers, body: body(text) };
}

/** Something the wire failed with: an error with a Node/undici code. */
export function failure(code: string, message = code): WireFailure {
  return new WireFailure(Object.assign(new Error(message), { code }));
}

export interface Sent { url: string; authorization?: string; headers: Record<string, string> }

/** Answers with `script` in order (a function gets the exchange); records each send. */
export function fakeInner(script: Array<WireResponse | WireFailure | ((ex: Exchange) => WireResponse)>): RoundTrip & { sent: Sent[] } {
  const sent: Sent[] = [];
  const fn = (async (ex: Exchange) => {
    sent.push({ url: ex.url.toString(), authorization: ex.authorization, headers: { ...ex.headers } });
    const next = script.shift();
    if (!next) throw new Error('fake inner: no more answers');
    if (next instanceof WireFailure) throw next;
    return typeof next === 'function' ? next(ex) : next;
  }) as RoundTrip & { sent: Sent[] };
  fn.sent = sent;
  return fn;
}

export function exchange(over: Partial<Exchange> = {}): Exchange {
  return {
    method: 'GET', url: new URL('https://registry.test/v2/'), headers: { 'user-agent': 'test' }, signal: new AbortController().signal,
    resendable: true, idempotent: true, auth: 'registry', scopes: [], followRedirects: true, stream: false, maxBodyBytes: 1024,
    redirects: 0, crossedOrigin: false,
    ...over,
  };
}
