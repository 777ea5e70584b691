// Bearer tokens per (registry, service, scope set), as oras-go's auth cache: a valid token is reused
// until shortly before it expires, and concurrent requests for the same key share ONE pending fetch.

export interface CachedToken { token: string; expiresAt: number }

/** Tokens are dropped this long before their stated expiry, so a request never leaves with a dying token. */
const EXPIRY_MARGIN_MS = 5_000;

export class TokenCache {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly pending = new Map<string, Promise<CachedToken>>();
  constructor(private readonly now: () => number = Date.now) {}

  static key(service: string | undefined, realm: string, scopes: string[]): string {
    return `${realm} ${service ?? ''} ${[...new Set(scopes)].sort().join(' ')}`;
  }

  peek(key: string): string | undefined {
    const t = this.tokens.get(key);
    if (t && t.expiresAt - EXPIRY_MARGIN_MS > this.now()) return t.token;
    if (t) this.tokens.delete(key);
    return undefined;
  }

  /** Returns a cached token or runs `fetch` once for all concurrent callers of this key. */
  async get(key: string, fetch: () => Promise<CachedToken>): Promise<string> {
    const hit = this.peek(key);
    if (hit !== undefined) return hit;
    let p = this.pending.get(key);
    if (!p) {
      p = fetch().then((t) => { this.tokens.set(key, t); return t; }).finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    return (await p).token;
  }

  clear(): void {
    this.tokens.clear();
    // Pending fetches finish but are not reused: their callers already hold them.
    this.pending.clear();
  }

  invalidate(key: string, token?: string): void {
    const t = this.tokens.get(key);
    if (t && (token === undefined || t.token === token)) this.tokens.delete(key);
  }
}
