// Retag and copy, with the fewest round trips the protocol allows (go-containerregistry's remote.Tag
// and remote.Write are the models): a retag is one manifest GET and one PUT of the same bytes; a copy
// within one registry mounts every blob (no bytes move); a copy between registries streams each missing
// blob from the source GET straight into the target PUT (no temp files, memory bounded by the streams).
import type { RegistryClient } from './client';
import { RegistryError } from './errors';
import { errorCode } from './transport/retry';
import { mapLimit } from './limiter';
import type { Reference } from './reference';
import { pullScope, pushPullScope } from './scope';
import type { CallOptions, Descriptor, Manifest } from './types';

export interface CopyProgress { blobsDone: number; blobsTotal: number; bytes: number }
export interface CopyOptions extends CallOptions {
  onProgress?: (p: CopyProgress) => void;
  /** Blobs copied at once. Default 4. */
  concurrency?: number;
}

/**
 * Points `newTag` at the manifest of `src`: exactly one GET and one PUT of the same bytes with the same
 * media type (plus at most one token request: both use a pull,push token). Returns the digest.
 */
export async function retag(client: RegistryClient, src: Reference, newTag: string, opts: CallOptions = {}): Promise<string> {
  const target = src.withTag(newTag); // validates the tag and drops any digest
  const scope = pushPullScope(src.repository);
  const m = await client.getManifest(src, { signal: opts.signal, scope });
  const digest = await client.putManifest(target, m.bytes, m.mediaType, { signal: opts.signal, scope });
  if (digest !== m.digest) throw new RegistryError(`retag of ${src}: the registry stored ${digest}, expected ${m.digest}`, { code: 'DIGEST_MISMATCH' });
  return digest;
}


function sameRegistry(a: RegistryClient, b: RegistryClient): boolean {
  return a === b || (a.registry === b.registry && a.baseUrl === b.baseUrl);
}

/** Layers that must not be pushed to another registry (foreign/non-distributable, image-spec layer.md). */
function isForeign(d: Descriptor): boolean {
  return /\.foreign\.|nondistributable/.test(d.mediaType) || (Array.isArray(d.urls) && d.urls.length > 0);
}

/**
 * Copies an image or index from src to dst. An index's children are copied first (by digest), then the
 * index. Every PUT is verified by its returned digest; the result is the digest of the top manifest,
 * which is the same as the source's (the bytes are never rewritten).
 */
