// Docker Hub: the Hub API (hub.docker.com) for namespaces, repositories, tags (dates and sizes without a
// manifest request per tag) and search; the registry (registry-1.docker.io, through the shared RegistryClient and
// its token service) for the pull rate limit. Facts from Docker Hub's docs ("Docker Hub usage and limits", the ratelimitpreview/test HEAD).
import { RegistryClient, type RegistryClientOptions, type RegistryResponse } from './client';
import type { CredentialProvider } from './credentials';
import { RegistryError } from './errors';
import type { Reference } from './reference';
import { pullScope } from './scope';
import type { CallOptions, Page } from './types';
import type {
  HubApiRateLimit, HubList, HubPullRateLimit, HubRepository, HubRepositoryOrdering, HubSearchResult, HubTag,
} from './dockerhub-types';

export const DOCKER_HUB_API_URL = 'https://hub.docker.com';
/** NOTES.md (c): page_size max 100. */
export const HUB_MAX_PAGE_SIZE = 100;
/** NOTES.md "Login": the Hub's access token expires in 10 minutes; renew a little before. */
const HUB_TOKEN_LIFETIME_MS = 10 * 60_000;
const HUB_TOKEN_MARGIN_MS = 30_000;
/** Docker's documented image for checking the pull limit (a HEAD on it does not count as a pull). */
const RATE_LIMIT_PREVIEW = { repository: 'ratelimitpreview/test', tag: 'latest' };
const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export interface HubListOptions extends CallOptions {
  page?: number;
  pageSize?: number;
  /** The `next` of a previous page (a page number). */
  cursor?: string;
}

/** `100;w=21600` → { value: 100, windowSeconds: 21600 } (NOTES.md (b)); undefined when absent or malformed. */
export function parseRateLimitHeader(h: string | string[] | undefined): { value: number; windowSeconds?: number } | undefined {
  const v = (Array.isArray(h) ? h[0] : h)?.trim();
  if (!v) return undefined;
  const [first, ...params] = v.split(';').map((s) => s.trim());
  if (!/^\d+$/.test(first)) return undefined;
  const out: { value: number; windowSeconds?: number } = { value: Number(first) };
  for (const p of params) {
    const m = /^w\s*=\s*(\d+)$/.exec(p);
    if (m) out.windowSeconds = Number(m[1]);
  }
  return out;
}

/** The pull limit from manifest response headers, or undefined when the pull is not limited (headers absent). */
export function pullRateLimitFromHeaders(headers: Record<string, string | string[] | undefined>): HubPullRateLimit | undefined {
  const limit = parseRateLimitHeader(headers['ratelimit-limit']);
  const remaining = parseRateLimitHeader(headers['ratelimit-remaining']);
  if (!limit && !remaining) return undefined;
  const src = headers['docker-ratelimit-source'];
  return {
    limit: limit?.value,
    remaining: remaining?.value,
    windowSeconds: limit?.windowSeconds ?? remaining?.windowSeconds,
    source: Array.isArray(src) ? src[0] : src,
  };
}

/** X-RateLimit-Limit / -Remaining / -Reset of the Hub API. */
export function apiRateLimitFromHeaders(headers: Record<string, string | string[] | undefined>): HubApiRateLimit | undefined {
  const num = (k: string): number | undefined => {
    const v = headers[k];
    const s = (Array.isArray(v) ? v[0] : v)?.trim();
    return s && /^\d+$/.test(s) ? Number(s) : undefined;
  };
  const out: HubApiRateLimit = { limit: num('x-ratelimit-limit'), remaining: num('x-ratelimit-remaining'), reset: num('x-ratelimit-reset') };
  return out.limit === undefined && out.remaining === undefined && out.reset === undefined ? undefined : out;
}

/** The page number in a Hub `next` URL (absolute; NOTES.md (c)). */
export function pageFromHubUrl(next: string | null | undefined): number | undefined {
  if (!next) return undefined;
  try {
    const p = Number(new URL(next).searchParams.get('page'));
    return Number.isSafeInteger(p) && p > 0 ? p : undefined;
  } catch {
    return undefined;
  }
}

export class DockerHubClient {
  /** The Hub API client (hub.docker.com, or a test server). */
  readonly api: RegistryClient;
  private readonly registryClient: RegistryClient;
  private readonly ownsRegistryClient: boolean;
  private readonly credentials?: CredentialProvider;
  private token?: { value: string; until: number };
  private pendingLogin?: Promise<string | undefined>;
  /** The last X-RateLimit-* the Hub API sent. */
  lastApiRateLimit?: HubApiRateLimit;

