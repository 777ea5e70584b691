// The retry layer (go-containerregistry's transport.retryTransport): an idempotent request is sent again after a
// transient network failure or a 429/502/503/504, with backoff, or after the wait Retry-After names (RFC 9110
// §10.2.3) when that wait is short enough. Policies (which codes, which statuses, how long) are in retry.ts.
import { sleep } from '../sleep';
import { shownUrl, WireFailure, type Exchange, type RoundTrip } from './exchange';
import { backoffDelay, errorCode, isRetryableNetworkError, parseRetryAfter, RETRYABLE_STATUS } from './retry';

export interface RetryInfo { attempt: number; delayMs: number; reason: string; url: string }

export interface RetryLayerOptions {
  /** Retries per request (all its redirects and re-auth together). */
  retries: number;
  /** Base delay of the exponential backoff, ms. */
  baseMs: number;
  /** Longest Retry-After we wait for, seconds; longer → the 429/503 is returned. */
  maxRetryAfterSeconds: number;
  /** Called before each wait (for logs and tests). */
  onRetry?: (info: RetryInfo) => void;
}

const MAX_BACKOFF_MS = 10_000;

export function retryLayer(inner: RoundTrip, o: RetryLayerOptions): RoundTrip {
  const attempts = new WeakMap<Exchange, number>();
  return async (ex) => {
    for (;;) {
      const attempt = attempts.get(ex) ?? 0;
      const mayRetry = ex.idempotent && attempt < o.retries;
      let delayMs: number;
      let reason: string;
      try {
        const res = await inner(ex);
        if (!mayRetry || !RETRYABLE_STATUS.has(res.status)) return res;
        const retryAfter = parseRetryAfter(res.headers['retry-after']);
        if (retryAfter !== undefined && retryAfter > o.maxRetryAfterSeconds) return res;
        delayMs = retryAfter !== undefined ? retryAfter * 1000 : backoffDelay(attempt, { baseMs: o.baseMs, maxMs: MAX_BACKOFF_MS });
        await res.body.dump();
        reason = `HTTP ${res.status}`;
      } catch (e) {
        if (!(e instanceof WireFailure) || ex.signal.aborted || !mayRetry || !isRetryableNetworkError(e.error)) throw e;
        delayMs = backoffDelay(attempt, { baseMs: o.baseMs, maxMs: MAX_BACKOFF_MS });
        reason = errorCode(e.error) ?? '';
      }
      o.onRetry?.({ attempt: attempt + 1, delayMs, reason, url: shownUrl(ex) });
      attempts.set(ex, attempt + 1);
      await sleep(delayMs, ex.signal);
    }
  };
}
