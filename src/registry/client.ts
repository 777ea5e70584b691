// RegistryClient: the distribution operations (OCI distribution-spec) on one registry host, as methods on top of
// the transport (transport/registryTransport.ts: request() through the layers). Each operation makes the fewest
// requests the protocol allows; the counts are pinned by tests. The protocol's shapes (paths, paging, manifest
// parsing) are in distribution.ts.
import { digestLike, isDigest, sha256Digest } from './digest';
import {
  blobPath, COSIGN_SUFFIXES, cursorPath, DEFAULT_MAX_PAGES, deleteError, header, manifestPath, MAX_MANIFEST_BYTES, mediaTypeOf,
  nextLink, parseManifest, resolveLocation, stringList,
} from './distribution';
import { RegistryError } from './errors';
import { IMAGE_CONFIG_TYPES, MANIFEST_ACCEPT, DOCKER_MANIFEST_V1_SIGNED } from './mediaTypes';
import { platformString } from './platform';
import { listReferrers } from './referrers';
import { validateDigest, validateRepository, validateTag, type Reference } from './reference';
import { CATALOG_SCOPE, deleteScope, pullScope, pushPullScope } from './scope';
import { malformed, parseJson } from './transport/body';
import { RegistryTransport } from './transport/registryTransport';
import type { CallOptions, ContentCache, Descriptor, ImageDetails, Manifest, ManifestDescriptor, Page, Platform } from './types';

export type { RequestLogLine, Page } from './types';
export { scopeCovered } from './transport/auth';
export { redactUrl } from './transport/redact';
export type { RetryInfo } from './transport/retryLayer';
export type { ResponseHeaders } from './transport/exchange';
export type { RegistryClientOptions, RegistryRequest, RegistryResponse } from './transport/registryTransport';

/** Call options; `scope` overrides the token scope (e.g. pull,push for a GET that a PUT follows, so one token serves both). */
export interface ScopedOptions extends CallOptions { scope?: string[] }

export class RegistryClient extends RegistryTransport {
  /** Upload sessions opened by a mount that the registry answered with 202, by repository@digest; uploadBlob continues them (saves a POST). */
  private readonly openUploads = new Map<string, string>();

  async ping(opts: CallOptions = {}): Promise<{ kind: 'distribution' | 'harbor' | 'dockerhub'; authScheme?: string; apiVersion?: string }> {
    const res = await this.request({ method: 'GET', path: '/v2/', signal: opts.signal, maxBodyBytes: 64 * 1024 });
    if (res.status !== 200) throw this.errorFor(res, `${this.registry}/v2/`);
    const apiVersion = header(res.headers, 'docker-distribution-api-version');
    const authScheme = res.headers['www-authenticate'] ? String(header(res.headers, 'www-authenticate')).split(' ')[0].toLowerCase() : undefined;
    if (this.registry === 'docker.io') return { kind: 'dockerhub', authScheme: 'bearer', apiVersion };
    // Harbor answers its REST ping; a plain distribution registry answers 404.
    const h = await this.request({ method: 'GET', path: '/api/v2.0/ping', auth: 'none', signal: opts.signal, maxBodyBytes: 64 * 1024 });
    return { kind: h.status === 200 ? 'harbor' : 'distribution', authScheme, apiVersion };
  }

  async catalog(opts: { n?: number; cursor?: string; signal?: AbortSignal } = {}): Promise<Page<string>> {
    const what = `repositories of ${this.registry}`;
    const path = opts.cursor ? cursorPath(this, opts.cursor, '/v2/_catalog') : '/v2/_catalog';
    const res = await this.request({
      method: 'GET', path, query: opts.cursor ? undefined : { n: opts.n }, scope: [CATALOG_SCOPE], signal: opts.signal,
    });
    if (res.status !== 200) throw this.errorFor(res, what);
    return { items: stringList(parseJson(res.body, what), 'repositories', what), next: nextLink(res, this) };
  }

