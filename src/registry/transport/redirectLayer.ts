// The redirect layer: GET and HEAD follow 301/302/303/307/308 (RFC 9110 §15.4), at most 5 in a row. Blob GETs
// are redirected to object storage with its own signed URL: once a redirect leaves the registry's origin, no
// Authorization goes with the request, ours or the caller's (RFC 9110 §15.4: a client must consider whether
// to send credentials to the new URI; go-containerregistry drops them the same way).
import { RegistryError } from '../errors';
import { malformed } from './body';
import { headerOne, shownUrl, type RoundTrip } from './exchange';

export const MAX_REDIRECTS = 5;
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

export function redirectLayer(inner: RoundTrip, o: { registry: string }): RoundTrip {
  return async (ex) => {
    for (;;) {
      const res = await inner(ex);
      if (!REDIRECT_STATUS.has(res.status) || !ex.followRedirects || (ex.method !== 'GET' && ex.method !== 'HEAD')) return res;
      const location = headerOne(res.headers, 'location');
      if (!location) return res;
      await res.body.dump();
      if (++ex.redirects > MAX_REDIRECTS) throw new RegistryError(`too many redirects from ${o.registry} (last: ${shownUrl(ex)})`, { code: 'TOO_MANY_REDIRECTS' });
      let next: URL;
      try { next = new URL(location, ex.url); } catch { throw malformed(shownUrl(ex), `invalid redirect Location`); }
      if (next.protocol !== 'https:' && next.protocol !== 'http:') throw malformed(shownUrl(ex), `redirect to a non-HTTP URL`);
      if (next.origin !== ex.url.origin) {
        ex.crossedOrigin = true;
        delete ex.headers.authorization;
        delete ex.headers.Authorization;
      }
      ex.url = next;
    }
  };
}
