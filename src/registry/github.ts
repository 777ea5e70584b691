/**
 * GitHub's packages REST API (github/rest-api-description, descriptions/api.github.com/api.github.com.json,
 * tag "packages"; the operations used are kept in test/fixtures/github/packages-openapi.json): container packages
 * of a user or an organisation, their versions (a version is one manifest digest; its tags are
 * `metadata.container.tags`), and deleting a version, which ghcr.io does not allow through the distribution API.
 * Pulls, manifests and copies go through the shared RegistryClient against ghcr.io (token realm with basic
 * auth: the user name and the same token).
 *
 * The API is another host than the registry: it gets its own transport and the token only as an
 * `Authorization: Bearer` header set here, never through the registry's credential rules. Plain Node.
 */
import { RegistryClient, type RegistryClientOptions, type RegistryResponse } from './client';
import type { CredentialProvider } from './credentials';
import { RegistryError } from './errors';
import type { CallOptions, Page } from './types';

export const GITHUB_API_URL = 'https://api.github.com';
/** The REST API version this client follows (docs.github.com "API Versions"). */
const API_VERSION = '2022-11-28';
/** per_page maximum of the list operations ("Using pagination in the REST API"). */
export const GITHUB_MAX_PAGE_SIZE = 100;

/** components/schemas/package (the fields read here). */
export interface GitHubPackage {
  id: number;
  name: string;
  package_type: string;
  url: string;
  html_url: string;
  version_count: number;
  visibility: 'private' | 'public';
  created_at: string;
  updated_at: string;
}

/** components/schemas/package-version: for a container, `name` is the manifest digest. */
export interface GitHubPackageVersion {
  id: number;
  name: string;
  url: string;
  package_html_url: string;
  html_url?: string;
  created_at: string;
  updated_at: string;
  metadata?: { package_type: string; container?: { tags: string[] } };
}

/** A namespace on GitHub: packages are owned by a user or an organisation, under different paths. */
export interface GitHubOwner { kind: 'user' | 'org'; name: string }

const OWNER_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

export class GitHubClient {
  readonly api: RegistryClient;
  private readonly basePath: string;
  constructor(private readonly opts: {
    /** The token is the password of the registry's credentials (GitHub user name + personal access token). */
    credentials?: CredentialProvider;
    /** The registry host the credentials belong to ("ghcr.io", or a test registry). */
    registry: string;
    /** REST API base: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server. */
    apiUrl?: string;
    api?: Omit<RegistryClientOptions, 'registry' | 'credentials'>;
    /**
     * What a 401 says when no token was sent (the credentials gave none): how to sign in. Default: the advice for
     * a stored token. A registry on VS Code's GitHub account says how to sign in there (localized by the caller).
     */
    signInHint?: string;
  }) {
    const apiUrl = (opts.apiUrl ?? GITHUB_API_URL).replace(/\/+$/, '');
    let u: URL;
    try { u = new URL(apiUrl); } catch { throw new RegistryError(`invalid GitHub API URL ${JSON.stringify(apiUrl)}`, { code: 'URL_INVALID' }); }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new RegistryError(`invalid GitHub API URL ${JSON.stringify(apiUrl)}`, { code: 'URL_INVALID' });
    this.api = new RegistryClient({ ...opts.api, registry: `${u.protocol}//${u.host}` });
    this.basePath = u.pathname.replace(/\/+$/, '');
  }

  private async token(): Promise<string | undefined> {
    const c = await this.opts.credentials?.get(this.opts.registry);
    return c?.password ?? c?.registryToken ?? undefined;
  }

  /** The path of an owner's container packages: /users/{username}/packages or /orgs/{org}/packages. */
  private ownerPath(owner: GitHubOwner): string {
    if (!OWNER_RE.test(owner.name)) throw new RegistryError(`invalid GitHub ${owner.kind === 'org' ? 'organization' : 'user'} name ${JSON.stringify(owner.name)}`, { code: 'NAME_INVALID' });
    return `${this.basePath}/${owner.kind === 'org' ? 'orgs' : 'users'}/${encodeURIComponent(owner.name)}/packages`;
  }

