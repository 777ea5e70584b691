// RegistryClient: one per registry host. Owns one undici dispatcher and the auth state for that host.
// Layers, as go-containerregistry's transport: user agent → retry → auth challenge → token per scope.
// `request()` is the low level every other part (distribution ops, Harbor, Docker Hub) goes through.
import type { Readable } from 'node:stream';
import type { CredentialProvider } from './credentials';
import { errorFromResponse, RegistryError } from './errors';
import { isAbort } from './isAbort';
import { isLoopbackHost, type Reference } from './reference';
import { Authenticator, type AuthHeader } from './transport/auth';
import { readCapped, malformed } from './transport/body';
import { redactUrl } from './transport/redact';
import { processChallengeCache, type ChallengeCache } from './transport/challengeCache';
import { Deadline, DEFAULT_DEADLINE_MS } from './transport/deadline';
import { Dispatchers } from './transport/dispatcher';
import { SchemeAttempts, SchemeState } from './transport/scheme';
import { backoffDelay, errorCode, isRetryableNetworkError, parseRetryAfter, RETRYABLE_STATUS } from './transport/retry';
import { sleep } from './sleep';
import type { ContentCache, Descriptor, ImageDetails, Manifest, ManifestDescriptor, Page, RequestLogLine, CallOptions } from './types';
import * as dist from './distribution';

export type { RequestLogLine, Page } from './types';
export { scopeCovered } from './transport/auth';
export { redactUrl } from './transport/redact';

/** Call options; `scope` overrides the token scope (e.g. pull,push for a GET that a PUT follows, so one token serves both). */
export interface ScopedOptions extends CallOptions { scope?: string[] }

export interface RetryInfo { attempt: number; delayMs: number; reason: string; url: string }

export interface RegistryClientOptions {
  /** host[:port] as in references ("docker.io" maps to registry-1.docker.io). An "http://" or "https://" prefix fixes the scheme. */
  registry: string;
  credentials?: CredentialProvider;
  /** Plain HTTP / skip TLS verify (Docker's insecure-registries). Loopback hosts may use HTTP without it. */
  insecure?: boolean;
  /** Extra CA (PEM) trusted for this registry, on top of the system roots. */
  caFile?: string;
  /** Explicit proxy URL; default from HTTPS_PROXY/HTTP_PROXY/NO_PROXY. */
  proxy?: string;
  /** false = skip TLS verification (VS Code's http.proxyStrictSSL); default true. */
  strictSSL?: boolean;
  userAgent?: string;
  /** Headers and idle-body timeout, ms. Default 30 s. */
  timeoutMs?: number;
  /**
   * Overall deadline of one request, ms: auth, retries and their waits, redirects and reading the body
   * (streamed bodies: up to the response headers). Default 120 s; 0 = none. See transport/deadline.ts.
   */
  deadlineMs?: number;
  /** Connections per origin. Default 8. */
  maxConnections?: number;
  /** Cap for anything read into memory. Default 8 MiB. */
  maxBodyBytes?: number;
  /** Retries for idempotent requests. Default 3. */
  retries?: number;
  /** Base delay of the exponential backoff, ms. Default 250. */
  retryBaseMs?: number;
  /** Longest Retry-After we wait for, seconds; longer → the 429/503 is returned. Default 30. */
  maxRetryAfterSeconds?: number;
  logger?: (line: RequestLogLine) => void;
  /** Called before each retry wait (for logs and tests). */
  onRetry?: (info: RetryInfo) => void;
  /** Where WWW-Authenticate challenges are remembered; default shared by the process. */
  challengeCache?: ChallengeCache;
  /** Environment for proxy variables; default process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface RegistryRequest {
  method: string;
  /** Path under the registry ("/v2/...") or an absolute URL. Absolute URLs on another origin never get the registry's auth. */
  path: string;
  query?: Record<string, string | number | undefined | string[]>;
  headers?: Record<string, string>;
  body?: Buffer | string | NodeJS.ReadableStream;
  contentLength?: number;
  /** Token scopes this request needs (bearer auth), e.g. ["repository:app:pull"]. */
  scope?: string[];
  /** 'registry' = per the registry's challenge (default); 'basic' = always Basic (Harbor REST API); 'none'. */
  auth?: 'registry' | 'basic' | 'none';
  signal?: AbortSignal;
  maxBodyBytes?: number;
  /** Return the body as a stream (2xx only; error bodies are read, capped). */
  stream?: boolean;
  /** Default: true for GET/HEAD/OPTIONS. Requests with a stream body are never retried. */
  idempotent?: boolean;
  /** Follow redirects (GET/HEAD only). Default true. */
  followRedirects?: boolean;
}

