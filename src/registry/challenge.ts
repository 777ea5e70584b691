// WWW-Authenticate parsing (RFC 9110 §11.6.1 / RFC 7235):
//   challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//   auth-param = token BWS "=" BWS ( token / quoted-string )
// One header may carry several comma-separated challenges, and a response may carry several headers.
// Scheme and parameter names are case-insensitive: both come back lower-cased. A token68 value is
// returned as params.token68.
// Malformed parameters (a name without "=", an empty unquoted value, an unterminated quoted-string) are
// dropped, as distribution's challenge parser and oras-go's auth.parseChallenge drop them: a half-read
// `service` must not become the service we ask a token for, nor a challenge of its own.

export interface Challenge { scheme: string; params: Record<string, string> }

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68 = /[A-Za-z0-9\-._~+/]/;
/**
 * The IANA "HTTP Authentication Scheme Registry" (RFC 9110 §16.4.1). A bare name after a challenge's
 * parameters is a new challenge only when it is one of these ("Bearer realm=x, Negotiate"); any other bare
 * name there is a parameter without its "=" (`Bearer realm="…",service`) and is dropped.
 */
const KNOWN_SCHEMES = new Set(['basic', 'bearer', 'concealed', 'digest', 'dpop', 'gnap', 'hoba', 'mutual', 'negotiate', 'ntlm',
  'oauth', 'privatetoken', 'scram-sha-1', 'scram-sha-256', 'vapid']);

export function parseChallenges(headers: string | string[] | undefined): Challenge[] {
  if (headers === undefined) return [];
  const list = Array.isArray(headers) ? headers : [headers];
  const out: Challenge[] = [];
  for (const h of list) if (typeof h === 'string') parseOne(h, out);
  return out;
}

function parseOne(s: string, out: Challenge[]): void {
  let i = 0;
  const n = s.length;
  const skipWs = () => { while (i < n && (s[i] === ' ' || s[i] === '\t')) i++; };
  const skipWsAndCommas = () => { while (i < n && (s[i] === ' ' || s[i] === '\t' || s[i] === ',')) i++; };
  const readToken = (re: RegExp) => { const start = i; while (i < n && re.test(s[i])) i++; return s.slice(start, i); };
  /** quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE ; quoted-pair = "\" char. undefined when unterminated. */
  const readQuoted = (): string | undefined => {
    i++; // opening quote
    let v = '';
    while (i < n && s[i] !== '"') {
      if (s[i] === '\\' && i + 1 < n) { v += s[i + 1]; i += 2; } else { v += s[i]; i++; }
    }
    if (i >= n) return undefined;
    i++; // closing quote
    return v;
  };

  let current: Challenge | undefined;
  while (i < n) {
    skipWsAndCommas();
    if (i >= n) break;
    const start = i;
    const tok = readToken(TCHAR);
    if (tok.length === 0) { i++; continue; } // junk character: skip it rather than loop forever
    const afterTok = i;
    skipWs();
    if (current && s[i] === '=') {
      // auth-param, unless this is a token68 (token followed only by '='s and then ',' or end).
      let j = i;
      while (j < n && s[j] === '=') j++;
      let k = j; while (k < n && (s[k] === ' ' || s[k] === '\t')) k++;
      const isToken68 = Object.keys(current.params).length === 0 && (j - i > 1 || k >= n || s[k] === ',') && i === afterTok;
      if (isToken68) {
        current.params.token68 = s.slice(start, j);
        i = j;
        continue;
      }
      i++; // '='
      skipWs();
      const quoted = s[i] === '"';
      const value = quoted ? readQuoted() : readToken(TCHAR);
      // Unterminated quote, or "name=" with nothing: not a parameter; drop it.
      if (value === undefined || (!quoted && value === '')) continue;
      current.params[tok.toLowerCase()] = value;
      continue;
    }
    if (current && Object.keys(current.params).length > 0 && !KNOWN_SCHEMES.has(tok.toLowerCase())) {
      // A bare name after parameters, with no "=": the next thing must be a list separator or the end.
      skipWs();
      if (i >= n || s[i] === ',') continue;
      i = afterTok;
    }
    // A token not followed by '=' starts a new challenge (its scheme).
    current = { scheme: tok.toLowerCase(), params: {} };
    out.push(current);
    // token68 directly after the scheme, e.g. "Negotiate abc+/d==".
    skipWs();
    const t68start = i;
    const t68 = readToken(TOKEN68);
    if (t68.length > 0) {
      let j = i; while (j < n && s[j] === '=') j++;
      let k = j; while (k < n && (s[k] === ' ' || s[k] === '\t')) k++;
      if (k >= n || s[k] === ',') {
        // Bare token68 only when it is not really the next scheme: "Basic, Bearer" has a comma after the scheme.
        current.params.token68 = s.slice(t68start, j);
        i = j;
        continue;
      }
    }
    i = t68start;
  }
}
