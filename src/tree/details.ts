/**
 * Lazy tag details for plain v2 registries: one manifest GET by tag (digest, size, platforms), then the image
 * config blob, read once per config digest. Bounded concurrency (setting `detailConcurrency`), cached by digest:
 * a digest's content never changes (OCI image-spec, descriptor.md "Digests").
 *
 * Tag rows are rebuilt whenever the tree redraws (Load more, sort, filter), so what a tag resolved to is kept
 * here too, per repository "view" (`scope`): a redrawn row shows its details at once and sends nothing. A tag can
 * move, so that tag → digest memory is dropped when its repository or registry is refreshed (`forget`); what a
 * digest holds is kept. Config blobs and platform manifests are cached by digest as well, so one config shared by
 * many manifests (images rebuilt from one base) is fetched once.
 */
import type { RegistryClient, Reference, ImageDetails, ContentCache } from '../registry/index';
import { Limiter } from './format';

/** What a tag's detail load came to, kept for the current view. */
export type TagOutcome =
  | { state: 'ok'; details: ImageDetails }
  | { state: 'missing' }
  | { state: 'error'; error: unknown };

/** Key of one repository's view: the registry id and the repository (scopes never contain a newline). */
export function viewScope(registryId: string, repository: string): string {
  return `${registryId}\n${repository}`;
}

export class DetailLoader {
  private readonly byDigest = new Map<string, ImageDetails>();
  /** scope → tag → outcome (tag → digest for the current view, plus "not found" / the error). */
  private readonly byTag = new Map<string, Map<string, TagOutcome>>();
  /** Loads in flight per scope and tag: a row rebuilt while its load runs joins it instead of sending a HEAD. */
  private readonly pendingByTag = new Map<string, Promise<ImageDetails | undefined>>();
  /**
   * Bumped by forget()/clear(): a load that started before a refresh ends after it, and must not write what the
   * tag pointed at then into the refreshed view. Per registry and per view.
   */
  private readonly registryGen = new Map<string, number>();
  private readonly scopeGen = new Map<string, number>();
  private clearGen = 0;
  /** Parsed config blobs and platform manifests by registry and digest (shared content, fetched once). */
  private readonly content = new Map<string, Promise<unknown>>();
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

  /** What `tag` resolved to in this view, if it was loaded (no request). */
  peekTag(scope: string, tag: string): TagOutcome | undefined {
    return this.byTag.get(scope)?.get(tag);
  }

  /** True while a load for `tag` in this view is queued or running. */
  loadingTag(scope: string, tag: string): boolean {
    return this.pendingByTag.has(`${scope}\n${tag}`);
  }

  /**
   * Details of `ref` (a tag reference) for the view `scope`: from memory when this view resolved it before,
   * else one load, shared by every caller until it ends. The outcome (missing / error too) is remembered.
   */
  loadTag(scope: string, client: RegistryClient, ref: Reference, signal?: AbortSignal): Promise<ImageDetails | undefined> {
    const tag = ref.tag;
    if (!tag) return this.load(client, ref, signal);
    const known = this.peekTag(scope, tag);
    if (known?.state === 'ok') return Promise.resolve(known.details);
    if (known?.state === 'missing') return Promise.resolve(undefined);
    const key = `${scope}\n${tag}`;
    let p = this.pendingByTag.get(key);
    if (!p) {
      const gen = this.generation(scope);
      const remember = (o: TagOutcome) => {
        if (this.generation(scope) !== gen) return;
        let m = this.byTag.get(scope);
        if (!m) this.byTag.set(scope, (m = new Map()));
        m.set(tag, o);
      };
      p = this.load(client, ref, signal).then(
        (d) => { remember(d ? { state: 'ok', details: d } : { state: 'missing' }); return d; },
        (err: unknown) => { remember({ state: 'error', error: err }); throw err; },
      ).finally(() => { if (this.pendingByTag.get(key) === p) this.pendingByTag.delete(key); });
      this.pendingByTag.set(key, p);
    }
    return p;
  }

  /**
   * One load: the manifest by its tag or digest, then (through the digest memo) the platform manifest and the
   * config blob. A GET of the manifest by tag answers the digest (`Docker-Content-Digest`, or the hash of the
   * body) and the manifest in one round trip, where a HEAD followed by a GET by digest took two: a page of
   * distinct images costs two round trips a row, the protocol's minimum (OCI distribution-spec, "Pulling
   * manifests"; the config is a blob the manifest names). Rows of one image share the config fetch.
   */
  load(client: RegistryClient, ref: Reference, signal?: AbortSignal): Promise<ImageDetails | undefined> {
    const known = ref.digest ? this.byDigest.get(ref.digest) : undefined;
    if (known) return Promise.resolve(known);
    return this.limiter.run(async () => {
      if (signal?.aborted) return undefined;
      this.started++;
      let details: ImageDetails;
      try {
        details = await client.imageConfig(ref, { signal, content: this.contentFor(client.registry) });
      } catch (err) {
        // A tag deleted since the list was read: "not found" for this row, as the HEAD used to say.
        if ((err as { status?: number }).status === 404) return undefined;
        throw err;
      }
      const hit = this.byDigest.get(details.digest);
      if (hit) return hit;
      this.byDigest.set(details.digest, details);
      return details;
    });
  }

  /** The digest memo for one registry (a blob is only reused where it was read). */
  private contentFor(registry: string): ContentCache {
    return {
      get: <T>(key: string, load: () => Promise<T>): Promise<T> => {
        const k = `${registry} ${key}`;
        let p = this.content.get(k) as Promise<T> | undefined;
        if (!p) {
          p = load();
          this.content.set(k, p);
          // A failed read is not content: forget it so the next row tries again.
          p.catch(() => this.content.delete(k));
        }
        return p;
      },
    };
  }

  get pending(): number {
    return this.limiter.pending + this.limiter.inFlight;
  }

  private generation(scope: string): string {
    return `${this.clearGen}.${this.registryGen.get(scope.slice(0, scope.indexOf('\n'))) ?? 0}.${this.scopeGen.get(scope) ?? 0}`;
  }

  /**
   * Drops the tag → digest memory of one repository's view, or of every view of a registry (refresh: tags may
   * have moved). Loads still running finish for whoever waits on them but are not remembered; rows drawn after
   * this start new ones.
   */
  forget(registryId: string, repository?: string): void {
    const prefix = repository !== undefined ? `${viewScope(registryId, repository)}\n` : `${registryId}\n`;
    if (repository !== undefined) {
      const scope = viewScope(registryId, repository);
      this.byTag.delete(scope);
      this.scopeGen.set(scope, (this.scopeGen.get(scope) ?? 0) + 1);
    } else {
      for (const k of [...this.byTag.keys()]) if (k.startsWith(prefix)) this.byTag.delete(k);
      this.registryGen.set(registryId, (this.registryGen.get(registryId) ?? 0) + 1);
    }
    for (const k of [...this.pendingByTag.keys()]) if (k.startsWith(prefix)) this.pendingByTag.delete(k);
  }

  clear(): void {
    this.byDigest.clear();
    this.byTag.clear();
    this.pendingByTag.clear();
    this.content.clear();
    this.clearGen++;
  }
}