  async tags(repository: string, opts: { n?: number; cursor?: string; signal?: AbortSignal; scope?: string[] } = {}): Promise<Page<string>> {
    validateRepository(repository);
    const what = `tags of ${this.registry}/${repository}`;
    const base = `/v2/${repository}/tags/list`;
    const path = opts.cursor ? cursorPath(this, opts.cursor, base) : base;
    const res = await this.request({ method: 'GET', path, query: opts.cursor ? undefined : { n: opts.n }, scope: opts.scope ?? pullScope(repository), signal: opts.signal });
    if (res.status !== 200) throw this.errorFor(res, what);
    return { items: stringList(parseJson(res.body, what), 'tags', what), next: nextLink(res, this) };
  }

  /**
   * Every page of tags, one page per iteration. Guards against servers whose Link never ends
   * (maxPages, default 1000) or repeats an earlier page (loop detection). Registry 2.8 ignores `n`
   * and returns everything in the first page; nothing here assumes paging works.
   */
  async *allTags(repository: string, opts: { n?: number; maxPages?: number; signal?: AbortSignal; scope?: string[] } = {}): AsyncGenerator<string[]> {
    const seen = new Set<string>();
    const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
    let cursor: string | undefined;
    for (let page = 0; ; page++) {
      if (page >= maxPages) throw new RegistryError(`stopped listing tags of ${repository} after ${maxPages} pages; the registry keeps sending more`, { code: 'TOO_MANY_PAGES' });
      const p = await this.tags(repository, { n: opts.n, cursor, signal: opts.signal, scope: opts.scope });
      yield p.items;
      if (!p.next) return;
      if (seen.has(p.next)) throw new RegistryError(`the registry ${this.registry} sent a Link loop while listing tags of ${repository}; stopping`, { code: 'LINK_LOOP' });
      seen.add(p.next);
      cursor = p.next;
    }
  }

  async headManifest(ref: Reference, opts: CallOptions & { scope?: string[] } = {}): Promise<ManifestDescriptor | undefined> {
    const res = await this.request({ method: 'HEAD', path: manifestPath(ref), headers: { accept: MANIFEST_ACCEPT }, scope: opts.scope ?? pullScope(ref.repository), signal: opts.signal });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw this.errorFor(res, `manifest ${ref}`);
    const digest = header(res.headers, 'docker-content-digest') ?? ref.digest;
    const size = Number(header(res.headers, 'content-length'));
    const mediaType = mediaTypeOf(res.headers);
    if (!digest || !isDigest(digest) || !mediaType || !Number.isFinite(size)) {
      // Some registries omit Docker-Content-Digest on HEAD: fall back to one GET and compute it.
      const m = await this.getManifest(ref, opts);
      return { digest: m.digest, mediaType: m.mediaType, size: m.size };
    }
    return { digest, mediaType, size };
  }

  /**
   * GET with every manifest type in Accept; the digest is verified against the reference's digest and
   * the Docker-Content-Digest header by hashing the bytes received.
   */
  async getManifest(ref: Reference, opts: CallOptions & { scope?: string[] } = {}): Promise<Manifest> {
    const what = `manifest ${ref}`;
    const res = await this.request({
      method: 'GET', path: manifestPath(ref), headers: { accept: MANIFEST_ACCEPT }, scope: opts.scope ?? pullScope(ref.repository), signal: opts.signal, maxBodyBytes: MAX_MANIFEST_BYTES,
    });
    if (res.status !== 200) throw this.errorFor(res, what);
    const contentType = mediaTypeOf(res.headers);
    const headerDigest = header(res.headers, 'docker-content-digest');
    const computed = sha256Digest(res.body);
    if (ref.digest) {
      const mine = digestLike(ref.digest, res.body);
      if (mine !== ref.digest) throw new RegistryError(`${what}: the registry sent content whose digest is ${mine ?? 'unknown'}, not ${ref.digest}; refusing it`, { code: 'DIGEST_MISMATCH' });
    }
    if (headerDigest && contentType !== DOCKER_MANIFEST_V1_SIGNED) {
      const mine = digestLike(headerDigest, res.body);
      if (mine !== undefined && mine !== headerDigest) {
        throw new RegistryError(`${what}: Docker-Content-Digest ${headerDigest} does not match the content (${mine}); refusing it`, { code: 'DIGEST_MISMATCH' });
      }
    }
    const digest = ref.digest ?? (contentType === DOCKER_MANIFEST_V1_SIGNED && headerDigest ? headerDigest : computed);
    return parseManifest(res.body, contentType, digest, what);
  }

