// The OCI referrers list of a manifest (distribution-spec 1.1 "Listing Referrers", "Referrers Tag Schema"):
// GET /v2/<name>/referrers/<digest> (an image index, paged by Link, filtered by artifactType when the registry
// says so in OCI-Filters-Applied); when that answers 404 the registry has no referrers API and the index tagged
// `<alg>-<hex>` stands in for it ("Unavailable Referrers API": the client MUST fall back to that tag).
import type { RegistryClient } from './client';
import { header, mediaTypeOf, nextLink, parseManifest, MAX_MANIFEST_BYTES, DEFAULT_MAX_PAGES } from './distribution';
import { sha256Digest } from './digest';
import { RegistryError } from './errors';
import { OCI_INDEX } from './mediaTypes';
import { validateDigest, validateRepository, type Reference } from './reference';
import { pullScope } from './scope';
import type { CallOptions, Descriptor } from './types';

export interface ReferrersOptions extends CallOptions {
  artifactType?: string;
  /**
   * Tags of the repository already listed by the caller: when the referrers API is missing and the tag schema
   * tag is not among them, no request is made for it.
   */
  knownTags?: ReadonlySet<string>;
}

export interface ReferrersList {
  descriptors: Descriptor[];
  /** 'api' when the registry answered the referrers API; 'tag-schema' when it fell back to the `<alg>-<hex>` tag. */
  source: 'api' | 'tag-schema';
}

/** `sha256:abc…` → `sha256-abc…` (distribution-spec "Referrers Tag Schema": the algorithm, `-`, the encoded part). */
export function referrersTag(digest: string): string {
  return digest.replace(':', '-').slice(0, 128);
}

/** Every referrer of `digest` in `ref`'s repository, through the API or the tag schema. */
export async function listReferrers(client: RegistryClient, ref: Reference, digest: string, opts: ReferrersOptions = {}): Promise<ReferrersList> {
  validateRepository(ref.repository);
  validateDigest(digest);
  const what = `referrers of ${ref.name}@${digest}`;
  const out: Descriptor[] = [];
  let path: string | undefined = `/v2/${ref.repository}/referrers/${digest}`;
  let query: Record<string, string | undefined> | undefined = { artifactType: opts.artifactType };
  let filtered = true;
  for (let page = 0; path; page++) {
    if (page >= DEFAULT_MAX_PAGES) throw new RegistryError(`stopped listing ${what} after ${page} pages`, { code: 'TOO_MANY_PAGES' });
    const res = await client.request({
      method: 'GET', path, query, headers: { accept: OCI_INDEX }, scope: pullScope(ref.repository), signal: opts.signal, maxBodyBytes: MAX_MANIFEST_BYTES,
    });
    if (res.status === 404 && page === 0) return { descriptors: await tagSchema(client, ref, digest, opts), source: 'tag-schema' };
    if (res.status !== 200) throw client.errorFor(res, what);
    const type = mediaTypeOf(res.headers);
    if (type && type !== OCI_INDEX) throw new RegistryError(`${what}: the registry answered ${type}, not an image index`, { code: 'MANIFEST_INVALID' });
    // "If filtering is requested and applied, the response MUST include a header OCI-Filters-Applied": without
    // it, the filter is ours to apply.
    const applied = (header(res.headers, 'oci-filters-applied') ?? '').split(',').map((s) => s.trim());
    if (!applied.includes('artifactType')) filtered = false;
    for (const d of parseManifest(res.body, OCI_INDEX, sha256Digest(res.body), what).manifests ?? []) out.push(d);
    path = nextLink(res, client);
    query = undefined;
  }
  return { descriptors: opts.artifactType && !filtered ? out.filter((d) => d.artifactType === opts.artifactType) : out, source: 'api' };
}

/** "If … the tag schema does not return a valid image index, the client SHOULD assume there are no referrers." */
async function tagSchema(client: RegistryClient, ref: Reference, digest: string, opts: ReferrersOptions): Promise<Descriptor[]> {
  const tag = referrersTag(digest);
  if (opts.knownTags && !opts.knownTags.has(tag)) return [];
  let list: Descriptor[];
  try {
    const m = await client.getManifest(ref.withTag(tag), { signal: opts.signal });
    list = m.isIndex ? m.manifests ?? [] : [];
  } catch (e) {
    if (e instanceof RegistryError && (e.status === 404 || e.code === 'MANIFEST_INVALID')) return [];
    throw e;
  }
  return opts.artifactType ? list.filter((d) => d.artifactType === opts.artifactType) : list;
}
