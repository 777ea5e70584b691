// The auth layer (go-containerregistry's transport.bearer): the Authorization the registry's remembered
// challenge calls for, and on a 401 one more send with what its WWW-Authenticate asks (RFC 7235 §4.1;
// distribution token spec, "How to authenticate"). The Authenticator (auth.ts) holds challenges and tokens.
import type { AuthHeader, Authenticator } from './auth';
import type { Exchange, RoundTrip } from './exchange';

/** What one request has done about auth so far: a request is re-authenticated at most once. */
interface AuthState { reauthed: boolean; extraScopes: string[] }

export function authLayer(inner: RoundTrip, auth: Pick<Authenticator, 'header' | 'onUnauthorized'>): RoundTrip {
  const states = new WeakMap<Exchange, AuthState>();
  return async (ex) => {
    let s = states.get(ex);
    if (!s) states.set(ex, (s = { reauthed: false, extraScopes: [] }));
    for (;;) {
      // Every send starts here (the scheme and retry layers resend through this layer): nothing leaves after a cancel.
      if (ex.signal.aborted) throw ex.signal.reason;
      const mode = ex.crossedOrigin ? 'none' : ex.auth;
      let used: AuthHeader | undefined;
      ex.authorization = undefined;
      if (mode !== 'none') {
        // Until this request has had its own 401, the challenge in use is a remembered hint that may be given up
        // once (a request with a stream body cannot be sent twice, so it keeps what it has).
        const h = await auth.header(mode, [...ex.scopes, ...s.extraScopes], ex.signal, { mayAskAgain: !s.reauthed && ex.resendable, fresh: s.reauthed });
        // askAgain: the remembered challenge failed; go anonymous so the registry's 401 names the current one.
        if (h && !('askAgain' in h)) { used = h; ex.authorization = h.header; }
      }
      const res = await inner(ex);
      if (res.status === 401 && mode === 'registry' && !s.reauthed && ex.resendable) {
        const next = await auth.onUnauthorized(res.headers['www-authenticate'], used, ex.scopes);
        if (next) {
          await res.body.dump();
          s.extraScopes = next.extraScopes;
          s.reauthed = true;
          continue;
        }
      }
      return res;
    }
  };
}
