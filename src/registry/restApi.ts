// A provider's JSON REST API (GitLab /api/v4, Quay /api/v1) over its own RegistryClient transport: the API is
// another origin than the registry (gitlab.com vs registry.gitlab.com), so it gets its own connections and never
// the registry's credentials; the caller adds its own auth header (PRIVATE-TOKEN, Bearer) per request.
import { RegistryClient, type RegistryClientOptions, type RegistryResponse } from './client';
import type { CredentialProvider } from './credentials';
import { RegistryError } from './errors';
import type { CallOptions } from './types';

export type ApiTransportOptions = Omit<RegistryClientOptions, 'registry' | 'credentials'>;

export interface RestApiOptions {
  /** The API base ("https://gitlab.com/api/v4"); paths are appended to it. */
  baseUrl: string;
  /** What the provider is called in messages ("GitLab"). */
  service: string;
  /** The registry host whose stored secret authenticates the API (the token is the registry password). */
  registry: string;
  credentials?: CredentialProvider;
  /** Header(s) carrying the token, e.g. `{ 'private-token': t }`. */
  authHeaders(token: string): Record<string, string>;
  transport?: ApiTransportOptions;
}

export interface JsonResponse<T> { json: T; headers: RegistryResponse['headers'] }

export function parseBaseUrl(raw: string, service: string): URL {
  try {
    const u = new URL(raw.replace(/\/+$/, ''));
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
    if (u.username || u.password || u.search || u.hash) throw new Error('extra');
    return u;
  } catch {
    throw new RegistryError(`invalid ${service} API URL ${JSON.stringify(raw)}: use https://host/path`, { code: 'URL_INVALID' });
  }
}

export class RestApi {
  readonly http: RegistryClient;
  private readonly base: URL;
  constructor(private readonly o: RestApiOptions) {
    this.base = parseBaseUrl(o.baseUrl, o.service);
    this.http = new RegistryClient({ ...o.transport, registry: `${this.base.protocol}//${this.base.host}`, insecure: o.transport?.insecure || this.base.protocol === 'http:' });
  }

  private async headers(): Promise<Record<string, string>> {
    const c = await this.o.credentials?.get(this.o.registry);
    const token = c?.password ?? c?.registryToken;
    return { accept: 'application/json', ...(token ? this.o.authHeaders(token) : {}) };
  }

  /** `segments` are encoded one by one (a GitLab "group/project" path becomes one %2F-encoded segment). */
  path(...segments: Array<string | number>): string {
    // "." and ".." would be resolved away by URL parsing and address another endpoint.
    const bad = segments.find((s) => s === '' || s === '.' || s === '..');
    if (bad !== undefined) throw new RegistryError(`invalid ${this.o.service} name segment ${JSON.stringify(bad)}`, { code: 'NAME_INVALID' });
    return `${this.base.pathname.replace(/\/+$/, '')}/${segments.map((s) => encodeURIComponent(String(s))).join('/')}`;
  }

  async send(method: string, path: string, what: string, query: Record<string, string | number | undefined> = {}, opts: CallOptions = {}): Promise<RegistryResponse> {
    const res = await this.http.request({ method, path, query, auth: 'none', headers: await this.headers(), signal: opts.signal, idempotent: method === 'GET' || method === 'DELETE' });
    if (res.status >= 200 && res.status < 300) return res;
    throw this.error(res, what);
  }

  async getJson<T>(path: string, what: string, query: Record<string, string | number | undefined> = {}, opts: CallOptions = {}): Promise<JsonResponse<T>> {
    const res = await this.send('GET', path, what, query, opts);
    try {
      return { json: JSON.parse(res.body.toString('utf8')) as T, headers: res.headers };
    } catch {
      throw new RegistryError(`${this.o.service} sent a malformed response for ${what} (not JSON)`, { code: 'MALFORMED_RESPONSE', status: res.status });
    }
  }

  private error(res: RegistryResponse, what: string): RegistryError {
    const e = this.http.errorFor(res, what);
    // Provider errors are `{message}` / `{error}` / `{detail}` (GitLab: {"message": "404 Not found"}; Quay: {"detail", "error_message"}).
    try {
      const j = JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
      const said = [j.message, j.error_message, j.detail, j.error].find((x) => typeof x === 'string' && x);
      if (said) e.message = `${e.message} (${this.o.service}: ${String(said).slice(0, 300)})`;
    } catch { /* not JSON */ }
    if (res.status === 401) e.message = `${e.message}. Check the ${this.o.service} token (Edit Registry).`;
    return e;
  }

  close(): Promise<void> { return this.http.close(); }
}
