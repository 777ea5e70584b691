/**
 * Kept-alive connections per registry for the extension's clients: as many as tag-detail loads in flight
 * (`detailConcurrency`), so those requests really are in flight at once (HTTP/1.1 carries one exchange per
 * connection at a time; undici queues the rest), and never fewer than the client's own default of 8.
 * Plain Node (the bench sizes its client the same way).
 */
export function connectionLimit(detailConcurrency: number): number {
  return Math.max(8, detailConcurrency);
}
