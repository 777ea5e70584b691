// Waiting for a condition, never for a length of time. `waitFor` polls a predicate until it returns a
// truthy value (which it returns) and fails with a message naming what it waited for; its timeout is only
// an upper bound for a broken run, never what a test relies on. Works in plain Node, in the extension host
// (mocha suites) and around playwright (whose own locator waits are preferred for DOM conditions).

export interface WaitOptions {
  /** What the wait is for, as it should read in the failure: "the tag in the tree". */
  what: string;
  /** Upper bound in ms (default 15 s): reaching it is a failure, not a pass. */
  timeout?: number;
  /** Delay between polls in ms (default 25). */
  interval?: number;
}

/** Polls `predicate` until it returns a truthy value and returns that value; a throw counts as "not yet". */
export async function waitFor<T>(predicate: () => T | Promise<T>, opts: WaitOptions): Promise<NonNullable<T>> {
  const timeout = opts.timeout ?? 15_000;
  const interval = opts.interval ?? 25;
  const end = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await predicate();
      if (v) return v as NonNullable<T>;
      lastError = undefined;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= end) {
      const why = lastError ? ` (last check threw: ${lastError instanceof Error ? lastError.message : String(lastError)})` : '';
      throw new Error(`timed out after ${(timeout / 1000).toFixed(1)} s waiting for ${opts.what}${why}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * Resolves once every promise chain already started has run to its end, when those chains only wait on
 * already-settled promises (fakes that answer at once): Node empties the whole microtask queue before it
 * runs the next macrotask, so this is an ordering guarantee, not a delay.
 */
export function microtasksDrained(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/** A promise with its resolve exposed: a gate a test opens when it chooses. */
export function gate<T = void>(): { promise: Promise<T>; open(v: T): void } {
  let open!: (v: T) => void;
  const promise = new Promise<T>((r) => { open = r; });
  return { promise, open };
}