  /** PUT of exact bytes; returns the digest, checked against what the registry says it stored. */
  async putManifest(ref: Reference, bytes: Buffer, mediaType: string, opts: CallOptions & { scope?: string[] } = {}): Promise<string> {
    const what = `manifest ${ref}`;
    const digest = ref.digest ? digestLike(ref.digest, bytes) ?? sha256Digest(bytes) : sha256Digest(bytes);
    if (ref.digest && digest !== ref.digest) throw new RegistryError(`${what}: the bytes have digest ${digest}, not ${ref.digest}`, { code: 'DIGEST_MISMATCH' });
    const res = await this.request({
      method: 'PUT', path: manifestPath(ref), headers: { 'content-type': mediaType }, body: bytes, contentLength: bytes.length,
      scope: opts.scope ?? pushPullScope(ref.repository), signal: opts.signal, idempotent: true,
    });
    if (res.status !== 201 && res.status !== 200) throw this.errorFor(res, `push of ${what}`);
    const stored = header(res.headers, 'docker-content-digest');
    if (stored && stored !== digest) {
      throw new RegistryError(`${what}: the registry stored digest ${stored} but we sent ${digest}`, { code: 'DIGEST_MISMATCH' });
    }
    return digest;
  }

  async deleteManifest(repository: string, digestOrTag: string, opts: CallOptions & { scope?: string[] } = {}): Promise<void> {
    validateRepository(repository);
    if (digestOrTag.includes(':')) validateDigest(digestOrTag); else validateTag(digestOrTag);
    const what = `${this.registry}/${repository}${digestOrTag.includes(':') ? '@' : ':'}${digestOrTag}`;
    const res = await this.request({
      method: 'DELETE', path: `/v2/${repository}/manifests/${digestOrTag}`, scope: opts.scope ?? deleteScope(repository), signal: opts.signal, idempotent: true,
    });
    if (res.status === 202 || res.status === 200 || res.status === 204) return;
    throw deleteError(this, res, `delete of ${what}`);
  }

  async getBlob(repository: string, digest: string, opts: CallOptions & { maxBodyBytes?: number; scope?: string[] } = {}): Promise<Buffer> {
    const res = await this.request({ method: 'GET', path: blobPath(repository, digest), scope: opts.scope ?? pullScope(repository), signal: opts.signal, maxBodyBytes: opts.maxBodyBytes });
    if (res.status !== 200) throw this.errorFor(res, `blob ${digest} of ${repository}`);
    if (digestLike(digest, res.body) !== digest) throw new RegistryError(`blob ${digest} of ${repository}: content does not match its digest`, { code: 'DIGEST_MISMATCH' });
    return res.body;
  }

  /** The blob as a stream (redirects to object storage followed without our Authorization). */
  async blobStream(repository: string, digest: string, opts: CallOptions & { scope?: string[] } = {}): Promise<{ stream: NodeJS.ReadableStream; size?: number }> {
    const res = await this.request({ method: 'GET', path: blobPath(repository, digest), scope: opts.scope ?? pullScope(repository), signal: opts.signal, stream: true });
    if (res.status !== 200 || !res.stream) throw this.errorFor(res, `blob ${digest} of ${repository}`);
    const size = Number(header(res.headers, 'content-length'));
    return { stream: res.stream, size: Number.isFinite(size) ? size : undefined };
  }

