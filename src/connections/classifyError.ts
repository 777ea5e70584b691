/**
 * Turns whatever a client call threw into a failure class the UI can explain (Add Registry, ErrorNodes).
 * Node puts the system error code on the error or on a `cause` further down (undici wraps them). Pure.
 */
export type FailureKind = 'dns' | 'tls' | 'refused' | 'timeout' | 'unauthorized' | 'forbidden' | 'notFound' | 'unsupported' | 'rateLimited' | 'cancelled' | 'other';

const TLS_CODES = /^(UNABLE_TO_|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_|ERR_TLS_|ERR_SSL_|EPROTO$)/;

function chain(err: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let e: unknown = err;
  for (let i = 0; i < 8 && e && typeof e === 'object'; i++) {
    out.push(e as Record<string, unknown>);
    const o = e as { cause?: unknown; errors?: unknown[] };
    e = o.cause ?? (Array.isArray(o.errors) ? o.errors[0] : undefined);
  }
  return out;
}

export function classifyError(err: unknown): FailureKind {
  const links = chain(err);
  for (const e of links) {
    const name = typeof e.name === 'string' ? e.name : '';
    if (name === 'AbortError') return 'cancelled';
    const code = typeof e.code === 'string' ? e.code : '';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
    if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH') return 'refused';
    // DEADLINE_EXCEEDED: the client's overall deadline; its cause chain holds the abort it used (not a user cancel).
    if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'DEADLINE_EXCEEDED' || code === 'TIMEOUT') return 'timeout';
    if (TLS_CODES.test(code)) return 'tls';
    if (code === 'TOOMANYREQUESTS') return 'rateLimited';
    if (code === 'UNSUPPORTED') return 'unsupported';
  }
  for (const e of links) {
    const status = typeof e.status === 'number' ? e.status : undefined;
    if (status === 401) return 'unauthorized';
    if (status === 403) return 'forbidden';
    if (status === 404) return 'notFound';
    if (status === 405) return 'unsupported';
    if (status === 429) return 'rateLimited';
  }
  const msg = links.map((e) => (typeof e.message === 'string' ? e.message : '')).join(' ');
  if (/certificate|self[- ]signed|TLS|SSL/i.test(msg)) return 'tls';
  if (/getaddrinfo|ENOTFOUND/.test(msg)) return 'dns';
  return 'other';
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
