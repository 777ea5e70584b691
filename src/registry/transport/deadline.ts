// The overall deadline of one client request: its auth (token fetch), retries and their waits, redirects and
// reading the body, together. The idle timeouts (undici's headersTimeout/bodyTimeout) catch a server that
// goes silent; they cannot catch one that sends a byte now and then, or keeps answering "retry later".
// Streamed bodies (blob uploads and downloads) are bounded by the idle timeouts only: their size, not the
// server, decides how long they take; the deadline then covers the exchange up to the response headers.
import { RegistryError } from '../errors';

/** 120 s: a registry answers in well under a second; a slow token service plus three retries fits easily. */
export const DEFAULT_DEADLINE_MS = 120_000;

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

export class Deadline {
  /** Aborts when the caller's signal aborts or the deadline passes. */
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly timer?: ReturnType<typeof setTimeout>;
  private expiredFlag = false;
  private readonly onOuterAbort?: () => void;

  constructor(readonly ms: number | undefined, private readonly outer?: AbortSignal) {
    this.signal = this.controller.signal;
    if (outer?.aborted) this.controller.abort(outer.reason);
    else if (outer) {
      this.onOuterAbort = () => this.controller.abort(outer.reason);
      outer.addEventListener('abort', this.onOuterAbort, { once: true });
    }
    if (ms !== undefined && ms > 0 && !this.signal.aborted) {
      this.timer = setTimeout(() => {
        this.expiredFlag = true;
        this.controller.abort(new RegistryError('deadline', { code: 'DEADLINE_EXCEEDED' }));
      }, ms);
      // A pending deadline never keeps a CLI process alive.
      this.timer.unref?.();
    }
  }

  /** True when the deadline passed (not when the caller cancelled). */
  get expired(): boolean { return this.expiredFlag && !this.outer?.aborted; }

  error(host: string, cause?: unknown): RegistryError {
    return new RegistryError(
      `${host} did not finish the request within the ${formatDuration(this.ms ?? 0)} deadline. The registry or the network is too slow: try again, or allow more time.`,
      { code: 'DEADLINE_EXCEEDED', temporary: true, cause });
  }

  /**
   * Stops the clock. `keepLinked`: a streamed response body outlives the request and must still stop when
   * the caller cancels, so the caller's signal stays linked to it.
   */
  done(keepLinked = false): void {
    if (this.timer) clearTimeout(this.timer);
    if (!keepLinked && this.onOuterAbort) this.outer?.removeEventListener('abort', this.onOuterAbort);
  }
}
