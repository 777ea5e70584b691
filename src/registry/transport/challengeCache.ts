// What each registry answered in WWW-Authenticate, remembered so later requests (and later processes,
// with the file cache) go straight to the token endpoint: no ping, no 401 round trip. Challenges hold
// only the realm/service, never a secret.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Challenge } from '../challenge';

export interface ChallengeCache {
  get(origin: string): Challenge[] | undefined;
  set(origin: string, challenges: Challenge[]): void;
  delete(origin: string): void;
  /** The scheme learned for a loopback/insecure host ("http" when it speaks plain HTTP), if remembered. */
  getScheme?(host: string): 'http' | 'https' | undefined;
  setScheme?(host: string, scheme: 'http' | 'https' | undefined): void;
}

export class MemoryChallengeCache implements ChallengeCache {
  private readonly map = new Map<string, Challenge[]>();
  private readonly schemes = new Map<string, 'http' | 'https'>();
  get(origin: string) { return this.map.get(origin); }
  set(origin: string, challenges: Challenge[]) { this.map.set(origin, challenges); }
  delete(origin: string) { this.map.delete(origin); }
  getScheme(host: string) { return this.schemes.get(host); }
  setScheme(host: string, scheme: 'http' | 'https' | undefined) { if (scheme) this.schemes.set(host, scheme); else this.schemes.delete(host); }
}

/** Shared by every client of this process unless a client is given its own cache. */
export const processChallengeCache: ChallengeCache = new MemoryChallengeCache();

/** A JSON file of origin → challenges (for the CLI, whose every run is a new process). Errors are ignored: it is only a cache. */
export class FileChallengeCache implements ChallengeCache {
  private map?: Record<string, Challenge[]>;
  constructor(private readonly path: string) {}
  private load(): Record<string, Challenge[]> {
    if (!this.map) {
      try {
        const json: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
        this.map = json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, Challenge[]>) : {};
      } catch { this.map = {}; }
    }
    return this.map;
  }
  get(origin: string) {
    const v = this.load()[origin] as unknown;
    return Array.isArray(v) && v.every((c) => c && typeof c.scheme === 'string' && c.params && typeof c.params === 'object') ? v : undefined;
  }
  set(origin: string, challenges: Challenge[]) {
    const map = this.load();
    if (JSON.stringify(map[origin]) === JSON.stringify(challenges)) return;
    map[origin] = challenges;
    this.save();
  }
  delete(origin: string) {
    const map = this.load();
    if (!(origin in map)) return;
    delete map[origin];
    this.save();
  }
  getScheme(host: string): 'http' | 'https' | undefined {
    const v = this.load()[`scheme:${host}`] as unknown;
    return v === 'http' || v === 'https' ? v : undefined;
  }
  setScheme(host: string, scheme: 'http' | 'https' | undefined) {
    const map = this.load() as Record<string, unknown>;
    const key = `scheme:${host}`;
    if (map[key] === scheme) return;
    if (scheme) map[key] = scheme; else delete map[key];
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
