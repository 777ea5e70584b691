// WWW-Authenticate parsing (RFC 9110 §11.6.1 / RFC 7235):
//   challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//   auth-param = token BWS "=" BWS ( token / quoted-string )
// One header may carry several comma-separated challenges, and a response may carry several headers.
// Scheme and parameter names are case-insensitive: both come back lower-cased. A token68 value is
// returned as params.token68.

export interface Challenge { scheme: string; params: Record<string, string> }

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68 = /[A-Za-z0-9\-._~+/]/;

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
  const readQuoted = () => {
    // quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE ; quoted-pair = "\" char
    i++; // opening quote
    let v = '';
    while (i < n && s[i] !== '"') {
      if (s[i] === '\\' && i + 1 < n) { v += s[i + 1]; i += 2; } else { v += s[i]; i++; }
    }
    i++; // closing quote (or end of a malformed header)
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
      const value = s[i] === '"' ? readQuoted() : readToken(TCHAR);
      current.params[tok.toLowerCase()] = value;
      continue;
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