  private async call(method: 'GET' | 'DELETE', path: string, query: Record<string, string | number | undefined>, what: string, opts: CallOptions): Promise<RegistryResponse> {
    const token = await this.token();
    const res = await this.api.request({
      method, path, query, auth: 'none', signal: opts.signal, idempotent: method === 'GET',
      headers: { accept: 'application/vnd.github+json', 'x-github-api-version': API_VERSION, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    if (res.status >= 200 && res.status < 300) return res;
    throw this.error(res, what, !!token);
  }

  private error(res: RegistryResponse, what: string, hadToken: boolean): RegistryError {
    const e = this.api.errorFor(res, what);
    let said: string | undefined;
    try {
      const j = JSON.parse(res.body.toString('utf8')) as { message?: unknown };
      if (typeof j.message === 'string' && j.message) said = j.message.slice(0, 300);
    } catch { /* not JSON */ }
    if (res.status === 401 && !hadToken && this.opts.signInHint) {
      // No token at all: the advice is how to sign in, not the registry's "check the password" text.
      e.message = `${this.opts.signInHint} (${what}: HTTP 401${said ? `, GitHub: ${said}` : ''})`;
      return e;
    }
    if (said) e.message = `${e.message} (GitHub: ${said})`;
    if (res.status === 401) e.message += hadToken ? '. The GitHub token was rejected: create a new one with read:packages.' : '. Sign in with a GitHub token that has read:packages.';
    if (res.status === 403 && hadToken) e.message += '. The token may lack read:packages (or delete:packages to delete).';
    return e;
  }

  private parse<T>(res: RegistryResponse, what: string): T {
    try { return JSON.parse(res.body.toString('utf8')) as T; } catch {
      throw new RegistryError(`GitHub sent a malformed response for ${what} (not JSON)`, { code: 'MALFORMED_RESPONSE', status: res.status });
    }
  }

  /** GET /users/{username}/packages or /orgs/{org}/packages?package_type=container (page = cursor). */
  async packages(owner: GitHubOwner, opts: CallOptions & { cursor?: string; pageSize?: number } = {}): Promise<Page<GitHubPackage>> {
    const page = opts.cursor ? Number(opts.cursor) : 1;
    if (!Number.isSafeInteger(page) || page < 1) throw new RegistryError(`invalid page cursor ${JSON.stringify(opts.cursor)}`, { code: 'CURSOR_INVALID' });
    const perPage = Math.min(Math.max(1, opts.pageSize ?? 30), GITHUB_MAX_PAGE_SIZE);
    const what = `container packages of ${owner.name} on GitHub`;
    const res = await this.call('GET', this.ownerPath(owner), { package_type: 'container', page, per_page: perPage }, what, opts);
    const items = this.parse<GitHubPackage[]>(res, what);
    if (!Array.isArray(items)) throw new RegistryError(`GitHub sent a malformed response for ${what} (not a list)`, { code: 'MALFORMED_RESPONSE' });
    // A full page may have a successor (the Link header says so; a short page has none).
    const more = /<[^>]*>;\s*rel="next"/.test(String(res.headers.link ?? '')) || (res.headers.link === undefined && items.length === perPage);
    return { items: items.filter((p) => p && typeof p.name === 'string'), next: more ? String(page + 1) : undefined };
  }

  private versionsPath(owner: GitHubOwner, name: string): string {
    if (!name || name.length > 255) throw new RegistryError(`invalid package name ${JSON.stringify(name)}`, { code: 'NAME_INVALID' });
    return `${this.ownerPath(owner)}/container/${encodeURIComponent(name)}/versions`;
  }

  /**
   * The versions of a container package, newest first. Organisations' versions are paged (page, per_page); the
   * user-owned operation (`/users/{username}/…/versions`) declares no paging parameters, so none are sent there.
   */
  async versions(owner: GitHubOwner, name: string, opts: CallOptions & { cursor?: string; pageSize?: number } = {}): Promise<Page<GitHubPackageVersion>> {
    const what = `versions of ${owner.name}/${name} on GitHub`;
    const page = opts.cursor ? Number(opts.cursor) : 1;
    if (!Number.isSafeInteger(page) || page < 1) throw new RegistryError(`invalid page cursor ${JSON.stringify(opts.cursor)}`, { code: 'CURSOR_INVALID' });
    const perPage = Math.min(Math.max(1, opts.pageSize ?? 30), GITHUB_MAX_PAGE_SIZE);
    const query = owner.kind === 'org' ? { page, per_page: perPage } : {};
    const res = await this.call('GET', this.versionsPath(owner, name), query, what, opts);
    const items = this.parse<GitHubPackageVersion[]>(res, what);
    if (!Array.isArray(items)) throw new RegistryError(`GitHub sent a malformed response for ${what} (not a list)`, { code: 'MALFORMED_RESPONSE' });
    const more = owner.kind === 'org' && (/<[^>]*>;\s*rel="next"/.test(String(res.headers.link ?? '')) || (res.headers.link === undefined && items.length === perPage));
    return { items: items.filter((v) => v && typeof v.id === 'number' && typeof v.name === 'string'), next: more ? String(page + 1) : undefined };
  }

  /** DELETE …/versions/{package_version_id}: the manifest and every tag on it. */
  async deleteVersion(owner: GitHubOwner, name: string, id: number, opts: CallOptions = {}): Promise<void> {
    if (!Number.isSafeInteger(id) || id < 0) throw new RegistryError(`invalid package version id ${JSON.stringify(id)}`, { code: 'NAME_INVALID' });
    await this.call('DELETE', `${this.versionsPath(owner, name)}/${id}`, {}, `delete version ${id} of ${owner.name}/${name} on GitHub`, opts);
  }

  close(): Promise<void> { return this.api.close(); }
}

/** The tags of a container version (none for an untagged manifest). */
export function versionTags(v: GitHubPackageVersion): string[] {
  const t = v.metadata?.container?.tags;
  return Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : [];
}
