// What each registry answered in WWW-Authenticate, remembered so later requests (and later processes,
// with the file cache) go straight to the token endpoint: no ping, no 401 round trip. Challenges hold
// only the realm/service, never a secret.
//
// A remembered challenge is a hint, not a fact: the client falls back to asking the registry when using it
// fails (see Authenticator.header), and every entry expires after CHALLENGE_TTL_MS. The fallback repairs a
// moved realm at the cost of a round trip; the expiry bounds how long a hint the fallback cannot see through
// (a realm that still answers but for the wrong service, a scheme that only sometimes works) can live.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Challenge } from '../challenge';

/**
 * 24 hours. Realms and schemes change on a registry migration or reconfiguration, i.e. rarely; a day keeps
 * the saving (one 401 round trip per CLI run) for everyday use, and a wrong entry costs at most one
 * re-ask a day even when nothing detects it. Shorter buys little: a detected failure is repaired at once.
 */
export const CHALLENGE_TTL_MS = 24 * 60 * 60 * 1000;

export interface ChallengeCache {
  get(origin: string): Challenge[] | undefined;
  set(origin: string, challenges: Challenge[]): void;
  delete(origin: string): void;
  /** The scheme learned for a loopback/insecure host ("http" when it speaks plain HTTP), if remembered. */
  getScheme?(host: string): 'http' | 'https' | undefined;
  setScheme?(host: string, scheme: 'http' | 'https' | undefined): void;
}

export interface ChallengeCacheOptions {
  /** How long an entry is used, ms. Default CHALLENGE_TTL_MS. */
  ttlMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface Timed<T> { at: number; value: T }

export class MemoryChallengeCache implements ChallengeCache {
  private readonly map = new Map<string, Timed<Challenge[]>>();
  private readonly schemes = new Map<string, Timed<'http' | 'https'>>();
  private readonly ttl: number;
  private readonly now: () => number;
  constructor(o: ChallengeCacheOptions = {}) {
    this.ttl = o.ttlMs ?? CHALLENGE_TTL_MS;
    this.now = o.now ?? Date.now;
  }
  private fresh<T>(m: Map<string, Timed<T>>, k: string): T | undefined {
    const e = m.get(k);
    if (e && this.now() - e.at <= this.ttl) return e.value;
    if (e) m.delete(k);
    return undefined;
  }
  get(origin: string) { return this.fresh(this.map, origin); }
  set(origin: string, challenges: Challenge[]) { this.map.set(origin, { at: this.now(), value: challenges }); }
  delete(origin: string) { this.map.delete(origin); }
  getScheme(host: string) { return this.fresh(this.schemes, host); }
  setScheme(host: string, scheme: 'http' | 'https' | undefined) {
    if (scheme) this.schemes.set(host, { at: this.now(), value: scheme }); else this.schemes.delete(host);
  }
}

/** Shared by every client of this process unless a client is given its own cache. */
export const processChallengeCache: ChallengeCache = new MemoryChallengeCache();

/**
 * A JSON file (for the CLI, whose every run is a new process): `origin → {at, challenges}` and
 * `scheme:host → {at, scheme}`, `at` in ms since the epoch. Entries without a time (written before entries
 * had one) count as expired. Errors are ignored: it is only a cache.
 */
export class FileChallengeCache implements ChallengeCache {
  private map?: Record<string, unknown>;
  private readonly ttl: number;
  private readonly now: () => number;
  constructor(private readonly path: string, o: ChallengeCacheOptions = {}) {
    this.ttl = o.ttlMs ?? CHALLENGE_TTL_MS;
    this.now = o.now ?? Date.now;
  }
  private load(): Record<string, unknown> {
    if (!this.map) {
      try {
        const json: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
        this.map = json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
      } catch { this.map = {}; }
    }
    return this.map;
  }
  /** The entry's fields when it has a time within the TTL (a time in the future, from a skewed clock, is not trusted). */
  private fresh(key: string): Record<string, unknown> | undefined {
    const e = this.load()[key];
    if (!e || typeof e !== 'object' || Array.isArray(e)) return undefined;
    const at = (e as { at?: unknown }).at;
    if (typeof at !== 'number' || this.now() - at > this.ttl || at > this.now() + 60_000) return undefined;
    return e as Record<string, unknown>;
  }
  get(origin: string) {
    const v = this.fresh(origin)?.challenges;
    return Array.isArray(v) && v.every((c) => c && typeof c.scheme === 'string' && c.params && typeof c.params === 'object') ? v as Challenge[] : undefined;
  }
  set(origin: string, challenges: Challenge[]) {
    const map = this.load();
    // Unchanged and not near expiry: no write (every CLI run would rewrite the file otherwise).
    const cur = this.fresh(origin);
    if (cur && JSON.stringify(cur.challenges) === JSON.stringify(challenges) && this.now() - (cur.at as number) < this.ttl / 2) return;
    map[origin] = { at: this.now(), challenges };
    this.save();
  }
  delete(origin: string) {
    const map = this.load();
    if (!(origin in map)) return;
    delete map[origin];
    this.save();
  }
  getScheme(host: string): 'http' | 'https' | undefined {
    const v = this.fresh(`scheme:${host}`)?.scheme;
    return v === 'http' || v === 'https' ? v : undefined;
  }
  setScheme(host: string, scheme: 'http' | 'https' | undefined) {
    const map = this.load();
    const key = `scheme:${host}`;
    if (!scheme) {
      if (!(key in map)) return;
      delete map[key];
    } else {
      const cur = this.fresh(key);
      if (cur?.scheme === scheme && this.now() - (cur.at as number) < this.ttl / 2) return;
      map[key] = { at: this.now(), scheme };
    }
    this.save();
  }
  private save() {
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(this.map), { mode: 0o600 });
      renameSync(tmp, this.path);
    } catch { /* a cache that cannot be written only costs a round trip */ }
  }
}
