/**
 * Lazy tag details for plain v2 registries: one manifest HEAD to learn the digest, then (only for a digest
 * not seen before) the image config. Bounded concurrency (setting `detailConcurrency`), cached by digest:
 * a digest's content never changes (OCI image-spec, descriptor.md "Digests").
 */
import type { RegistryClient, Reference, ImageDetails } from '../registry/index';
import { Limiter } from './format';

export class DetailLoader {
  private readonly byDigest = new Map<string, ImageDetails>();
  /** Config fetches in flight, so tags sharing a digest wait for one fetch instead of each starting one. */
  private readonly pendingByDigest = new Map<string, Promise<ImageDetails>>();
  private readonly limiter: Limiter;
  /** Requests started, for tests and the log. */
  started = 0;

  constructor(concurrency: number) {
    this.limiter = new Limiter(concurrency);
  }

  setConcurrency(n: number): void {
    this.limiter.setLimit(n);
  }

  cached(digest: string | undefined): ImageDetails | undefined {
    return digest ? this.byDigest.get(digest) : undefined;
  }

  load(client: RegistryClient, ref: Reference, signal?: AbortSignal): Promise<ImageDetails | undefined> {
    return this.limiter.run(async () => {
      if (signal?.aborted) return undefined;
      this.started++;
      let digest = ref.digest;
      if (!digest) {
        const head = await client.headManifest(ref, { signal });
        if (!head) return undefined;
        digest = head.digest;
      }
      const hit = this.byDigest.get(digest);
      if (hit) return hit;
      const d = digest;
      let p = this.pendingByDigest.get(d);
      if (!p) {
        p = client.imageConfig(ref.withDigest(d), { signal })
          .then((details) => { this.byDigest.set(d, details); return details; })
          .finally(() => this.pendingByDigest.delete(d));
        this.pendingByDigest.set(d, p);
      }
      return p;
    });
  }

  get pending(): number {
    return this.limiter.pending + this.limiter.inFlight;
  }

  clear(): void {
    this.byDigest.clear();
  }
}
