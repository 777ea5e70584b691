// The OCI distribution protocol's shapes, for the operations in client.ts (OCI distribution-spec: Pulling,
// Pushing, Content Discovery, Content Management): paths, paging links and cursors, manifest parsing, the
// delete error. Pure functions: no request is made here.
import type { RegistryResponse, RegistryTransport } from './transport/registryTransport';
import type { ResponseHeaders } from './transport/exchange';
import { isDigest } from './digest';
import { RegistryError } from './errors';
import { INDEX_TYPES, DOCKER_MANIFEST_V1_SIGNED } from './mediaTypes';
import { validateDigest, validateRepository, type Reference } from './reference';
import { malformed, parseJson } from './transport/body';
import type { Descriptor, Manifest, Platform } from './types';

/** OCI image-spec suggests registries accept manifests up to 4 MiB; we read no more. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_PAGES = 1000;

export function header(h: ResponseHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

export function mediaTypeOf(h: ResponseHeaders): string | undefined {
  return header(h, 'content-type')?.split(';')[0].trim() || undefined;
}

// ---- paging ----

/**
 * The next-page URL from a Link header (RFC 8288; distribution-spec "Listing Tags": `Link: <url>; rel="next"`),
 * resolved against the URL that was requested. A Link to another origin is refused: it would be a way to send
 * our requests, and before this check our credentials, elsewhere.
 */
export function nextLink(res: RegistryResponse, client: Pick<RegistryTransport, 'baseUrl' | 'registry'>): string | undefined {
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
export function cursorPath(client: Pick<RegistryTransport, 'baseUrl' | 'registry'>, cursor: string, under: string): string {
  let u: URL;
  try { u = new URL(cursor, client.baseUrl + '/'); } catch { throw new RegistryError(`invalid page cursor ${JSON.stringify(cursor)}`, { code: 'CURSOR_INVALID' }); }
  if (u.origin !== new URL(client.baseUrl).origin || !u.pathname.startsWith(under)) {
    throw new RegistryError(`invalid page cursor ${JSON.stringify(cursor)}: not a ${under} URL of ${client.registry}`, { code: 'CURSOR_INVALID' });
  }
  return u.pathname + u.search;
}

export function stringList(json: unknown, key: string, what: string): string[] {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw malformed(what, 'not a JSON object');
  const v = (json as Record<string, unknown>)[key];
  // registry 2.8 answers "tags": null for a repository whose tags were all deleted.
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw malformed(what, `"${key}" is not a list of strings`);
  return v as string[];
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

export function manifestPath(ref: Reference): string {
  return `/v2/${ref.repository}/manifests/${ref.manifestReference()}`;
}

export const DELETE_DISABLED_MESSAGE = 'delete is disabled on this registry (set storage.delete.enabled: true)';

export function deleteError(client: Pick<RegistryTransport, 'errorFor'>, res: RegistryResponse, what: string): RegistryError {
  const e = client.errorFor(res, what);
  if (res.status === 405) {
    return new RegistryError(`${what} failed: ${DELETE_DISABLED_MESSAGE}`, { status: 405, code: e.code ?? 'UNSUPPORTED', detail: e.detail });
  }
  return e;
}

// ---- blobs ----

export function blobPath(repository: string, digest: string): string {
  validateRepository(repository);
  validateDigest(digest);
  return `/v2/${repository}/blobs/${digest}`;
}

export function resolveLocation(location: string, base: string, what: string): string {
  let u: URL;
  try { u = new URL(location, base); } catch { throw malformed(what, `invalid upload Location ${JSON.stringify(location.slice(0, 200))}`); }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw malformed(what, 'upload Location is not an HTTP URL');
  return u.toString();
}

// ---- referrers ----

export const COSIGN_SUFFIXES: Array<[string, string]> = [
  ['sig', 'application/vnd.dev.cosign.artifact.sig.v1+json'],
  ['att', 'application/vnd.dev.cosign.artifact.att.v1+json'],
  ['sbom', 'application/vnd.dev.cosign.artifact.sbom.v1+json'],
];

