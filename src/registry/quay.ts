// Quay's REST API (/api/v1; its Swagger 2.0 description is what /api/v1/discovery serves, generated from
// quay/quay endpoints/api/*.py — relevant part in test/fixtures/quay/). Repositories page with an opaque
// `next_page` token (endpoints/api/__init__.py page_support), tags with `page` / `limit` (≤ 100) and
// `has_additional` (endpoints/api/tag.py listRepoTags). An OAuth application token goes in `Authorization:
// Bearer`; the registry (quay.io/v2) takes a robot account (`ns+robot`) or a user with a password / token by
// Basic at its token realm, which the shared RegistryClient handles.
import type { CredentialProvider } from './credentials';
import { RegistryError } from './errors';
import { RestApi, type ApiTransportOptions } from './restApi';
import type { CallOptions, Page } from './types';

/** listRepoTags `limit`: "Max 100". */
export const QUAY_MAX_PAGE_SIZE = 100;

export interface QuayRepository {
  namespace: string; name: string; description?: string | null; is_public?: boolean; kind?: string; state?: string;
  last_modified?: number | null; is_starred?: boolean; popularity?: number;
}
/** tag.py _tag_dict. */
export interface QuayTag {
  name: string; reversion?: boolean; start_ts?: number; end_ts?: number; manifest_digest?: string; is_manifest_list?: boolean;
  size?: number | null; last_modified?: string; expiration?: string;
}

export interface QuayListOptions extends CallOptions { cursor?: string; pageSize?: number }

/** "ns/name" → its two path segments (Quay repositories are exactly namespace/name). */
export function splitQuayRepository(full: string): { namespace: string; name: string } {
  const i = full.indexOf('/');
  // Quay names: namespace [a-z0-9_][a-z0-9_-]*, repository [a-z0-9][._a-z0-9-]* (util/names.py); case kept for the message.
  if (!/^[A-Za-z0-9_][A-Za-z0-9_-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/.test(full)) throw new RegistryError(`not a Quay repository name (namespace/name): ${JSON.stringify(full)}`, { code: 'NAME_INVALID' });
  return { namespace: full.slice(0, i), name: full.slice(i + 1) };
}

export class QuayClient {
  readonly api: RestApi;
  constructor(opts: { apiUrl: string; registry: string; credentials?: CredentialProvider; transport?: ApiTransportOptions }) {
    this.api = new RestApi({
      baseUrl: opts.apiUrl, service: 'Quay', registry: opts.registry, credentials: opts.credentials, transport: opts.transport,
      authHeaders: (token) => ({ authorization: `Bearer ${token}` }),
    });
  }

  /** GET /repository?namespace=&last_modified=true[&next_page=] → {repositories, next_page?}. */
  async repositories(namespace: string, opts: QuayListOptions = {}): Promise<Page<QuayRepository>> {
    const what = `repositories of ${namespace} on Quay`;
    const { json } = await this.api.getJson<{ repositories?: QuayRepository[]; next_page?: string }>(this.api.path('repository'), what,
      { namespace, last_modified: 'true', next_page: opts.cursor }, opts);
    if (!json || !Array.isArray(json.repositories)) throw new RegistryError(`Quay sent a malformed response for ${what}`, { code: 'MALFORMED_RESPONSE' });
    return { items: json.repositories, next: typeof json.next_page === 'string' && json.next_page ? json.next_page : undefined };
  }

  /** GET /repository/{ns}/{name}/tag/?onlyActiveTags=true&page=&limit= → {tags, page, has_additional}. */
  async tags(repository: string, opts: QuayListOptions = {}): Promise<Page<QuayTag>> {
    const r = splitQuayRepository(repository);
    const page = opts.cursor === undefined ? 1 : Number(opts.cursor);
    if (!Number.isSafeInteger(page) || page < 1) throw new RegistryError(`invalid page cursor ${JSON.stringify(opts.cursor)}`, { code: 'CURSOR_INVALID' });
    const limit = Math.min(Math.max(1, opts.pageSize ?? 50), QUAY_MAX_PAGE_SIZE);
    const what = `tags of ${repository} on Quay`;
    // The trailing slash is part of the route (@resource("/v1/repository/<repository>/tag/")).
    const { json } = await this.api.getJson<{ tags?: QuayTag[]; has_additional?: boolean }>(`${this.api.path('repository', r.namespace, r.name, 'tag')}/`, what,
      { onlyActiveTags: 'true', page, limit }, opts);
    if (!json || !Array.isArray(json.tags)) throw new RegistryError(`Quay sent a malformed response for ${what}`, { code: 'MALFORMED_RESPONSE' });
    return { items: json.tags, next: json.has_additional === true ? String(page + 1) : undefined };
  }

  /** DELETE /repository/{ns}/{name}/tag/{tag} (deleteFullTag): the tag only; 204. */
  async deleteTag(repository: string, tag: string, opts: CallOptions = {}): Promise<void> {
    const r = splitQuayRepository(repository);
    await this.api.send('DELETE', this.api.path('repository', r.namespace, r.name, 'tag', tag), `delete tag ${repository}:${tag} on Quay`, {}, opts);
  }

  close(): Promise<void> { return this.api.close(); }
}
