// Registry auth (go-containerregistry's transport.bearer, oras-go's auth.Client): Basic, or Bearer tokens
// from the realm the registry names in WWW-Authenticate. The challenge is remembered per origin (so later
// requests skip the 401), tokens are cached per scope set, and concurrent requests share one token fetch.
import { parseChallenges, type Challenge } from '../challenge';
import { hasSecret, type CredentialProvider, type Credentials } from '../credentials';
import { errorFromResponse, RegistryError } from '../errors';
import { isAbort } from '../isAbort';
import { malformed, parseJson } from './body';
import type { ChallengeCache } from './challengeCache';
import { TokenCache } from './tokenCache';

/** The slice of RegistryClient.request the authenticator needs (token requests go through the same transport). */
export interface TokenRequest {
  method: string; path: string; auth: 'none'; signal?: AbortSignal; idempotent?: boolean; maxBodyBytes?: number;
  headers?: Record<string, string>; body?: string; query?: Record<string, string | string[] | undefined>;
}
export interface TokenResponse { status: number; body: Buffer }

export interface AuthHeader { header: string; tokenKey?: string; token?: string }

/** Docker Hub's well-known challenge: lets the first request go straight to the token service. */
const DOCKER_HUB_CHALLENGE: Challenge[] = [{ scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io' } }];

export function basicHeader(c: Credentials): string | undefined {
  if (c.password === undefined) return undefined;
  return `Basic ${Buffer.from(`${c.username ?? ''}:${c.password}`).toString('base64')}`;
}

/** True when `scope` ("type:name:actions") is already granted by one of `scopes` (same resource, superset of actions). */
export function scopeCovered(scope: string, scopes: string[]): boolean {
  const split = (x: string) => { const i = x.lastIndexOf(':'); return [x.slice(0, i), new Set(x.slice(i + 1).split(','))] as const; };
  const [res, actions] = split(scope);
  return scopes.some((s) => {
    const [r, a] = split(s);
    return r === res && [...actions].every((x) => a.has(x) || a.has('*'));
  });
}

export interface AuthenticatorOptions {
  registry: string;
  host: string;
  credentials?: CredentialProvider;
  challenges: ChallengeCache;
  origin: () => string;
  scheme: () => 'http' | 'https';
  send: (req: TokenRequest) => Promise<TokenResponse>;
}

/**
 * Failures that say the remembered challenge may be stale: any error of the token fetch except a cancel or
 * the operation's deadline (asking again cannot help those).
 */
function isHintFailure(e: unknown): boolean {
  return e instanceof RegistryError && !isAbort(e) && e.code !== 'DEADLINE_EXCEEDED';
}

export class Authenticator {
  private readonly tokens = new TokenCache();
  /** Token-fetch failures on a remembered challenge, by origin + realm + service, until the registry is asked again. */
  private readonly failedHints = new Map<string, unknown>();
  private credentials?: Promise<Credentials | undefined>;
  constructor(private readonly o: AuthenticatorOptions) {}

  /** Credentials are asked for once per client (a helper process may be slow); resetAuth asks again. */
  getCredentials(): Promise<Credentials | undefined> {
    if (!this.o.credentials) return Promise.resolve(undefined);
    if (!this.credentials) {
      this.credentials = this.o.credentials.get(this.o.registry);
      this.credentials.catch(() => { this.credentials = undefined; });
    }
    return this.credentials;
  }

  reset(): void {
    this.credentials = undefined;
    this.tokens.clear();
  }

  /**
   * The Authorization header this request should carry, from the remembered challenge (none known → anonymous).
   *
   * A remembered challenge (from the cache, or Docker Hub's well-known one) is a hint. With `mayAskAgain`
   * (the request has not had its own 401 yet and can be sent twice), a failing token fetch on a remembered
   * challenge (the realm says 401, refuses the connection, answers garbage) forgets the entry and returns
   * `{ askAgain: true }`: the caller sends the request anonymously, the registry's 401 brings the current
   * challenge (onUnauthorized stores it), and the next call uses that. When the registry names the same
   * realm and service again (`fresh`: the call after that 401), the first failure is the answer: it is thrown
   * without a second login.
   */
  async header(mode: 'registry' | 'basic', scopes: string[], signal?: AbortSignal, opts: { mayAskAgain?: boolean; fresh?: boolean } = {}): Promise<AuthHeader | { askAgain: true } | undefined> {
    const creds = await this.getCredentials();
    if (mode === 'basic') {
      const h = creds && basicHeader(creds);
      return h ? { header: h } : undefined;
    }
    const origin = this.o.origin();
    const known = this.o.challenges.get(origin) ?? (this.o.host === 'registry-1.docker.io' ? DOCKER_HUB_CHALLENGE : undefined);
    if (!known) return undefined;
    const bearer = known.find((c) => c.scheme === 'bearer' && c.params.realm);
    if (bearer) {
      if (creds?.registryToken) return { header: `Bearer ${creds.registryToken}` };
      const realmKey = `${origin} ${bearer.params.realm} ${bearer.params.service ?? ''}`;
      if (opts.fresh) {
        // The registry was just asked (this request's own 401): an earlier failure on the realm it names again stands.
        const failed = this.failedHints.get(realmKey);
        for (const k of [...this.failedHints.keys()]) if (k.startsWith(`${origin} `)) this.failedHints.delete(k);
        if (failed !== undefined) throw failed;
      }
      const key = TokenCache.key(bearer.params.service, bearer.params.realm, scopes);
      try {
        const token = await this.tokens.get(key, () => this.fetchToken(bearer, scopes, creds, signal));
        this.failedHints.delete(realmKey);
        return { header: `Bearer ${token}`, tokenKey: key, token };
      } catch (e) {
        if (!opts.mayAskAgain || !isHintFailure(e)) throw e;
        this.o.challenges.delete(origin);
        this.failedHints.set(realmKey, e);
        return { askAgain: true };
      }
    }
    if (known.some((c) => c.scheme === 'basic') && creds) {
      const h = basicHeader(creds);
      return h ? { header: h } : undefined;
    }
    return undefined;
  }

  /**
   * After a 401: remembers the challenge, drops the token that failed and says whether one retry can
   * help (a Bearer realm, or Basic with credentials), with the extra scopes the challenge asks for
   * (e.g. registry:catalog:*). undefined = give the 401 to the caller.
   */
  async onUnauthorized(wwwAuthenticate: string | string[] | undefined, used: AuthHeader | undefined, requestScopes: string[]): Promise<{ extraScopes: string[] } | undefined> {
    const challenges = parseChallenges(wwwAuthenticate);
    const creds = await this.getCredentials();
    const usable = challenges.find((c) => c.scheme === 'bearer' && c.params.realm) ?? (creds && challenges.find((c) => c.scheme === 'basic'));
    if (!usable) return undefined;
    this.o.challenges.set(this.o.origin(), challenges);
    if (used?.tokenKey) this.tokens.invalidate(used.tokenKey, used.token);
    const extraScopes = usable.scheme === 'bearer' && usable.params.scope
      ? usable.params.scope.split(' ').filter((s) => s && !scopeCovered(s, requestScopes))
      : [];
    return { extraScopes };
  }

  /**
   * Token from the realm (distribution token spec, "Requesting a Token"): GET realm?service=&scope=
   * with Basic credentials when we have them; an identity token is exchanged with an OAuth2 POST
   * (grant_type=refresh_token). Accepts `token` or `access_token`; expires_in defaults to 60 s.
   */
  private async fetchToken(ch: Challenge, scopes: string[], creds: Credentials | undefined, signal?: AbortSignal): Promise<{ token: string; expiresAt: number }> {
    const registry = this.o.registry;
    let realm: URL;
    try { realm = new URL(ch.params.realm); } catch {
      throw new RegistryError(`the registry ${registry} named an invalid token realm ${JSON.stringify(ch.params.realm)}`, { code: 'AUTH_REALM_INVALID' });
    }
    if (realm.protocol !== 'https:' && realm.protocol !== 'http:') {
      throw new RegistryError(`the registry ${registry} named a token realm that is not HTTP(S): ${realm.protocol}`, { code: 'AUTH_REALM_INVALID' });
    }
    if (this.o.scheme() === 'https' && realm.protocol === 'http:') {
      throw new RegistryError(
        `refusing to authenticate: the registry ${registry} is reached over HTTPS but its token service ${realm.origin} uses plain HTTP, which would expose credentials. Fix the registry's auth.token.realm to use https.`,
        { code: 'AUTH_REALM_INSECURE' });
    }
    const service = ch.params.service;
    const allScopes = [...new Set(scopes)].sort();
    let res: TokenResponse;
    if (creds?.identityToken) {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.identityToken, client_id: 'registry-explorer' });
      if (service) form.set('service', service);
      if (allScopes.length) form.set('scope', allScopes.join(' '));
      res = await this.o.send({
        method: 'POST', path: realm.toString(), auth: 'none', signal, idempotent: true, maxBodyBytes: 1024 * 1024,
        headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(),
      });
    } else {
      const headers: Record<string, string> = {};
      const basic = creds && basicHeader(creds);
      if (basic) headers.authorization = basic;
      res = await this.o.send({
        method: 'GET', path: realm.toString(), auth: 'none', signal, headers, maxBodyBytes: 1024 * 1024,
        query: { service, scope: allScopes, account: basic ? creds?.username || undefined : undefined },
      });
    }
    if (res.status === 401 || res.status === 403) {
      throw new RegistryError(
        hasSecret(creds)
          ? `authentication failed for ${registry}: the token service rejected the credentials. Check the username and password.`
          : `authentication required for ${registry}: the token service refused anonymous access. Sign in to the registry.`,
        { status: 401, code: 'UNAUTHORIZED' });
    }
    if (res.status !== 200) throw errorFromResponse(res.status, res.body, `token for ${registry}`);
    const json = parseJson(res.body, `the token from ${realm.origin}`);
    const o = (json && typeof json === 'object' ? json : {}) as { token?: unknown; access_token?: unknown; expires_in?: unknown };
    const token = typeof o.token === 'string' && o.token ? o.token : typeof o.access_token === 'string' && o.access_token ? o.access_token : undefined;
    if (!token) throw malformed(`the token from ${realm.origin}`, 'no "token" or "access_token"');
    const expiresIn = typeof o.expires_in === 'number' && o.expires_in > 0 ? o.expires_in : 60;
    return { token, expiresAt: Date.now() + expiresIn * 1000 };
  }
}
