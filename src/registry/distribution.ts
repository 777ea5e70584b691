// OCI distribution operations (OCI distribution-spec: Pulling, Pushing, Content Discovery, Content Management)
// on top of RegistryClient.request.
// Each function makes the fewest requests the protocol allows; the counts are pinned by tests.
import type { RegistryClient, RegistryResponse, ResponseHeaders } from './client';
import { digestLike, isDigest, sha256Digest } from './digest';
import { RegistryError } from './errors';
import { IMAGE_CONFIG_TYPES, INDEX_TYPES, MANIFEST_ACCEPT, DOCKER_MANIFEST_V1_SIGNED, OCI_INDEX } from './mediaTypes';
import { validateDigest, validateRepository, validateTag, type Reference } from './reference';
import { platformString } from './platform';
import { CATALOG_SCOPE, deleteScope, pullScope, pushPullScope } from './scope';
import { malformed, parseJson } from './transport/body';
import type { CallOptions, ContentCache, Descriptor, ImageDetails, Manifest, ManifestDescriptor, Page, Platform } from './types';

/** OCI image-spec suggests registries accept manifests up to 4 MiB; we read no more. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const DEFAULT_MAX_PAGES = 1000;


function header(h: ResponseHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

function mediaTypeOf(h: ResponseHeaders): string | undefined {
  return header(h, 'content-type')?.split(';')[0].trim() || undefined;
}

// ---- ping ----

export async function ping(client: RegistryClient, opts: CallOptions = {}): Promise<{ kind: 'distribution' | 'harbor' | 'dockerhub'; authScheme?: string; apiVersion?: string }> {
  const res = await client.request({ method: 'GET', path: '/v2/', signal: opts.signal, maxBodyBytes: 64 * 1024 });
  if (res.status !== 200) throw client.errorFor(res, `${client.registry}/v2/`);
  const apiVersion = header(res.headers, 'docker-distribution-api-version');
  const authScheme = res.headers['www-authenticate'] ? String(header(res.headers, 'www-authenticate')).split(' ')[0].toLowerCase() : undefined;
  if (client.registry === 'docker.io') return { kind: 'dockerhub', authScheme: 'bearer', apiVersion };
  // Harbor answers its REST ping; a plain distribution registry answers 404.
  const h = await client.request({ method: 'GET', path: '/api/v2.0/ping', auth: 'none', signal: opts.signal, maxBodyBytes: 64 * 1024 });
  return { kind: h.status === 200 ? 'harbor' : 'distribution', authScheme, apiVersion };
}

// ---- paging ----

/**
 * The next-page URL from a Link header (RFC 8288; distribution-spec "Listing Tags": `Link: <url>; rel="next"`),
 * resolved against the URL that was requested. A Link to another origin is refused: it would be a way to send
 * our requests, and before this check our credentials, elsewhere.
 */
export function nextLink(res: RegistryResponse, client: RegistryClient): string | undefined {
  const raw = res.headers.link;
  const values = Array.isArray(raw) ? raw : raw ? [raw] : [];
  for (const value of values) {
    for (const part of value.split(/,(?=\s*<)/)) {
      const m = /^\s*<([^>]*)>\s*(.*)$/.exec(part);
      if (!m || !/(^|;)\s*rel\s*=\s*"?next"?/i.test(m[2])) continue;
      let next: URL;
      try { next = new URL(m[1], res.url); } catch { throw malformed(res.url, `invalid Link URL ${JSON.stringify(m[1])}`); }
      if (next.origin !== new URL(client.baseUrl).origin) {
        throw new RegistryError(`the registry ${client.registry} sent a Link to another host (${next.origin}); refusing to follow it`, { code: 'LINK_CROSS_HOST' });
      }
      if (next.toString() === new URL(res.url).toString()) {
        throw new RegistryError(`the registry ${client.registry} sent a Link that points back to the same page; stopping`, { code: 'LINK_LOOP' });
      }
      return next.pathname + next.search;
    }
  }
  return undefined;
}