  constructor(opts: {
    credentials?: CredentialProvider; hubUrl?: string; registryClient?: RegistryClient;
    /** Transport options for the Hub API client (logger, proxy, user agent); it never gets credentials through them. */
    api?: Omit<RegistryClientOptions, 'registry' | 'credentials'>;
  } = {}) {
    this.credentials = opts.credentials;
    const hubUrl = (opts.hubUrl ?? DOCKER_HUB_API_URL).replace(/\/+$/, '');
    let u: URL;
    try { u = new URL(hubUrl); } catch { throw new RegistryError(`invalid Docker Hub API URL ${JSON.stringify(hubUrl)}`, { code: 'URL_INVALID' }); }
    // The Hub API is another host than the registry: it gets its own client, and never the registry's credentials.
    this.api = new RegistryClient({ ...opts.api, registry: `${u.protocol}//${u.host}` });
    this.ownsRegistryClient = !opts.registryClient;
    this.registryClient = opts.registryClient ?? new RegistryClient({ registry: 'docker.io', credentials: opts.credentials });
  }

  /** The credential key: the registry this Hub account belongs to ("docker.io", or a test server's host). */
  private get registryName(): string { return this.registryClient.registry; }

  /**
   * POST /v2/auth/token {identifier, secret} → {access_token} (a JWT valid 10 minutes), cached; concurrent callers
   * share one login. Undefined when there are no credentials (anonymous: public repositories only).
   */
  login(opts: CallOptions = {}): Promise<string | undefined> {
    if (this.token && this.token.until > Date.now()) return Promise.resolve(this.token.value);
    this.pendingLogin ??= this.doLogin(opts).finally(() => { this.pendingLogin = undefined; });
    return this.pendingLogin;
  }

