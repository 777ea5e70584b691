// The one test for "this ended because someone cancelled": the three shapes a cancel takes in the client.
import { RegistryError } from './errors';

/**
 * True for a cancel, in any of its shapes: the client's RegistryError with code ABORTED, a DOM/undici
 * AbortError (what `fetch`, undici and AbortSignal.abort() throw; WHATWG DOM "AbortSignal", abort reason),
 * or any error thrown while `signal` (when given) has aborted. The overall deadline (DEADLINE_EXCEEDED) is not
 * a cancel: nobody asked for it to stop.
 */
export function isAbort(err: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  if (err instanceof RegistryError) return err.code === 'ABORTED';
  return (err as { name?: unknown } | undefined)?.name === 'AbortError';
}