/** A cursor must be a path on this registry under /v2/ (it came from nextLink, but callers may persist it). */
function cursorPath(client: RegistryClient, cursor: string, under: string): string {
  let u: URL;
  try { u = new URL(cursor, client.baseUrl + '/'); } catch { throw new RegistryError(`invalid page cursor ${JSON.stringify(cursor)}`, { code: 'CURSOR_INVALID' }); }
  if (u.origin !== new URL(client.baseUrl).origin || !u.pathname.startsWith(under)) {
    throw new RegistryError(`invalid page cursor ${JSON.stringify(cursor)}: not a ${under} URL of ${client.registry}`, { code: 'CURSOR_INVALID' });
  }
  return u.pathname + u.search;
}

function stringList(json: unknown, key: string, what: string): string[] {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw malformed(what, 'not a JSON object');
  const v = (json as Record<string, unknown>)[key];
  // registry 2.8 answers "tags": null for a repository whose tags were all deleted.
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw malformed(what, `"${key}" is not a list of strings`);
  return v as string[];
}

export async function catalog(client: RegistryClient, opts: { n?: number; cursor?: string; signal?: AbortSignal } = {}): Promise<Page<string>> {
  const what = `repositories of ${client.registry}`;
  const path = opts.cursor ? cursorPath(client, opts.cursor, '/v2/_catalog') : '/v2/_catalog';
  const res = await client.request({
    method: 'GET', path, query: opts.cursor ? undefined : { n: opts.n }, scope: [CATALOG_SCOPE], signal: opts.signal,
  });
  if (res.status !== 200) throw client.errorFor(res, what);
  return { items: stringList(parseJson(res.body, what), 'repositories', what), next: nextLink(res, client) };
}

export async function tags(client: RegistryClient, repository: string, opts: { n?: number; cursor?: string; signal?: AbortSignal; scope?: string[] } = {}): Promise<Page<string>> {
  validateRepository(repository);
  const what = `tags of ${client.registry}/${repository}`;
  const base = `/v2/${repository}/tags/list`;
  const path = opts.cursor ? cursorPath(client, opts.cursor, base) : base;
  const res = await client.request({ method: 'GET', path, query: opts.cursor ? undefined : { n: opts.n }, scope: opts.scope ?? pullScope(repository), signal: opts.signal });
  if (res.status !== 200) throw client.errorFor(res, what);
  return { items: stringList(parseJson(res.body, what), 'tags', what), next: nextLink(res, client) };
}

/**
 * Every page of tags, one page per iteration. Guards against servers whose Link never ends
 * (maxPages, default 1000) or repeats an earlier page (loop detection). Registry 2.8 ignores `n`
 * and returns everything in the first page; nothing here assumes paging works.
 */
export async function* allTags(client: RegistryClient, repository: string, opts: { n?: number; maxPages?: number; signal?: AbortSignal; scope?: string[] } = {}): AsyncGenerator<string[]> {
  const seen = new Set<string>();
  const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
  let cursor: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= maxPages) throw new RegistryError(`stopped listing tags of ${repository} after ${maxPages} pages; the registry keeps sending more`, { code: 'TOO_MANY_PAGES' });
    const p = await tags(client, repository, { n: opts.n, cursor, signal: opts.signal, scope: opts.scope });
    yield p.items;
    if (!p.next) return;
    if (seen.has(p.next)) throw new RegistryError(`the registry ${client.registry} sent a Link loop while listing tags of ${repository}; stopping`, { code: 'LINK_LOOP' });
    seen.add(p.next);
    cursor = p.next;
  }
}

// ---- manifests ----

function parseDescriptor(x: unknown, what: string): Descriptor {
  if (!x || typeof x !== 'object') throw malformed(what, 'a descriptor is not an object');
  const d = x as Record<string, unknown>;
  if (typeof d.digest !== 'string' || !isDigest(d.digest)) throw malformed(what, `descriptor digest ${JSON.stringify(d.digest)} is not valid`);
  if (typeof d.size !== 'number' || !Number.isSafeInteger(d.size) || d.size < 0) throw malformed(what, `descriptor ${d.digest} has no valid size`);
  const out: Descriptor = { mediaType: typeof d.mediaType === 'string' ? d.mediaType : '', digest: d.digest, size: d.size };
  if (d.platform && typeof d.platform === 'object') {
    const p = d.platform as Record<string, unknown>;
    if (typeof p.os === 'string' && typeof p.architecture === 'string') {
      const plat: Platform = { os: p.os, architecture: p.architecture };
      if (typeof p.variant === 'string') plat.variant = p.variant;
      if (typeof p['os.version'] === 'string') plat['os.version'] = p['os.version'];
      out.platform = plat;
    }
  }
  if (d.annotations && typeof d.annotations === 'object') out.annotations = d.annotations as Record<string, string>;
  if (typeof d.artifactType === 'string') out.artifactType = d.artifactType;
  if (Array.isArray(d.urls)) out.urls = d.urls.filter((u): u is string => typeof u === 'string');
  return out;
}

