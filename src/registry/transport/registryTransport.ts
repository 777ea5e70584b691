// RegistryTransport: one per registry host, the base of RegistryClient. Owns one undici dispatcher and the auth
// state for that host. `request()` is the low level every operation (distribution, Harbor, Docker Hub) goes
// through: it builds an Exchange and sends it through the layers, composed as go-containerregistry composes its
// http.RoundTrippers (exchange.ts): limits → redirect → retry → scheme → auth → wire.
import type { CredentialProvider } from '../credentials';
import { errorFromResponse, RegistryError } from '../errors';
import { isLoopbackHost } from '../reference';
import { Authenticator } from './auth';
import { authLayer } from './authLayer';
import { processChallengeCache, type ChallengeCache } from './challengeCache';
import { Deadline, DEFAULT_DEADLINE_MS } from './deadline';
import { Dispatchers } from './dispatcher';
import { WireFailure, type Exchange } from './exchange';
import { limitsLayer, type LimitedResponse } from './limitsLayer';
import { networkError } from './networkError';
import { redirectLayer } from './redirectLayer';
import { parseRetryAfter } from './retry';
import { retryLayer, type RetryInfo } from './retryLayer';
import { SchemeState } from './scheme';
import { schemeLayer } from './schemeLayer';
import { wire } from './wire';
import type { RequestLogLine } from '../types';


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

export type RegistryResponse = LimitedResponse;

const DEFAULT_MAX_BODY = 8 * 1024 * 1024;

export class RegistryTransport {
  readonly registry: string;
  /** Every HTTP request sent, token fetches, retries and redirects included (for tests and budgets). */
  requestCount = 0;
  private readonly host: string;
  private readonly schemes: SchemeState;
  private readonly dispatchers: Dispatchers;
  private readonly challenges: ChallengeCache;
  private readonly o: RegistryClientOptions;
  private readonly auth: Authenticator;
  private readonly roundTrip: (ex: Exchange) => Promise<RegistryResponse>;

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
    // The layers, outermost first (transport/exchange.ts): each sees what the one inside it returns.
    const send = wire({ dispatchers: this.dispatchers, timeoutMs: opts.timeoutMs ?? 30_000, logger: opts.logger, onSend: () => { this.requestCount++; } });
    const retrying = retryLayer(schemeLayer(authLayer(send, this.auth), { state: this.schemes, host: this.host }), {
      retries: opts.retries ?? 3,
      baseMs: opts.retryBaseMs ?? 250,
      maxRetryAfterSeconds: opts.maxRetryAfterSeconds ?? 30,
      onRetry: opts.onRetry,
    });
    this.roundTrip = limitsLayer(redirectLayer(retrying, { registry: this.registry }));
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
      res = await this.send(req, deadline.signal, streamBody);
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

  /** The request as an Exchange, through the layers; whatever fails comes out as one RegistryError. */
  private async send(req: RegistryRequest, signal: AbortSignal, streamBody: boolean): Promise<RegistryResponse> {
    const method = req.method.toUpperCase();
    const url = this.resolveUrl(req.path, req.query);
    const relative = !/^https?:\/\//i.test(req.path);
    const headers: Record<string, string> = { 'user-agent': this.o.userAgent ?? 'registry-explorer', ...req.headers };
    if (req.contentLength !== undefined) headers['content-length'] = String(req.contentLength);
    const ex: Exchange = {
      method, url, headers, body: req.body, signal,
      resendable: !streamBody,
      idempotent: !streamBody && (req.idempotent ?? (method === 'GET' || method === 'HEAD' || method === 'OPTIONS')),
      // The registry's credentials only ever go to the registry's own origin.
      auth: !relative && url.origin !== this.origin ? 'none' : req.auth ?? 'registry',
      scopes: req.scope ?? [],
      followRedirects: req.followRedirects !== false,
      stream: !!req.stream,
      maxBodyBytes: req.maxBodyBytes ?? this.o.maxBodyBytes ?? DEFAULT_MAX_BODY,
      redirects: 0,
      crossedOrigin: false,
    };
    try {
      return await this.roundTrip(ex);
    } catch (e) {
      throw networkError(e instanceof WireFailure ? e.error : e, ex.url, signal);
    }
  }

  /** The RegistryError for a response, with Retry-After. */
  errorFor(res: RegistryResponse, what: string): RegistryError {
    return errorFromResponse(res.status, res.body, what, { retryAfterSeconds: parseRetryAfter(res.headers['retry-after']) });
  }

  /**
   * Forgets the credentials read from the provider and every cached token (after a sign-in or sign-out),
   * so the next request asks the provider again. The registry's challenge is kept: it does not depend on who asks.
   */
  resetAuth(): void {
    this.auth.reset();
  }

  async close(): Promise<void> { await this.dispatchers.close(); }
}
