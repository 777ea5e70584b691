// GitLab's container registry REST API (GitLab API v4, "Container registry API", doc/api/container_registry.md;
// OpenAPI v2 description doc/api/openapi/openapi_v2.yaml, relevant part in test/fixtures/gitlab/). Offset
// pagination (page, per_page ≤ 100) with X-Next-Page / X-Total headers ("REST API" docs, "Pagination"; the
// headers are not in the OpenAPI description). A personal, project, group or deploy token goes in PRIVATE-TOKEN.
// The registry itself (registry.gitlab.com) is a distribution registry with a JWT realm (gitlab.com/jwt/auth)
// that takes the same token as a Basic password: the shared RegistryClient handles it.
import type { CredentialProvider } from './credentials';
import { RegistryError } from './errors';
import { RestApi, type ApiTransportOptions } from './restApi';
import type { CallOptions, Page } from './types';

/** GitLab's per_page maximum ("Pagination": 100). */
export const GITLAB_MAX_PAGE_SIZE = 100;

/** API_Entities_ContainerRegistry_Repository. */
export interface GitLabRepository {
  id: number; name: string; path: string; project_id: number; location: string; created_at?: string;
  cleanup_policy_started_at?: string | null; tags_count?: number; size?: number | null; status?: string | null; delete_api_path?: string;
}
/** API_Entities_ContainerRegistry_Tag (list entries: no digest, size or date). */
export interface GitLabTag { name: string; path: string; location: string }
/** API_Entities_ContainerRegistry_TagDetails. */
export interface GitLabTagDetails extends GitLabTag {
  revision?: string | null; short_revision?: string | null; digest?: string | null; created_at?: string | null; total_size?: number | null;
}

export interface GitLabListOptions extends CallOptions { cursor?: string; pageSize?: number }

/** The API base for a registry host: registry.gitlab.com → https://gitlab.com/api/v4; other hosts serve it themselves. */
export function defaultGitLabApiUrl(registryHost: string): string {
  const host = registryHost.replace(/^registry\./i, '');
  return `https://${host}/api/v4`;
}

export class GitLabClient {
  readonly api: RestApi;
  constructor(opts: { apiUrl: string; registry: string; credentials?: CredentialProvider; transport?: ApiTransportOptions }) {
    this.api = new RestApi({
      baseUrl: opts.apiUrl, service: 'GitLab', registry: opts.registry, credentials: opts.credentials, transport: opts.transport,
      authHeaders: (token) => ({ 'private-token': token }),
    });
  }

  private async list<T>(segments: Array<string | number>, what: string, opts: GitLabListOptions, extra: Record<string, string> = {}): Promise<Page<T>> {
    const page = opts.cursor === undefined ? 1 : Number(opts.cursor);
    if (!Number.isSafeInteger(page) || page < 1) throw new RegistryError(`invalid page cursor ${JSON.stringify(opts.cursor)}`, { code: 'CURSOR_INVALID' });
    const perPage = Math.min(Math.max(1, opts.pageSize ?? 20), GITLAB_MAX_PAGE_SIZE);
    const { json, headers } = await this.api.getJson<T[]>(this.api.path(...segments), what, { page, per_page: perPage, ...extra }, opts);
    if (!Array.isArray(json)) throw new RegistryError(`GitLab sent a malformed response for ${what} (not a list)`, { code: 'MALFORMED_RESPONSE' });
    const header = (k: string) => { const v = headers[k]; return (Array.isArray(v) ? v[0] : v)?.trim(); };
    const next = header('x-next-page');
    const total = Number(header('x-total'));
    return { items: json, next: next && /^\d+$/.test(next) ? next : undefined, total: Number.isSafeInteger(total) && header('x-total') ? total : undefined };
  }

  /** GET /groups/:id/registry/repositories — every repository of the group's projects. */
  groupRepositories(group: string, opts: GitLabListOptions = {}): Promise<Page<GitLabRepository>> {
    return this.list(['groups', group, 'registry', 'repositories'], `registry repositories of group ${group}`, opts);
  }

  /** GET /projects/:id/registry/repositories?tags_count=true */
  projectRepositories(project: string | number, opts: GitLabListOptions = {}): Promise<Page<GitLabRepository>> {
    return this.list(['projects', project, 'registry', 'repositories'], `registry repositories of project ${project}`, opts, { tags_count: 'true' });
  }

  /** GET /projects/:id/registry/repositories/:repository_id/tags (names and locations only). */
  tags(project: number, repository: number, opts: GitLabListOptions = {}): Promise<Page<GitLabTag>> {
    return this.list(['projects', project, 'registry', 'repositories', repository, 'tags'], `tags of registry repository ${repository}`, opts);
  }

  /** GET …/tags/:tag_name — digest, total_size, created_at. */
  async tag(project: number, repository: number, tag: string, opts: CallOptions = {}): Promise<GitLabTagDetails> {
    return (await this.api.getJson<GitLabTagDetails>(this.api.path('projects', project, 'registry', 'repositories', repository, 'tags', tag), `tag ${tag}`, {}, opts)).json;
  }

  /** DELETE …/tags/:tag_name — the tag only (GitLab untags; other tags on the same manifest stay). */
  async deleteTag(project: number, repository: number, tag: string, opts: CallOptions = {}): Promise<void> {
    await this.api.send('DELETE', this.api.path('projects', project, 'registry', 'repositories', repository, 'tags', tag), `delete tag ${tag}`, {}, opts);
  }

  close(): Promise<void> { return this.api.close(); }
}