/** Parses manifest bytes into a Manifest, with clear errors for wrong shapes. */
export function parseManifest(bytes: Buffer, contentType: string | undefined, digest: string, what: string): Manifest {
  const json = parseJson(bytes, what);
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw malformed(what, 'the manifest is not a JSON object');
  const o = json as Record<string, unknown>;
  const mediaType = (typeof o.mediaType === 'string' && o.mediaType) || contentType || '';
  const isIndex = INDEX_TYPES.has(mediaType) || (Array.isArray(o.manifests) && !Array.isArray(o.layers));
  const m: Manifest = { digest, mediaType, size: bytes.length, bytes, json, isIndex };
  if (isIndex) {
    if (!Array.isArray(o.manifests)) throw malformed(what, 'an index without "manifests"');
    m.manifests = o.manifests.map((d) => parseDescriptor(d, what));
  } else if (mediaType !== DOCKER_MANIFEST_V1_SIGNED) {
    if (o.config !== undefined) m.config = parseDescriptor(o.config, what);
    if (o.layers !== undefined) {
      if (!Array.isArray(o.layers)) throw malformed(what, '"layers" is not a list');
      m.layers = o.layers.map((d) => parseDescriptor(d, what));
    }
    if (!m.config) throw malformed(what, 'an image manifest without "config"');
  }
  if (o.subject !== undefined) m.subject = parseDescriptor(o.subject, what);
  if (typeof o.artifactType === 'string') m.artifactType = o.artifactType;
  if (o.annotations && typeof o.annotations === 'object') m.annotations = o.annotations as Record<string, string>;
  return m;
}

function manifestPath(ref: Reference): string {
  return `/v2/${ref.repository}/manifests/${ref.manifestReference()}`;
}

export async function headManifest(client: RegistryClient, ref: Reference, opts: CallOptions & { scope?: string[] } = {}): Promise<ManifestDescriptor | undefined> {
  const res = await client.request({ method: 'HEAD', path: manifestPath(ref), headers: { accept: MANIFEST_ACCEPT }, scope: opts.scope ?? pullScope(ref.repository), signal: opts.signal });
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw client.errorFor(res, `manifest ${ref}`);
  const digest = header(res.headers, 'docker-content-digest') ?? ref.digest;
  const size = Number(header(res.headers, 'content-length'));
  const mediaType = mediaTypeOf(res.headers);
  if (!digest || !isDigest(digest) || !mediaType || !Number.isFinite(size)) {
    // Some registries omit Docker-Content-Digest on HEAD: fall back to one GET and compute it.
    const m = await getManifest(client, ref, opts);
    return { digest: m.digest, mediaType: m.mediaType, size: m.size };
  }
  return { digest, mediaType, size };
}

/**
 * GET with every manifest type in Accept; the digest is verified against the reference's digest and
 * the Docker-Content-Digest header by hashing the bytes received.
 */