export type ResponseHeaders = Record<string, string | string[] | undefined>;

export interface RegistryResponse {
  status: number;
  headers: ResponseHeaders;
  body: Buffer;
  stream?: NodeJS.ReadableStream;
  /** The final URL (after redirects). */
  url: string;
}

const DEFAULT_MAX_BODY = 8 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
const CERT_ERRORS = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_TLS_CERT_ALTNAME_INVALID|CERT_UNTRUSTED|CERT_SIGNATURE_FAILURE)$/;

function headerOne(h: ResponseHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

export class RegistryClient {
  readonly registry: string;
  /** Every HTTP request sent, token fetches, retries and redirects included (for tests and budgets). */
  requestCount = 0;
  private readonly host: string;
  private readonly schemes: SchemeState;
  private readonly dispatchers: Dispatchers;
  private readonly challenges: ChallengeCache;
  private readonly o: RegistryClientOptions;
  private readonly auth: Authenticator;

  constructor(opts: RegistryClientOptions) {
    this.o = opts;
    let reg = opts.registry.trim();
    let fixed: 'http' | 'https' | undefined;
    const m = /^(https?):\/\//i.exec(reg);
    if (m) { fixed = m[1].toLowerCase() as 'http' | 'https'; reg = reg.slice(m[0].length); }
    reg = reg.replace(/\/+$/, '');
    if (!reg || reg.includes('/')) throw new RegistryError(`invalid registry ${JSON.stringify(opts.registry)}: expected host[:port]`, { code: 'NAME_INVALID' });
    if (reg === 'index.docker.io' || reg === 'registry-1.docker.io') reg = 'docker.io';
    this.registry = reg;
    this.host = reg === 'docker.io' ? 'registry-1.docker.io' : reg;
    try { new URL(`https://${this.host}/`); } catch {
      throw new RegistryError(`invalid registry ${JSON.stringify(opts.registry)}: expected host[:port]`, { code: 'NAME_INVALID' });
    }
    const mayUseHttp = !!opts.insecure || isLoopbackHost(this.host);
    this.challenges = opts.challengeCache ?? processChallengeCache;
    this.schemes = new SchemeState({ host: this.host, fixed, mayUseHttp, cache: this.challenges });
    this.dispatchers = new Dispatchers({
      maxConnections: opts.maxConnections ?? 8,
      caFile: opts.caFile,
      rejectUnauthorized: !(opts.insecure || opts.strictSSL === false),
      proxy: opts.proxy,
      env: opts.env ?? process.env,
      connectTimeoutMs: Math.min(opts.timeoutMs ?? 30_000, 10_000),
    });
    this.auth = new Authenticator({
      registry: this.registry,
      host: this.host,
      credentials: opts.credentials,
      challenges: this.challenges,
      origin: () => this.origin,
      scheme: () => this.schemes.scheme,
      send: (req) => this.request(req),
    });
  }

  /** "https://host:port" (the scheme may switch to http once for loopback/insecure hosts that speak plain HTTP). */
  get baseUrl(): string { return `${this.schemes.scheme}://${this.host}`; }
  private get origin(): string { return new URL(this.baseUrl).origin; }

  private resolveUrl(path: string, query?: RegistryRequest['query']): URL {
    let url: URL;
    try {
      url = /^https?:\/\//i.test(path) ? new URL(path) : new URL(path, this.baseUrl + '/');
    } catch {
      throw new RegistryError(`invalid URL ${JSON.stringify(path)}`, { code: 'URL_INVALID' });
    }
    if (query) {
      for (const [k, v] of Object.entries(query)) {
        if (v === undefined) continue;
        if (Array.isArray(v)) for (const x of v) url.searchParams.append(k, x);
        else url.searchParams.set(k, String(v));
      }
    }
    return url;
  }

  /** One HTTP exchange: counted and logged (method, redacted URL, status, ms; never headers). */
  private async send(method: string, url: URL, headers: Record<string, string>, body: RegistryRequest['body'], signal: AbortSignal | undefined, redirected: boolean) {
    this.requestCount++;
    const started = Date.now();
    try {
      // Dispatcher.request, as undici's top-level `request` does it (origin + path), without loading its index.
      const res = await this.dispatchers.for(url).request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: method as 'GET',
        headers,
        body: body as Buffer | string | Readable | undefined,
        signal,
        headersTimeout: this.o.timeoutMs ?? 30_000,
        bodyTimeout: this.o.timeoutMs ?? 30_000,
      });
      this.o.logger?.({ method, url: redactUrl(url, { redirect: redirected }), status: res.statusCode, ms: Date.now() - started });
      return res;
    } catch (e) {
      this.o.logger?.({ method, url: redactUrl(url, { redirect: redirected }), ms: Date.now() - started, error: errorCode(e) ?? (e as Error).message });
      throw e;
    }
  }

  private networkError(e: unknown, url: URL, signal?: AbortSignal): RegistryError {
    if (e instanceof RegistryError) return e;
    if (isAbort(e, signal)) {
      return new RegistryError(`request to ${url.host} cancelled`, { code: 'ABORTED', cause: e });
    }
    const code = errorCode(e) ?? '';
    if (CERT_ERRORS.test(code)) {
      return new RegistryError(`the TLS certificate of ${url.host} is not trusted (${code}). Add the registry's CA file, or mark the registry insecure if you trust the network.`,
        { code: 'TLS_UNTRUSTED', cause: e });
    }
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
      return new RegistryError(`${url.host} did not answer in time (${code}). Check the network or try again.`, { code: 'TIMEOUT', temporary: true, cause: e });
    }
    return new RegistryError(`cannot reach ${url.host}: ${code || (e as Error)?.message || String(e)}. Check the address, the network and that the registry is running.`,
      { code: code || 'NETWORK', temporary: true, cause: e });
  }

  /**
   * Sends a request with auth, retries, redirects and body caps. Returns every status (callers decide
   * what is an error, e.g. with `errorFor`); throws RegistryError only for network failures, aborts,
   * oversized bodies and auth failures of the token service.
   */
  async request(req: RegistryRequest): Promise<RegistryResponse> {
    const streamBody = !!req.body && typeof req.body !== 'string' && !Buffer.isBuffer(req.body);
    // A streamed upload takes as long as its size needs: bounded by the idle timeouts only.
    const deadline = new Deadline(streamBody ? undefined : this.o.deadlineMs ?? DEFAULT_DEADLINE_MS, req.signal);
    let res: RegistryResponse | undefined;
    try {
      res = await this.exchange(req, deadline.signal, streamBody);
      return res;
    } catch (e) {
      if (deadline.expired) {
        let host = this.host;
        try { host = this.resolveUrl(req.path).host; } catch { /* the registry's */ }
        throw deadline.error(host, e);
      }
      throw e;
    } finally {
      deadline.done(!!res?.stream);
    }
  }

  private async exchange(req: RegistryRequest, signal: AbortSignal, streamBody: boolean): Promise<RegistryResponse> {
    const method = req.method.toUpperCase();
    const idempotent = !streamBody && (req.idempotent ?? (method === 'GET' || method === 'HEAD' || method === 'OPTIONS'));
    const retries = this.o.retries ?? 3;
    const maxBody = req.maxBodyBytes ?? this.o.maxBodyBytes ?? DEFAULT_MAX_BODY;
    let url = this.resolveUrl(req.path, req.query);
    const relative = !/^https?:\/\//i.test(req.path);
    let authMode = req.auth ?? 'registry';
    // The registry's credentials only ever go to the registry's own origin.
    if (!relative && url.origin !== this.origin) authMode = 'none';
    let extraScopes: string[] = [];
    let reauthed = false;
    let crossedOrigin = false;
    let attempt = 0;
    let redirects = 0;
    const schemeAttempts = new SchemeAttempts(this.schemes, this.host, !streamBody);
    // A URL we followed from a Location may be pre-signed: in logs and errors, none of its query values.
    const shown = (u: URL) => redactUrl(u, { redirect: redirects > 0 });

    for (;;) {
      if (signal?.aborted) throw this.networkError(signal.reason, url, signal);
      const headers: Record<string, string> = { 'user-agent': this.o.userAgent ?? 'registry-explorer', ...req.headers };
      if (crossedOrigin) { delete headers.authorization; delete headers.Authorization; }
      if (req.contentLength !== undefined) headers['content-length'] = String(req.contentLength);
      let auth: AuthHeader | undefined;
      if (authMode !== 'none' && !crossedOrigin) {
        // Until this request has had its own 401, the challenge in use is a remembered hint that may be
        // given up once (a request with a stream body cannot be sent twice, so it keeps what it has).
        const h = await this.auth.header(authMode, [...(req.scope ?? []), ...extraScopes], signal, { mayAskAgain: !reauthed && !streamBody, fresh: reauthed });
        // askAgain: the remembered challenge failed; go anonymous so the registry's 401 names the current one.
        if (h && !('askAgain' in h)) { auth = h; headers.authorization = h.header; }
      }

      let res;
      try {
        res = await this.send(method, url, headers, req.body, signal, redirects > 0);
      } catch (e) {
        if (signal?.aborted) throw this.networkError(e, url, signal);
        const code = errorCode(e) ?? '';
        // Scheme evidence, or a reset on the registry's host (transport/scheme.ts).
        const next = schemeAttempts.afterError(e, url);
        url = next.url;
        if (next.retryNow) continue;
        if (idempotent && attempt < retries && isRetryableNetworkError(e)) {
          const delayMs = backoffDelay(attempt, { baseMs: this.o.retryBaseMs ?? 250, maxMs: 10_000 });
          this.o.onRetry?.({ attempt: attempt + 1, delayMs, reason: code, url: shown(url) });
          attempt++;
          await sleep(delayMs, signal).catch((err) => { throw this.networkError(err, url, signal); });
          continue;
        }
        throw this.networkError(e, url, signal);
      }
      const status = res.statusCode;
      const resHeaders = res.headers as ResponseHeaders;
      if (schemeAttempts.mayBeHttpsOnly(status, url)) {
        const text = (await readCapped(res.body, 4096, 'error body').catch(() => Buffer.alloc(0))).toString('utf8');
        const https = schemeAttempts.httpsOnly(text, url);
        if (https) { url = https; continue; }
        return { status, headers: resHeaders, body: Buffer.from(text), url: url.toString() };
      }
      schemeAttempts.answered(url);

      if (status === 401 && authMode === 'registry' && !crossedOrigin && !reauthed && !streamBody) {
        const next = await this.auth.onUnauthorized(resHeaders['www-authenticate'], auth, req.scope ?? []);
        if (next) {
          await res.body.dump();
          extraScopes = next.extraScopes;
          reauthed = true;
          continue;
        }
      }

      if (RETRYABLE_STATUS.has(status) && idempotent && attempt < retries) {
        const retryAfter = parseRetryAfter(resHeaders['retry-after']);
        const cap = this.o.maxRetryAfterSeconds ?? 30;
        if (retryAfter === undefined || retryAfter <= cap) {
          const delayMs = retryAfter !== undefined ? retryAfter * 1000 : backoffDelay(attempt, { baseMs: this.o.retryBaseMs ?? 250, maxMs: 10_000 });
          await res.body.dump();
          this.o.onRetry?.({ attempt: attempt + 1, delayMs, reason: `HTTP ${status}`, url: shown(url) });
          attempt++;
          await sleep(delayMs, signal).catch((err) => { throw this.networkError(err, url, signal); });
          continue;
        }
      }

      if (REDIRECT_STATUS.has(status) && (method === 'GET' || method === 'HEAD') && req.followRedirects !== false) {
        const location = headerOne(resHeaders, 'location');
        if (location) {
          await res.body.dump();
          if (++redirects > MAX_REDIRECTS) throw new RegistryError(`too many redirects from ${this.registry} (last: ${shown(url)})`, { code: 'TOO_MANY_REDIRECTS' });
          let next: URL;
          try { next = new URL(location, url); } catch { throw malformed(shown(url), `invalid redirect Location`); }
          if (next.protocol !== 'https:' && next.protocol !== 'http:') throw malformed(shown(url), `redirect to a non-HTTP URL`);
          // Blob redirects go to object storage with their own signed URL: never carry our Authorization there.
          if (next.origin !== url.origin) crossedOrigin = true;
          url = next;
          continue;
        }
      }

      const ok = status >= 200 && status < 300;
      const length = Number(headerOne(resHeaders, 'content-length'));
      if (req.stream && ok && method !== 'HEAD') {
        return { status, headers: resHeaders, body: Buffer.alloc(0), stream: res.body, url: url.toString() };
      }
      let body: Buffer;
      if (method === 'HEAD') { await res.body.dump(); body = Buffer.alloc(0); } else {
        try {
          body = await readCapped(res.body, maxBody, `${method} ${shown(url)}`, Number.isFinite(length) ? length : undefined);
        } catch (e) {
          throw e instanceof RegistryError ? e : this.networkError(e, url, signal);
        }
      }
      return { status, headers: resHeaders, body, url: url.toString() };
    }
  }

  /** The RegistryError for a response, with Retry-After. */
  errorFor(res: RegistryResponse, what: string): RegistryError {
    return errorFromResponse(res.status, res.body, what, { retryAfterSeconds: parseRetryAfter(res.headers['retry-after']) });
  }

  // ---- distribution operations (distribution.ts) ----
  ping(opts?: CallOptions) { return dist.ping(this, opts); }
  catalog(opts?: { n?: number; cursor?: string; signal?: AbortSignal }): Promise<Page<string>> { return dist.catalog(this, opts); }
  tags(repository: string, opts?: { n?: number; cursor?: string; signal?: AbortSignal; scope?: string[] }): Promise<Page<string>> { return dist.tags(this, repository, opts); }
  allTags(repository: string, opts?: { n?: number; maxPages?: number; signal?: AbortSignal; scope?: string[] }): AsyncGenerator<string[]> { return dist.allTags(this, repository, opts); }
  headManifest(ref: Reference, opts?: ScopedOptions): Promise<ManifestDescriptor | undefined> { return dist.headManifest(this, ref, opts); }
  getManifest(ref: Reference, opts?: ScopedOptions): Promise<Manifest> { return dist.getManifest(this, ref, opts); }
  putManifest(ref: Reference, bytes: Buffer, mediaType: string, opts?: ScopedOptions): Promise<string> { return dist.putManifest(this, ref, bytes, mediaType, opts); }
  deleteManifest(repository: string, digestOrTag: string, opts?: ScopedOptions): Promise<void> { return dist.deleteManifest(this, repository, digestOrTag, opts); }
  getBlob(repository: string, digest: string, opts?: ScopedOptions & { maxBodyBytes?: number }): Promise<Buffer> { return dist.getBlob(this, repository, digest, opts); }
  blobStream(repository: string, digest: string, opts?: ScopedOptions): Promise<{ stream: NodeJS.ReadableStream; size?: number }> { return dist.blobStream(this, repository, digest, opts); }
  headBlob(repository: string, digest: string, opts?: ScopedOptions): Promise<boolean> { return dist.headBlob(this, repository, digest, opts); }
  mountBlob(repository: string, digest: string, fromRepository: string, opts?: ScopedOptions): Promise<boolean> { return dist.mountBlob(this, repository, digest, fromRepository, opts); }
  uploadBlob(repository: string, digest: string, body: Buffer | NodeJS.ReadableStream, size: number, opts?: ScopedOptions): Promise<void> { return dist.uploadBlob(this, repository, digest, body, size, opts); }
  referrers(ref: Reference, opts?: CallOptions & { artifactType?: string }): Promise<Descriptor[]> { return dist.referrers(this, ref, opts); }
  imageConfig(ref: Reference, opts?: CallOptions & { platform?: string; content?: ContentCache }): Promise<ImageDetails> { return dist.imageConfig(this, ref, opts); }

  /**
   * Forgets the credentials read from the provider and every cached token (after a sign-in or sign-out),
   * so the next request asks the provider again. The registry's challenge is kept: it does not depend on who asks.
   */
  resetAuth(): void {
    this.auth.reset();
  }

  async close(): Promise<void> { await this.dispatchers.close(); }
}