  async headBlob(repository: string, digest: string, opts: CallOptions & { scope?: string[] } = {}): Promise<boolean> {
    const res = await this.request({ method: 'HEAD', path: blobPath(repository, digest), scope: opts.scope ?? pullScope(repository), signal: opts.signal });
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw this.errorFor(res, `blob ${digest} of ${repository}`);
  }

  /**
   * Cross-repository mount (distribution-spec "Mounting a blob from another repository"): 201 = mounted,
   * no bytes move; 202 = not mounted, an upload session was opened instead (kept for uploadBlob).
   */
  async mountBlob(repository: string, digest: string, fromRepository: string, opts: CallOptions & { scope?: string[] } = {}): Promise<boolean> {
    validateRepository(repository);
    validateRepository(fromRepository);
    validateDigest(digest);
    const res = await this.request({
      method: 'POST', path: `/v2/${repository}/blobs/uploads/`, query: { mount: digest, from: fromRepository },
      scope: opts.scope ?? [...pushPullScope(repository), ...pullScope(fromRepository)], signal: opts.signal, contentLength: 0, idempotent: true,
    });
    if (res.status === 201) return true;
    if (res.status === 202) {
      const location = header(res.headers, 'location');
      if (location) this.openUploads.set(`${repository}@${digest}`, resolveLocation(location, res.url, `mount of blob ${digest} into ${repository}`));
      return false;
    }
    throw this.errorFor(res, `mount of blob ${digest} into ${repository}`);
  }

  /** Monolithic upload: POST (or the session a failed mount opened) then one PUT with the whole body, streamed. */
  async uploadBlob(repository: string, digest: string, body: Buffer | NodeJS.ReadableStream, size: number, opts: CallOptions & { scope?: string[] } = {}): Promise<void> {
    validateRepository(repository);
    validateDigest(digest);
    const what = `upload of blob ${digest} to ${repository}`;
    if (Buffer.isBuffer(body)) {
      if (body.length !== size) throw new RegistryError(`${what}: size ${size} does not match the ${body.length} bytes given`, { code: 'SIZE_INVALID' });
      if (digestLike(digest, body) !== digest) throw new RegistryError(`${what}: the bytes do not match the digest`, { code: 'DIGEST_MISMATCH' });
    }
    const key = `${repository}@${digest}`;
    let location = this.openUploads.get(key);
    this.openUploads.delete(key);
    if (!location) {
      const res = await this.request({ method: 'POST', path: `/v2/${repository}/blobs/uploads/`, scope: opts.scope ?? pushPullScope(repository), signal: opts.signal, contentLength: 0 });
      if (res.status !== 202) throw this.errorFor(res, what);
      const loc = header(res.headers, 'location');
      if (!loc) throw malformed(what, 'no Location for the upload');
      location = resolveLocation(loc, res.url, what);
    }
    const url = new URL(location);
    url.searchParams.set('digest', digest);
    const res = await this.request({
      method: 'PUT', path: url.toString(), headers: { 'content-type': 'application/octet-stream' }, body, contentLength: size,
      scope: opts.scope ?? pushPullScope(repository), signal: opts.signal,
    });
    if (res.status !== 201 && res.status !== 204) throw this.errorFor(res, what);
    const stored = header(res.headers, 'docker-content-digest');
    if (stored && stored !== digest) throw new RegistryError(`${what}: the registry stored ${stored}`, { code: 'DIGEST_MISMATCH' });
  }

  /**
   * The digest a reference names: its own, or the one its tag points at now (one HEAD). The one home for
   * "pin a tag to a digest"; a missing manifest is MANIFEST_UNKNOWN (404).
   */
  async resolveDigest(ref: Reference, opts: CallOptions = {}): Promise<string> {
    if (ref.digest) return ref.digest;
    const d = await this.headManifest(ref, opts);
    if (!d) throw new RegistryError(`manifest ${ref} not found. Check the repository and tag.`, { status: 404, code: 'MANIFEST_UNKNOWN' });
    return d.digest;
  }

