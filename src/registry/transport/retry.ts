// Retry policy for idempotent requests: exponential backoff with full jitter (AWS architecture blog,
// "Exponential Backoff And Jitter"), honouring Retry-After (RFC 9110 §10.2.3: delay-seconds or HTTP-date).

/** Statuses worth retrying: rate limit and gateway/unavailable errors. Plain 500 is usually a bug, not a blip. */
export const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

/** Error codes of transient network failures (Node and undici). ECONNREFUSED is not here: nothing listens. */
const RETRYABLE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'EAI_AGAIN']);

export function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && typeof cur === 'object' && depth < 4; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

export function isRetryableNetworkError(e: unknown): boolean {
  const code = errorCode(e);
  return code !== undefined && RETRYABLE_CODES.has(code);
}

/** Seconds to wait from a Retry-After value, or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return undefined;
  const s = v.trim();
  if (/^\d+$/.test(s)) return Number(s);
  const t = Date.parse(s);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, Math.ceil((t - now) / 1000));
}

export interface BackoffOptions { baseMs: number; maxMs: number; random?: () => number }

/** Full jitter: uniform in [0, min(max, base * 2^attempt)], with a floor of base/2 so retries are never instant. */
export function backoffDelay(attempt: number, o: BackoffOptions): number {
  const ceiling = Math.min(o.maxMs, o.baseMs * 2 ** attempt);
  const r = (o.random ?? Math.random)();
  return Math.max(o.baseMs / 2, Math.round(ceiling * r));
}