export async function getManifest(client: RegistryClient, ref: Reference, opts: CallOptions & { scope?: string[] } = {}): Promise<Manifest> {
  const what = `manifest ${ref}`;
  const res = await client.request({
    method: 'GET', path: manifestPath(ref), headers: { accept: MANIFEST_ACCEPT }, scope: opts.scope ?? pullScope(ref.repository), signal: opts.signal, maxBodyBytes: MAX_MANIFEST_BYTES,
  });
  if (res.status !== 200) throw client.errorFor(res, what);
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
export async function putManifest(client: RegistryClient, ref: Reference, bytes: Buffer, mediaType: string, opts: CallOptions & { scope?: string[] } = {}): Promise<string> {
  const what = `manifest ${ref}`;
  const digest = ref.digest ? digestLike(ref.digest, bytes) ?? sha256Digest(bytes) : sha256Digest(bytes);
  if (ref.digest && digest !== ref.digest) throw new RegistryError(`${what}: the bytes have digest ${digest}, not ${ref.digest}`, { code: 'DIGEST_MISMATCH' });
  const res = await client.request({
    method: 'PUT', path: manifestPath(ref), headers: { 'content-type': mediaType }, body: bytes, contentLength: bytes.length,
    scope: opts.scope ?? pushPullScope(ref.repository), signal: opts.signal, idempotent: true,
  });
  if (res.status !== 201 && res.status !== 200) throw client.errorFor(res, `push of ${what}`);
  const stored = header(res.headers, 'docker-content-digest');
  if (stored && stored !== digest) {
    throw new RegistryError(`${what}: the registry stored digest ${stored} but we sent ${digest}`, { code: 'DIGEST_MISMATCH' });
  }
  return digest;
}

export const DELETE_DISABLED_MESSAGE = 'delete is disabled on this registry (set storage.delete.enabled: true)';

export async function deleteManifest(client: RegistryClient, repository: string, digestOrTag: string, opts: CallOptions & { scope?: string[] } = {}): Promise<void> {
  validateRepository(repository);
  if (digestOrTag.includes(':')) validateDigest(digestOrTag); else validateTag(digestOrTag);
  const what = `${client.registry}/${repository}${digestOrTag.includes(':') ? '@' : ':'}${digestOrTag}`;
  const res = await client.request({
    method: 'DELETE', path: `/v2/${repository}/manifests/${digestOrTag}`, scope: opts.scope ?? deleteScope(repository), signal: opts.signal, idempotent: true,
  });
  if (res.status === 202 || res.status === 200 || res.status === 204) return;
  throw deleteError(client, res, `delete of ${what}`);
}

export function deleteError(client: RegistryClient, res: RegistryResponse, what: string): RegistryError {
  const e = client.errorFor(res, what);
  if (res.status === 405) {
    return new RegistryError(`${what} failed: ${DELETE_DISABLED_MESSAGE}`, { status: 405, code: e.code ?? 'UNSUPPORTED', detail: e.detail });
  }
  return e;
}

// ---- blobs ----

function blobPath(repository: string, digest: string): string {
  validateRepository(repository);
  validateDigest(digest);
  return `/v2/${repository}/blobs/${digest}`;
}

export async function getBlob(client: RegistryClient, repository: string, digest: string, opts: CallOptions & { maxBodyBytes?: number; scope?: string[] } = {}): Promise<Buffer> {
  const res = await client.request({ method: 'GET', path: blobPath(repository, digest), scope: opts.scope ?? pullScope(repository), signal: opts.signal, maxBodyBytes: opts.maxBodyBytes });
  if (res.status !== 200) throw client.errorFor(res, `blob ${digest} of ${repository}`);
  if (digestLike(digest, res.body) !== digest) throw new RegistryError(`blob ${digest} of ${repository}: content does not match its digest`, { code: 'DIGEST_MISMATCH' });
  return res.body;
}

/** The blob as a stream (redirects to object storage followed without our Authorization). */
export async function blobStream(client: RegistryClient, repository: string, digest: string, opts: CallOptions & { scope?: string[] } = {}): Promise<{ stream: NodeJS.ReadableStream; size?: number }> {
  const res = await client.request({ method: 'GET', path: blobPath(repository, digest), scope: opts.scope ?? pullScope(repository), signal: opts.signal, stream: true });
  if (res.status !== 200 || !res.stream) throw client.errorFor(res, `blob ${digest} of ${repository}`);
  const size = Number(header(res.headers, 'content-length'));
  return { stream: res.stream, size: Number.isFinite(size) ? size : undefined };
}

export async function headBlob(client: RegistryClient, repository: string, digest: string, opts: CallOptions & { scope?: string[] } = {}): Promise<boolean> {
  const res = await client.request({ method: 'HEAD', path: blobPath(repository, digest), scope: opts.scope ?? pullScope(repository), signal: opts.signal });
  if (res.status === 200) return true;
  if (res.status === 404) return false;
  throw client.errorFor(res, `blob ${digest} of ${repository}`);
}

function resolveLocation(location: string, base: string, what: string): string {
  let u: URL;
  try { u = new URL(location, base); } catch { throw malformed(what, `invalid upload Location ${JSON.stringify(location.slice(0, 200))}`); }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw malformed(what, 'upload Location is not an HTTP URL');
  return u.toString();
}

/** Upload sessions opened by a mount that the registry answered with 202; uploadBlob continues them (saves a POST). */
const openUploads = new WeakMap<RegistryClient, Map<string, string>>();

function uploadsOf(client: RegistryClient): Map<string, string> {
  let m = openUploads.get(client);
  if (!m) { m = new Map(); openUploads.set(client, m); }
  return m;
}

/**
 * Cross-repository mount (distribution-spec "Mounting a blob from another repository"): 201 = mounted,
 * no bytes move; 202 = not mounted, an upload session was opened instead (kept for uploadBlob).
 */
export async function mountBlob(client: RegistryClient, repository: string, digest: string, fromRepository: string, opts: CallOptions & { scope?: string[] } = {}): Promise<boolean> {
  validateRepository(repository);
  validateRepository(fromRepository);
  validateDigest(digest);
  const res = await client.request({
    method: 'POST', path: `/v2/${repository}/blobs/uploads/`, query: { mount: digest, from: fromRepository },
    scope: opts.scope ?? [...pushPullScope(repository), ...pullScope(fromRepository)], signal: opts.signal, contentLength: 0, idempotent: true,
  });
  if (res.status === 201) return true;
  if (res.status === 202) {
    const location = header(res.headers, 'location');
    if (location) uploadsOf(client).set(`${repository}@${digest}`, resolveLocation(location, res.url, `mount of blob ${digest} into ${repository}`));
    return false;
  }
  throw client.errorFor(res, `mount of blob ${digest} into ${repository}`);
}

/** Monolithic upload: POST (or the session a failed mount opened) then one PUT with the whole body, streamed. */
export async function uploadBlob(client: RegistryClient, repository: string, digest: string, body: Buffer | NodeJS.ReadableStream, size: number, opts: CallOptions & { scope?: string[] } = {}): Promise<void> {
  validateRepository(repository);
  validateDigest(digest);
  const what = `upload of blob ${digest} to ${repository}`;
  if (Buffer.isBuffer(body)) {
    if (body.length !== size) throw new RegistryError(`${what}: size ${size} does not match the ${body.length} bytes given`, { code: 'SIZE_INVALID' });
    if (digestLike(digest, body) !== digest) throw new RegistryError(`${what}: the bytes do not match the digest`, { code: 'DIGEST_MISMATCH' });
  }
  const key = `${repository}@${digest}`;
  let location = uploadsOf(client).get(key);
  uploadsOf(client).delete(key);
  if (!location) {
    const res = await client.request({ method: 'POST', path: `/v2/${repository}/blobs/uploads/`, scope: opts.scope ?? pushPullScope(repository), signal: opts.signal, contentLength: 0 });
    if (res.status !== 202) throw client.errorFor(res, what);
    const loc = header(res.headers, 'location');
    if (!loc) throw malformed(what, 'no Location for the upload');
    location = resolveLocation(loc, res.url, what);
  }
  const url = new URL(location);
  url.searchParams.set('digest', digest);
  const res = await client.request({
    method: 'PUT', path: url.toString(), headers: { 'content-type': 'application/octet-stream' }, body, contentLength: size,
    scope: opts.scope ?? pushPullScope(repository), signal: opts.signal,
  });
  if (res.status !== 201 && res.status !== 204) throw client.errorFor(res, what);
  const stored = header(res.headers, 'docker-content-digest');
  if (stored && stored !== digest) throw new RegistryError(`${what}: the registry stored ${stored}`, { code: 'DIGEST_MISMATCH' });
}

// ---- referrers ----

const COSIGN_SUFFIXES: Array<[string, string]> = [
  ['sig', 'application/vnd.dev.cosign.artifact.sig.v1+json'],
  ['att', 'application/vnd.dev.cosign.artifact.att.v1+json'],
  ['sbom', 'application/vnd.dev.cosign.artifact.sbom.v1+json'],
];

async function resolveDigest(client: RegistryClient, ref: Reference, opts: CallOptions): Promise<string> {
  if (ref.digest) return ref.digest;
  const d = await headManifest(client, ref, opts);
  if (!d) throw new RegistryError(`manifest ${ref} not found. Check the repository and tag.`, { status: 404, code: 'MANIFEST_UNKNOWN' });
  return d.digest;
}

/**
 * Referrers API (distribution-spec "Listing Referrers"); when the registry has none (404, e.g. registry 2.8),
 * the tag schema fallback: the OCI index tagged `<alg>-<hex>` and cosign's `<alg>-<hex>.sig/.att/.sbom`.
 */
export async function referrers(client: RegistryClient, ref: Reference, opts: CallOptions & { artifactType?: string } = {}): Promise<Descriptor[]> {
  const digest = await resolveDigest(client, ref, opts);
  const what = `referrers of ${ref.name}@${digest}`;
  const res = await client.request({
    method: 'GET', path: `/v2/${ref.repository}/referrers/${digest}`, query: { artifactType: opts.artifactType },
    headers: { accept: OCI_INDEX }, scope: pullScope(ref.repository), signal: opts.signal, maxBodyBytes: MAX_MANIFEST_BYTES,
  });
  if (res.status === 200 && (mediaTypeOf(res.headers) ?? OCI_INDEX) === OCI_INDEX) {
    const m = parseManifest(res.body, OCI_INDEX, sha256Digest(res.body), what);
    const list = m.manifests ?? [];
    return opts.artifactType ? list.filter((d) => d.artifactType === opts.artifactType) : list;
  }
  if (res.status !== 404 && res.status !== 200) throw client.errorFor(res, what);
  const base = digest.replace(':', '-');
  const out: Descriptor[] = [];
  const found = await Promise.all([base, ...COSIGN_SUFFIXES.map(([s]) => `${base}.${s}`)].map(async (tag) => {
    if (tag.length > 128) return undefined;
    return { tag, d: await headManifest(client, ref.withTag(tag), opts) };
  }));
  for (const f of found) {
    if (!f?.d) continue;
    if (f.tag === base) {
      const idx = await getManifest(client, ref.withTag(base).withDigest(f.d.digest), opts);
      for (const d of idx.manifests ?? []) out.push(d); // no spread: an index may name very many manifests
    } else {
      const suffix = f.tag.slice(base.length + 1);
      out.push({ ...f.d, artifactType: COSIGN_SUFFIXES.find(([s]) => s === suffix)?.[1], annotations: { 'org.opencontainers.image.ref.name': f.tag } });
    }
  }
  return opts.artifactType ? out.filter((d) => d.artifactType === opts.artifactType) : out;
}

// ---- image details ----

/**
 * What a tag's details view shows: created (config.created), platforms (an index's children), size.
 * Image: 2 requests (manifest, config). Index: 3 (index, the chosen platform's manifest, its config);
 * `size` of an index is the index plus that one platform image (what a pull for it downloads).
 */
export async function imageConfig(client: RegistryClient, ref: Reference, opts: CallOptions & { platform?: string; content?: ContentCache } = {}): Promise<ImageDetails> {
  // Tags rebuilt from one base often differ only in their manifest: with `content`, a platform manifest or
  // config blob that many images share is read once (keyed by digest, which names the bytes).
  const memo = <T>(key: string, load: () => Promise<T>): Promise<T> => (opts.content ? opts.content.get(key, load) : load());
  const top = await getManifest(client, ref, opts);
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
    image = await memo(`manifest ${chosen.digest}`, () => getManifest(client, ref.withDigest(chosen.digest), opts));
    if (image.isIndex) return { digest: top.digest, mediaType: top.mediaType, size: size + image.size, platforms };
    size += image.size;
  }
  size += (image.config?.size ?? 0) + (image.layers ?? []).reduce((s, l) => s + l.size, 0);
  let created: string | undefined;
  let config: unknown;
  if (image.config && IMAGE_CONFIG_TYPES.has(image.config.mediaType)) {
    const cfg = image.config;
    config = await memo(`config ${cfg.digest}`, async () => parseJson(await getBlob(client, ref.repository, cfg.digest, opts), `config of ${ref}`));
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
