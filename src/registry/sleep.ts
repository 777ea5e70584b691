// Waiting that a cancel ends at once: retry backoff (transport/retryLayer.ts) and Harbor's scan polling.

/** Resolves after `ms`; rejects with the signal's reason as soon as it aborts (the timer never outlives it). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(signal.reason ?? new Error('aborted')); return; }
    const onAbort = () => { clearTimeout(t); reject(signal?.reason ?? new Error('aborted')); };
    const t = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
