// The scheme layer: for a loopback or insecure host, the scheme is a probe or a memory (scheme.ts says what
// counts as evidence). Failed sends and Go's "HTTP request to an HTTPS server" 400 move the exchange to the
// other scheme; every answer confirms the scheme it came on. Hosts with a fixed scheme pass straight through.
import { readCapped } from './body';
import { WireFailure, type Exchange, type RoundTrip } from './exchange';
import { SchemeAttempts, type SchemeState } from './scheme';

export interface SchemeLayerOptions {
  state: SchemeState;
  /** The registry's host[:port]: only exchanges with it say anything about its scheme. */
  host: string;
}

export function schemeLayer(inner: RoundTrip, o: SchemeLayerOptions): RoundTrip {
  const attempts = new WeakMap<Exchange, SchemeAttempts>();
  return async (ex) => {
    let a = attempts.get(ex);
    if (!a) attempts.set(ex, (a = new SchemeAttempts(o.state, o.host, ex.resendable)));
    for (;;) {
      let res;
      try {
        res = await inner(ex);
      } catch (e) {
        if (!(e instanceof WireFailure) || ex.signal.aborted) throw e;
        // Scheme evidence, or a reset on the registry's host: send again at once, or leave it to the retry layer
        // (with the URL the request goes on with: a failed try of the other scheme is undone).
        const next = a.afterError(e.error, ex.url);
        ex.url = next.url;
        if (next.retryNow) continue;
        throw e;
      }
      if (a.mayBeHttpsOnly(res.status, ex.url)) {
        const text = (await readCapped(res.body, 4096, 'error body').catch(() => Buffer.alloc(0))).toString('utf8');
        const https = a.httpsOnly(text, ex.url);
        if (https) { ex.url = https; continue; }
        return { ...res, read: Buffer.from(text) };
      }
      a.answered(ex.url);
      return res;
    }
  };
}
