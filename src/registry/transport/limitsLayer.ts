// The limits layer, outermost: what a response body may cost. Anything read into memory is capped (declared
// Content-Length first, then the bytes as they come), so a hostile or broken server cannot exhaust memory; a
// caller that asked for a stream gets the 2xx body unread; HEAD bodies are dropped (RFC 9110 §9.3.2: none).
import { readCapped } from './body';
import { headerOne, shownUrl, type Exchange, type ResponseHeaders, type RoundTrip } from './exchange';

export interface LimitedResponse {
  status: number;
  headers: ResponseHeaders;
  body: Buffer;
  stream?: NodeJS.ReadableStream;
  /** The final URL (after redirects). */
  url: string;
}

export function limitsLayer(inner: RoundTrip): (ex: Exchange) => Promise<LimitedResponse> {
  return async (ex) => {
    const res = await inner(ex);
    const { status, headers } = res;
    const url = ex.url.toString();
    if (res.read) return { status, headers, body: res.read, url };
    const ok = status >= 200 && status < 300;
    if (ex.stream && ok && ex.method !== 'HEAD') return { status, headers, body: Buffer.alloc(0), stream: res.body, url };
    if (ex.method === 'HEAD') {
      await res.body.dump();
      return { status, headers, body: Buffer.alloc(0), url };
    }
    const length = Number(headerOne(headers, 'content-length'));
    const body = await readCapped(res.body, ex.maxBodyBytes, `${ex.method} ${shownUrl(ex)}`, Number.isFinite(length) ? length : undefined);
    return { status, headers, body, url };
  };
}
