// The innermost layer: one HTTP exchange on the host's undici dispatcher, counted and logged (method, redacted
// URL, status, ms; never headers, so no credential reaches a log).
import type { Readable } from 'node:stream';
import type { Dispatchers } from './dispatcher';
import { WireFailure, type Exchange, type ResponseHeaders, type RoundTrip } from './exchange';
import { redactUrl } from './redact';
import { errorCode } from './retry';
import type { RequestLogLine } from '../types';

export interface WireOptions {
  dispatchers: Dispatchers;
  /** undici's headersTimeout and bodyTimeout: how long the server may stay silent. */
  timeoutMs: number;
  logger?: (line: RequestLogLine) => void;
  /** Called for every send (the client's request count). */
  onSend?: () => void;
}

export function wire(o: WireOptions): RoundTrip {
  return async (ex: Exchange) => {
    o.onSend?.();
    const url = ex.url;
    const shown = redactUrl(url, { redirect: ex.redirects > 0 });
    const started = Date.now();
    try {
      // Dispatcher.request, as undici's top-level `request` does it (origin + path), without loading its index.
      const res = await o.dispatchers.for(url).request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: ex.method as 'GET',
        headers: ex.authorization ? { ...ex.headers, authorization: ex.authorization } : ex.headers,
        body: ex.body as Buffer | string | Readable | undefined,
        signal: ex.signal,
        headersTimeout: o.timeoutMs,
        bodyTimeout: o.timeoutMs,
      });
      o.logger?.({ method: ex.method, url: shown, status: res.statusCode, ms: Date.now() - started });
      return { status: res.statusCode, headers: res.headers as ResponseHeaders, body: res.body };
    } catch (e) {
      o.logger?.({ method: ex.method, url: shown, ms: Date.now() - started, error: errorCode(e) ?? (e as Error).message });
      throw new WireFailure(e);
    }
  };
}