export async function copyImage(src: { client: RegistryClient; ref: Reference }, dst: { client: RegistryClient; ref: Reference }, opts: CopyOptions = {}): Promise<string> {
  const same = sameRegistry(src.client, dst.client);
  const srcRepo = src.ref.repository;
  const dstRepo = dst.ref.repository;
  const limit = opts.concurrency ?? 4;
  // One token scope per registry for the whole copy, so each side fetches at most one token:
  // within a registry, pull on the source plus pull,push on the target serves the GETs, mounts and PUTs;
  // across registries, pull on the source side and pull,push on the target side.
  const sameScope = srcRepo === dstRepo ? pushPullScope(dstRepo) : [...pullScope(srcRepo), ...pushPullScope(dstRepo)];
  const srcScope = same ? sameScope : pullScope(srcRepo);
  const dstScope = same ? sameScope : pushPullScope(dstRepo);
  const top = await src.client.getManifest(src.ref, { signal: opts.signal, scope: srcScope });
  let images: Manifest[] = [top];
  if (top.isIndex) {
    const children = top.manifests ?? [];
    images = new Array<Manifest>(children.length);
    await mapLimit(children.map((d, i) => ({ d, i })), limit, async ({ d, i }) => {
      const m = await src.client.getManifest(src.ref.withDigest(d.digest), { signal: opts.signal, scope: srcScope });
      if (m.isIndex) throw new RegistryError(`copy of ${src.ref}: nested indexes are not supported`, { code: 'UNSUPPORTED' });
      images[i] = m;
    }, opts.signal);
  }
  // Each blob once, even when several platforms share it.
  const blobs = new Map<string, Descriptor>();
  for (const m of images) {
    for (const d of [m.config, ...(m.layers ?? [])]) if (d && !isForeign(d)) blobs.set(d.digest, d);
  }
  const progress: CopyProgress = { blobsDone: 0, blobsTotal: blobs.size, bytes: 0 };
  opts.onProgress?.({ ...progress });

  await mapLimit([...blobs.values()], limit, async (d) => {
    if (same && srcRepo === dstRepo) {
      // Same repository: the blobs are already there.
    } else if (same) {
      // One POST per blob; 201 = mounted. A 202 (the registry would not mount) falls through to streaming.
      if (!(await dst.client.mountBlob(dstRepo, d.digest, srcRepo, { signal: opts.signal, scope: dstScope }))) {
        await streamBlob(src, dst, d, srcScope, dstScope, opts, progress);
      }
    } else if (!(await dst.client.headBlob(dstRepo, d.digest, { signal: opts.signal, scope: dstScope }))) {
      await streamBlob(src, dst, d, srcScope, dstScope, opts, progress);
    }
    progress.blobsDone++;
    opts.onProgress?.({ ...progress });
  }, opts.signal);

  if (top.isIndex) {
    // Children first (by digest), so the index never points at a missing manifest.
    await mapLimit(images, limit, async (m) => {
      const got = await dst.client.putManifest(dst.ref.withDigest(m.digest), m.bytes, m.mediaType, { signal: opts.signal, scope: dstScope });
      if (got !== m.digest) throw new RegistryError(`copy to ${dst.ref}: child manifest stored as ${got}, expected ${m.digest}`, { code: 'DIGEST_MISMATCH' });
    }, opts.signal);
  }
  // A tag target is PUT by tag; a digest-only target by the digest itself.
  const target = dst.ref.tag !== undefined ? dst.ref.withTag(dst.ref.tag) : dst.ref.withDigest(top.digest);
  const digest = await dst.client.putManifest(target, top.bytes, top.mediaType, { signal: opts.signal, scope: dstScope });
  if (digest !== top.digest) throw new RegistryError(`copy to ${dst.ref}: stored as ${digest}, expected ${top.digest}`, { code: 'DIGEST_MISMATCH' });
  return digest;
}

async function streamBlob(src: { client: RegistryClient; ref: Reference }, dst: { client: RegistryClient; ref: Reference }, d: Descriptor,
  srcScope: string[], dstScope: string[], opts: CopyOptions, progress: CopyProgress): Promise<void> {
  const { stream } = await src.client.blobStream(src.ref.repository, d.digest, { signal: opts.signal, scope: srcScope });
  // A source that dies mid-blob surfaces as the target's PUT failing (its request body broke), which the
  // target's client would report as "cannot reach <target>". Remember the source's own error to say which
  // side failed. Registered before the upload reads the stream, so it is seen first.
  let sourceError: unknown;
  stream.on('error', (e: unknown) => { sourceError ??= e; });
  try {
    // The target registry checks the digest of what it receives (PUT ?digest=), so corruption fails there.
    await dst.client.uploadBlob(dst.ref.repository, d.digest, stream, d.size, { signal: opts.signal, scope: dstScope });
  } catch (e) {
    const readable = stream as NodeJS.ReadableStream & { destroy?: () => void; errored?: unknown };
    const failed = sourceError ?? readable.errored;
    readable.destroy?.();
    if (failed && !opts.signal?.aborted) {
      const code = errorCode(failed);
      throw new RegistryError(`copy of blob ${d.digest}: the source ${src.client.registry} failed while sending it (${code ?? (failed as Error)?.message ?? String(failed)}); `
        + `so the upload to ${dst.client.registry} stopped. Try again; if it keeps failing, check the source registry.`,
      { code: code ?? 'NETWORK', temporary: true, cause: failed });
    }
    throw e;
  }
  progress.bytes += d.size;
}