  private async doLogin(opts: CallOptions): Promise<string | undefined> {
    const creds = await this.credentials?.get(this.registryName);
    const identifier = creds?.username;
    const secret = creds?.password ?? creds?.identityToken;
    if (!identifier || !secret) return undefined;
    const res = await this.api.request({
      method: 'POST', path: '/v2/auth/token', auth: 'none', signal: opts.signal,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ identifier, secret }), idempotent: true,
    });
    this.noteApiLimit(res);
    if (res.status === 401) throw new RegistryError(`Docker Hub login failed for ${identifier}: check the username and the password or access token.`, { status: 401, code: 'UNAUTHORIZED' });
    if (res.status !== 200) throw this.hubError(res, 'Docker Hub login');
    const token = this.parse<{ access_token?: unknown }>(res, 'Docker Hub login').access_token;
    if (typeof token !== 'string' || !token) throw new RegistryError('Docker Hub login answered without an access_token', { code: 'MALFORMED_RESPONSE' });
    this.token = { value: token, until: Date.now() + jwtLifetimeMs(token) - HUB_TOKEN_MARGIN_MS };
    return token;
  }

  private noteApiLimit(res: RegistryResponse): void {
    const l = apiRateLimitFromHeaders(res.headers);
    if (l) this.lastApiRateLimit = l;
  }

  private hubError(res: RegistryResponse, what: string): RegistryError {
    const e = this.api.errorFor(res, what);
    // Hub API errors are `{message}`, `{detail}` or `{fields, text}`, not distribution errors: keep their text.
    try {
      const j = JSON.parse(res.body.toString('utf8')) as { message?: unknown; detail?: unknown; text?: unknown; fields?: unknown };
      const said = [j.message, j.detail, j.text].find((x) => typeof x === 'string' && x);
      if (said) e.message = `${e.message} (Docker Hub: ${String(said)})`;
      if (j.fields) e.detail = j.fields;
    } catch { /* not JSON */ }
    return e;
  }

  private parse<T>(res: RegistryResponse, what: string): T {
    try {
      return JSON.parse(res.body.toString('utf8')) as T;
    } catch {
      throw new RegistryError(`Docker Hub sent a malformed response for ${what} (not JSON)`, { code: 'MALFORMED_RESPONSE', status: res.status });
    }
  }

  private async get<T>(path: string, what: string, query: Record<string, string | number | undefined>, opts: CallOptions): Promise<{ status: number; json?: T }> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.login(opts);
      const res = await this.api.request({
        method: 'GET', path, query, auth: 'none', signal: opts.signal,
        headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
      this.noteApiLimit(res);
      if (res.status === 401 && token && attempt === 0) {
        // Expired early or revoked: log in once more and retry once.
        if (this.token?.value === token) this.token = undefined;
        continue;
      }
      if (res.status !== 200) throw this.hubError(res, what);
      return { status: res.status, json: this.parse<T>(res, what) };
    }
  }

  private async list<T>(path: string, what: string, opts: HubListOptions, extra: Record<string, string | undefined> = {}): Promise<Page<T>> {
    const page = opts.cursor !== undefined ? Number(opts.cursor) : opts.page ?? 1;
    if (!Number.isSafeInteger(page) || page < 1) throw new RegistryError(`invalid page cursor ${JSON.stringify(opts.cursor ?? opts.page)}`, { code: 'CURSOR_INVALID' });
    const pageSize = Math.min(Math.max(1, opts.pageSize ?? 10), HUB_MAX_PAGE_SIZE);
    const { json } = await this.get<HubList<T>>(path, what, { page, page_size: pageSize, ...extra }, opts);
    if (!json || !Array.isArray(json.results)) throw new RegistryError(`Docker Hub sent a malformed response for ${what} (no results)`, { code: 'MALFORMED_RESPONSE' });
    const next = pageFromHubUrl(json.next);
    return { items: json.results, next: next === undefined ? undefined : String(next), total: typeof json.count === 'number' ? json.count : undefined };
  }

  /** GET /v2/namespaces/{namespace}/repositories (private ones only with a login that may see them). */
  repositories(namespace: string, opts: HubListOptions & { name?: string; ordering?: HubRepositoryOrdering } = {}): Promise<Page<HubRepository>> {
    return this.list<HubRepository>(`/v2/namespaces/${encodeURIComponent(namespace)}/repositories`, `repositories of ${namespace} on Docker Hub`, opts,
      { name: opts.name || undefined, ordering: opts.ordering });
  }

  repository(namespace: string, repository: string, opts: CallOptions = {}): Promise<HubRepository & Record<string, unknown>> {
    const what = `${namespace}/${repository} on Docker Hub`;
    return this.get<HubRepository & Record<string, unknown>>(`/v2/namespaces/${encodeURIComponent(namespace)}/repositories/${encodeURIComponent(repository)}`, what, {}, opts)
      .then((r) => r.json as HubRepository & Record<string, unknown>);
  }

  /** Tags with dates, sizes and per-platform images from the Hub API: no manifest request per tag. */
  tags(namespace: string, repository: string, opts: HubListOptions & { name?: string; ordering?: string } = {}): Promise<Page<HubTag>> {
    return this.list<HubTag>(`/v2/namespaces/${encodeURIComponent(namespace)}/repositories/${encodeURIComponent(repository)}/tags`,
      `tags of ${namespace}/${repository} on Docker Hub`, opts, { name: opts.name || undefined, ordering: opts.ordering });
  }

  tag(namespace: string, repository: string, tag: string, opts: CallOptions = {}): Promise<HubTag> {
    const what = `${namespace}/${repository}:${tag} on Docker Hub`;
    return this.get<HubTag>(`/v2/namespaces/${encodeURIComponent(namespace)}/repositories/${encodeURIComponent(repository)}/tags/${encodeURIComponent(tag)}`, what, {}, opts)
      .then((r) => r.json as HubTag);
  }

  /** GET /v2/search/repositories?query= (not in NOTES.md; the shape the Hub answers, see dockerhub-types.ts). */
  search(query: string, opts: HubListOptions = {}): Promise<Page<HubSearchResult>> {
    if (!query.trim()) throw new RegistryError('search needs a query', { code: 'QUERY_INVALID' });
    return this.list<HubSearchResult>('/v2/search/repositories', `Docker Hub search for "${query}"`, opts, { query: query.trim() });
  }

  /**
   * The pull rate limit, from a manifest HEAD through the registry's token service (a HEAD is not a pull).
   * Undefined when the registry sends no rate-limit headers (not limited). Default image: ratelimitpreview/test.
   */
  async rateLimit(ref?: Reference, opts: CallOptions = {}): Promise<HubPullRateLimit | undefined> {
    const repository = ref?.repository ?? RATE_LIMIT_PREVIEW.repository;
    const reference = ref?.digest ?? ref?.tag ?? RATE_LIMIT_PREVIEW.tag;
    const res = await this.registryClient.request({
      method: 'HEAD', path: `/v2/${repository}/manifests/${reference}`, scope: pullScope(repository),
      headers: { accept: MANIFEST_ACCEPT }, signal: opts.signal,
    });
    const limit = pullRateLimitFromHeaders(res.headers);
    if (res.status === 200 || res.status === 429) return limit;
    throw this.registryClient.errorFor(res, `rate limit check on ${repository}:${reference}`);
  }

  async close(): Promise<void> {
    await this.api.close();
    if (this.ownsRegistryClient) await this.registryClient.close();
  }
}

/** The JWT's own `exp` when readable (capped at 10 minutes), else the documented 10 minutes. */
function jwtLifetimeMs(token: string): number {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    if (typeof claims.exp === 'number') {
      const ms = claims.exp * 1000 - Date.now();
      if (ms > 0) return Math.min(ms, HUB_TOKEN_LIFETIME_MS);
    }
  } catch { /* opaque token */ }
  return HUB_TOKEN_LIFETIME_MS;
}
