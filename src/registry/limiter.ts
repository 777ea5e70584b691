// The one bounded-concurrency helper: a queue with at most `limit` tasks in flight. The tree's detail loader
// uses the queue directly (its limit follows a setting); copy, delete and prune use mapLimit on top of it.

/** Runs tasks with at most `limit` in flight, in the order they were given. */
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private limit: number) {}
  setLimit(n: number): void { this.limit = Math.max(1, n); this.pump(); }
  run<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push(() => {
        this.active++;
        fn().then(resolve, reject).finally(() => { this.active--; this.pump(); });
      });
      this.pump();
    });
  }
  get inFlight(): number { return this.active; }
  get pending(): number { return this.queue.length; }
  private pump(): void {
    while (this.active < this.limit && this.queue.length) this.queue.shift()!();
  }
}

/**
 * Runs fn over items with at most `limit` in flight; the first failure stops new work and is thrown (after
 * the work already started has settled). A cancel stops new work at once and is thrown as the signal's reason.
 */
export async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  if (items.length === 0 || limit < 1) return;
  const limiter = new Limiter(limit);
  let failed: unknown;
  let stopped = false;
  const tasks = items.map((item) => limiter.run(async () => {
    if (failed !== undefined || stopped) return;
    if (signal?.aborted) { stopped = true; throw signal.reason ?? new Error('aborted'); }
    try { await fn(item); } catch (e) { failed ??= e; }
  }));
  await Promise.all(tasks);
  if (failed !== undefined) throw failed;
}
