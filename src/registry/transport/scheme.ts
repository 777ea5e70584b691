// The scheme of a registry host, in one place: fixed by the user ("http://…"/"https://…"), https for every
// other host, and for loopback or insecure hosts (Docker's insecure-registries: they may speak plain HTTP)
// probed with https first or taken from memory (this process, or the CLI's cache file).
//
// What is remembered is a hint. The scheme changes only on evidence of what the port speaks:
// - a TLS handshake that reads a plain-HTTP answer ("wrong version number") proves plain HTTP;
// - Go's TLS server answers plain HTTP with a 400 "Client sent an HTTP request to an HTTPS server";
// - an exchange that completes on a scheme proves that scheme.
// A connection reset proves nothing (a proxy restart, a load balancer, a registry restart): it is retried on
// the same scheme, and only when the retry fails the same way is the other scheme tried once, kept only if
// it completes an exchange (some TLS servers hang up on plain HTTP without a word).
import type { ChallengeCache } from './challengeCache';
import { errorCode } from './retry';

export type Scheme = 'http' | 'https';

/** Schemes learned for loopback/insecure hosts, shared by the clients of this process. */
const learnedScheme = new Map<string, Scheme>();

/** TLS errors that mean "this port answered in plain HTTP" (OpenSSL's record-layer errors). */
const PLAIN_HTTP_CODES = new Set(['EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST']);
const PLAIN_HTTP_MESSAGE = /wrong version number|packet length too long|http request/i;
/** Failures that say nothing about the scheme: the connection went away. */
const AMBIGUOUS_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED']);
/** Go's net/http TLS server, to a plain-HTTP request (server.go, "Client sent an HTTP request to an HTTPS server"). */
const HTTPS_ONLY_ANSWER = /HTTP request to an HTTPS server/i;

export function otherScheme(s: Scheme): Scheme { return s === 'http' ? 'https' : 'http'; }

export function withScheme(url: URL, s: Scheme): URL {
  return new URL(url.toString().replace(/^https?:/, `${s}:`));
}

/** What a failed exchange says about the scheme it was sent with. */
export function schemeEvidence(e: unknown, sent: Scheme): 'plain-http' | 'ambiguous' | undefined {
  const code = errorCode(e) ?? '';
  if (sent === 'https' && (PLAIN_HTTP_CODES.has(code) || PLAIN_HTTP_MESSAGE.test(String((e as Error)?.message)))) return 'plain-http';
  if (AMBIGUOUS_CODES.has(code)) return 'ambiguous';
  return undefined;
}

export interface SchemeOptions {
  host: string;
  /** Given by the user: never changes. */
  fixed?: Scheme;
  /** Loopback or insecure: plain HTTP is allowed. */
  mayUseHttp: boolean;
  cache: ChallengeCache;
}

export class SchemeState {
  private current: Scheme;
  /** True until an exchange completed on the current scheme in this process (it is a probe or a memory). */
  private unconfirmed: boolean;
  constructor(private readonly o: SchemeOptions) {
    const learned = o.mayUseHttp && !o.fixed ? learnedScheme.get(o.host) ?? o.cache.getScheme?.(o.host) : undefined;
    this.current = o.fixed ?? learned ?? 'https';
    this.unconfirmed = !o.fixed && o.mayUseHttp;
  }

  get scheme(): Scheme { return this.current; }

  /** Whether the scheme may change at all (not fixed by the user, and plain HTTP allowed). */
  get flexible(): boolean { return !this.o.fixed && this.o.mayUseHttp; }

  /** Evidence that the host speaks `s`: use it from now on, in this process and (for http) in the cache. */
  adopt(s: Scheme): void {
    if (!this.flexible) return;
    const changed = s !== this.current;
    this.current = s;
    this.unconfirmed = false;
    learnedScheme.set(this.o.host, s);
    // https is what an unknown host starts with: only plain HTTP is worth a cache entry.
    if (changed || s === 'http') this.o.cache.setScheme?.(this.o.host, s === 'http' ? 'http' : undefined);
  }

  /** An exchange completed on the current scheme (a response arrived): the probe or memory is confirmed. */
  confirm(s: Scheme): void {
    if (this.flexible && this.unconfirmed && s === this.current) this.adopt(s);
  }
}

/**
 * One request's view of the scheme: counts the ambiguous failures in a row and makes the one try of the
 * other scheme. Only exchanges with the registry's own host (`host`) are considered.
 */
export class SchemeAttempts {
  private resets = 0;
  private triedOther = false;
  private tentative = false;
  constructor(private readonly state: SchemeState, private readonly host: string, private readonly canResend: boolean) {}

  private applies(url: URL): boolean { return url.host === this.host && this.state.flexible && this.canResend; }

  /**
   * After a failed exchange. `retryNow`: send again at once, to this URL (the scheme changed or is being
   * tried); otherwise `url` is the one the usual retry policy goes on with (a failed try is undone).
   */
  afterError(e: unknown, url: URL): { url: URL; retryNow: boolean } {
    if (!this.applies(url)) return { url, retryNow: false };
    const sent = url.protocol.slice(0, -1) as Scheme;
    const evidence = schemeEvidence(e, sent);
    if (evidence === 'plain-http') {
      // The port answered the TLS handshake in plain HTTP. Concurrent requests that left with https before
      // the switch follow it too.
      this.state.adopt('http');
      this.tentative = false;
      return { url: withScheme(url, 'http'), retryNow: true };
    }
    if (this.tentative) {
      // The other scheme failed too: back to the one we had, under the usual retry budget.
      this.tentative = false;
      return { url: withScheme(url, otherScheme(sent)), retryNow: false };
    }
    if (evidence !== 'ambiguous') return { url, retryNow: false };
    if (++this.resets >= 2 && !this.triedOther) {
      // Reset on the same scheme twice in a row: try the other once; kept only if it gets an answer.
      this.triedOther = true;
      this.tentative = true;
      return { url: withScheme(url, otherScheme(sent)), retryNow: true };
    }
    return { url, retryNow: false };
  }

  /** Whether a response should be read for Go's "HTTP request to an HTTPS server" 400 (see httpsOnly). */
  mayBeHttpsOnly(status: number, url: URL): boolean {
    return status === 400 && url.protocol === 'http:' && this.applies(url);
  }

  /** The 400's body proves the port speaks TLS: the https URL to send to at once, or undefined. */
  httpsOnly(body: string, url: URL): URL | undefined {
    if (!HTTPS_ONLY_ANSWER.test(body)) return undefined;
    this.state.adopt('https');
    this.tentative = false;
    return withScheme(url, 'https');
  }

  /** A response arrived: evidence for the scheme it came on. */
  answered(url: URL): void {
    if (url.host !== this.host) return;
    const sent = url.protocol.slice(0, -1) as Scheme;
    if (this.tentative) { this.state.adopt(sent); this.tentative = false; } else this.state.confirm(sent);
  }
}