  /**
   * Referrers API (distribution-spec "Listing Referrers"); when the registry has none (404, e.g. registry 2.8),
   * the tag schema fallback: the OCI index tagged `<alg>-<hex>` and cosign's `<alg>-<hex>.sig/.att/.sbom`.
   */
  async referrers(ref: Reference, opts: CallOptions & { artifactType?: string } = {}): Promise<Descriptor[]> {
    const digest = await this.resolveDigest(ref, opts);
    // The API and the `<alg>-<hex>` index: one home (referrers.ts); cosign's own tags are added on the fallback.
    const listed = await listReferrers(this, ref, digest, opts);
    if (listed.source === 'api') return listed.descriptors;
    const base = digest.replace(':', '-');
    const out: Descriptor[] = [...listed.descriptors];
    const found = await Promise.all(COSIGN_SUFFIXES.map(async ([suffix, artifactType]) => {
      const tag = `${base}.${suffix}`;
      if (tag.length > 128 || (opts.artifactType && opts.artifactType !== artifactType)) return undefined;
      const d = await this.headManifest(ref.withTag(tag), opts);
      return d && { ...d, artifactType, annotations: { 'org.opencontainers.image.ref.name': tag } };
    }));
    for (const f of found) if (f) out.push(f);
    return out;
  }

  /**
   * What a tag's details view shows: created (config.created), platforms (an index's children), size.
   * Image: 2 requests (manifest, config). Index: 3 (index, the chosen platform's manifest, its config);
   * `size` of an index is the index plus that one platform image (what a pull for it downloads).
   */
  async imageConfig(ref: Reference, opts: CallOptions & { platform?: string; content?: ContentCache } = {}): Promise<ImageDetails> {
    // Tags rebuilt from one base often differ only in their manifest: with `content`, a platform manifest or
    // config blob that many images share is read once (keyed by digest, which names the bytes).
    const memo = <T>(key: string, load: () => Promise<T>): Promise<T> => (opts.content ? opts.content.get(key, load) : load());
    const top = await this.getManifest(ref, opts);
    let image = top;
    let platforms: Platform[] = [];
    let size = top.size;
    if (top.isIndex) {
      const children = (top.manifests ?? []).filter((d) => !(d.platform?.os === 'unknown' && d.platform.architecture === 'unknown'));
      platforms = children.map((d) => d.platform).filter((p): p is Platform => !!p);
      const want = opts.platform ?? 'linux/amd64';
      const chosen = children.find((d) => d.platform && platformString(d.platform) === want)
        ?? children.find((d) => d.platform && `${d.platform.os}/${d.platform.architecture}` === want)
        ?? children[0];
      if (!chosen) return { digest: top.digest, mediaType: top.mediaType, size, platforms };
      image = await memo(`manifest ${chosen.digest}`, () => this.getManifest(ref.withDigest(chosen.digest), opts));
      if (image.isIndex) return { digest: top.digest, mediaType: top.mediaType, size: size + image.size, platforms };
      size += image.size;
    }
    size += (image.config?.size ?? 0) + (image.layers ?? []).reduce((s, l) => s + l.size, 0);
    let created: string | undefined;
    let config: unknown;
    if (image.config && IMAGE_CONFIG_TYPES.has(image.config.mediaType)) {
      const cfg = image.config;
      config = await memo(`config ${cfg.digest}`, async () => parseJson(await this.getBlob(ref.repository, cfg.digest, opts), `config of ${ref}`));
      if (config && typeof config === 'object') {
        const c = config as Record<string, unknown>;
        if (typeof c.created === 'string') created = c.created;
        if (!top.isIndex && typeof c.os === 'string' && typeof c.architecture === 'string') {
          const p: Platform = { os: c.os, architecture: c.architecture };
          if (typeof c.variant === 'string') p.variant = c.variant;
          platforms = [p];
        }
      }
    }
    return { digest: top.digest, mediaType: top.mediaType, size, created, platforms, config };
  }
}
