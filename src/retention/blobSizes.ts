// Storage a manifest references: compressed layers + config (OCI image-spec "Image Manifest"), for an index
// each platform's manifest (image-spec "Image Index"). A blob shared by several manifests is counted once.
// Read lazily (a command, the retention report), never while a tree expands.
import { mapLimit, type Reference, type RegistryClient, type CallOptions } from '../registry/index';

export interface PlatformSize { platform?: string; digest: string; bytes: number }

/** Each blob (digest → size) under a manifest; for an index, the children's blobs and the per-platform sizes. */
export async function blobsOf(client: RegistryClient, repo: Reference, digest: string, opts: CallOptions & { scope?: string[] } = {}, seen = new Set<string>()): Promise<{ blobs: Map<string, number>; platforms: PlatformSize[] }> {
  const blobs = new Map<string, number>();
  const platforms: PlatformSize[] = [];
  if (seen.has(digest)) return { blobs, platforms };
  seen.add(digest);
  const m = await client.getManifest(repo.withDigest(digest), opts);
  if (m.isIndex) {
    for (const child of m.manifests ?? []) {
      const sub = await blobsOf(client, repo, child.digest, opts, seen);
      for (const [d, s] of sub.blobs) blobs.set(d, s);
      const p = child.platform;
      const bytes = [...sub.blobs.values()].reduce((a, b) => a + b, 0);
      platforms.push({ platform: p ? [p.os, p.architecture, p.variant].filter(Boolean).join('/') : undefined, digest: child.digest, bytes });
    }
  } else {
    if (m.config) blobs.set(m.config.digest, m.config.size);
    for (const l of m.layers ?? []) blobs.set(l.digest, l.size);
  }
  return { blobs, platforms };
}

const sum = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/** A tag's size: its blobs counted once, and per platform for an index. */
export async function imageSize(client: RegistryClient, ref: Reference, digest: string, opts: CallOptions = {}): Promise<{ bytes: number; platforms: PlatformSize[] }> {
  const { blobs, platforms } = await blobsOf(client, ref, digest, opts);
  return { bytes: sum(blobs), platforms };
}

/** The blobs under several manifests, each counted once. */
export async function unionBlobs(client: RegistryClient, repo: Reference, digests: readonly string[], opts: CallOptions & { concurrency?: number } = {}): Promise<Map<string, number>> {
  const all = new Map<string, number>();
  await mapLimit([...new Set(digests)], opts.concurrency ?? 4, async (d) => {
    for (const [b, s] of (await blobsOf(client, repo, d, opts)).blobs) all.set(b, s);
  }, opts.signal);
  return all;
}

/** A repository's size: every tagged manifest's blobs, each shared blob once. */
export async function repositorySize(client: RegistryClient, repo: Reference, digests: readonly string[], opts: CallOptions = {}): Promise<number> {
  return sum(await unionBlobs(client, repo, digests, opts));
}

/**
 * What deleting `gone` frees once the registry collects garbage: the blobs they reference that no kept
 * manifest references (a blob still used by a kept manifest stays on disk).
 */
export async function bytesFreed(client: RegistryClient, repo: Reference, gone: readonly string[], kept: readonly string[], opts: CallOptions = {}): Promise<{ bytes: number; blobs: number }> {
  const goneBlobs = await unionBlobs(client, repo, gone, opts);
  const keptBlobs = await unionBlobs(client, repo, kept, opts);
  let bytes = 0;
  let blobs = 0;
  for (const [d, s] of goneBlobs) if (!keptBlobs.has(d)) { bytes += s; blobs++; }
  return { bytes, blobs };
}
