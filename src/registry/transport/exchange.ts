// One request on its way through the transport layers. go-containerregistry composes http.RoundTrippers
// (pkg/v1/remote/transport); here each layer is a RoundTrip that wraps an inner one:
//
//   limits → redirect → retry → scheme → auth → wire
//
// The request's own facts (method, body, scopes, caps) are fixed; `url` moves when a layer learns where the
// next send must go (the scheme switches, a redirect), so a retry after a redirect goes to the redirect target,
// as a browser's would. What a layer remembers across its own resends (retry attempts, the one re-auth, the
// scheme probe) it keeps itself, keyed by the exchange.
import type { Readable } from 'node:stream';
import { redactUrl } from './redact';

export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** A response body still on the wire (undici's BodyReadable): read it, stream it, or dump it to free the connection. */
export type WireBody = Readable & { dump(): Promise<void> };

export interface Exchange {
  readonly method: string;
  /** Where the next send goes. */
  url: URL;
  /** User agent, content-length and the caller's headers; never the registry's Authorization (the auth layer adds it per send). */
  readonly headers: Record<string, string>;
  readonly body?: Buffer | string | NodeJS.ReadableStream;
  /** Aborts on the caller's cancel or the request's deadline. */
  readonly signal: AbortSignal;
  /** False for a stream body: it can be sent only once (no retry, no re-auth, no scheme probe). */
  readonly resendable: boolean;
  readonly idempotent: boolean;
  /** 'none' for an absolute URL on another origin: the registry's credentials only go to its own origin. */
  readonly auth: 'registry' | 'basic' | 'none';
  readonly scopes: string[];
  readonly followRedirects: boolean;
  readonly stream: boolean;
  readonly maxBodyBytes: number;
  /** Redirects followed so far (the redirect layer counts; logs redact what a redirect target may have signed). */
  redirects: number;
  /** A redirect left the registry's origin: from then on no Authorization at all (STYLE: never to another host). */
  crossedOrigin: boolean;
  /** Set by the auth layer for the send it makes; the wire adds it to `headers`. */
  authorization?: string;
}

export interface WireResponse {
  status: number;
  headers: ResponseHeaders;
  body: WireBody;
  /** The body, when a layer already had to read it (the scheme probe's 400). */
  read?: Buffer;
}

export type RoundTrip = (ex: Exchange) => Promise<WireResponse>;

/**
 * The send itself failed (no response): the only failure the scheme and retry layers act on. A failure of a
 * layer above the wire (a token fetch, a malformed redirect) already went through its own retries and stands.
 */
export class WireFailure extends Error {
  constructor(readonly error: unknown) {
    super((error as Error)?.message ?? String(error));
    this.name = 'WireFailure';
  }
}

/** The URL for logs and messages: a URL a redirect led to may be pre-signed, so none of its query values. */
export function shownUrl(ex: Pick<Exchange, 'url' | 'redirects'>): string {
  return redactUrl(ex.url, { redirect: ex.redirects > 0 });
}

export function headerOne(h: ResponseHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}
