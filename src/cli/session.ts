// Everything a command needs to talk to registries: one client per registry host (shared by src and dst
// when they are the same), credentials from the safest source the user gave, and two small caches that
// let a new process skip round trips an earlier run already paid for:
// - the WWW-Authenticate challenges per origin (the client's FileChallengeCache): no 401 before the token;
// - the scheme of loopback/insecure hosts that speak plain HTTP: no failed TLS handshake before HTTP.
// Neither cache holds a secret.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  ChainCredentials, DockerConfigCredentials, EnvCredentials, FileChallengeCache, MemoryChallengeCache, RegistryClient,
  isLoopbackHost, type ChallengeCache, type CredentialProvider, type Credentials, type RequestLogLine,
} from '../registry';

export interface SessionOptions {
  env: NodeJS.ProcessEnv;
  /** Credentials the user typed (--creds / --creds-stdin / --username + --password-stdin): for every registry of the command. */
  explicit?: Credentials;
  authFile?: string;
  insecure?: boolean;
  caFile?: string;
  noCache?: boolean;
  log?: (line: RequestLogLine) => void;
  userAgent?: string;
}

export function cacheDir(env: NodeJS.ProcessEnv): string {
  if (env.REGX_CACHE_DIR) return env.REGX_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'regx');
}

/** host → scheme learned for hosts that may use plain HTTP (loopback or --insecure). */
class SchemeCache {
  private map?: Record<string, 'http' | 'https'>;
  constructor(private readonly path: string | undefined) {}
  private load(): Record<string, 'http' | 'https'> {
    if (!this.map) {
      this.map = {};
      if (this.path) {
        try {
          const j: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
          if (j && typeof j === 'object' && !Array.isArray(j)) {
            for (const [k, v] of Object.entries(j)) if (v === 'http' || v === 'https') this.map[k] = v;
          }
        } catch { /* no cache yet */ }
      }
    }
    return this.map;
  }
  get(host: string): 'http' | 'https' | undefined { return this.load()[host]; }
  set(host: string, scheme: 'http' | 'https'): void {
    const map = this.load();
    if (map[host] === scheme || !this.path) return;
    map[host] = scheme;
    try {
      mkdirSync(join(this.path, '..'), { recursive: true, mode: 0o700 });
      const tmp = `${this.path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(map), { mode: 0o600 });
      renameSync(tmp, this.path);
    } catch { /* only a cache */ }
  }
  delete(host: string): void {
    const map = this.load();
    if (!(host in map) || !this.path) return;
    delete map[host];
    try { writeFileSync(this.path, JSON.stringify(map), { mode: 0o600 }); } catch { /* only a cache */ }
  }
}

export class Session {
  private readonly clients = new Map<string, RegistryClient>();
  private readonly credentials: CredentialProvider;
  private readonly challenges: ChallengeCache;
  private readonly schemes: SchemeCache;
  private readonly usedCachedHttp = new Set<string>();

  constructor(private readonly o: SessionOptions) {
    const dir = o.noCache ? undefined : cacheDir(o.env);
    this.challenges = dir ? new FileChallengeCache(join(dir, 'challenges.json')) : new MemoryChallengeCache();
    this.schemes = new SchemeCache(dir ? join(dir, 'schemes.json') : undefined);
    const explicit = o.explicit;
    this.credentials = new ChainCredentials([
      explicit ? { get: async () => explicit } : undefined,
      new EnvCredentials({ env: o.env }),
      new DockerConfigCredentials({ env: o.env, configPath: o.authFile }),
    ]);
  }

  /** The client for a registry host (one per host per process). */
  client(registry: string): RegistryClient {
    let c = this.clients.get(registry);
    if (!c) {
      // Plain HTTP is only ever remembered for hosts that may use it (loopback, or --insecure).
      const scheme = isLoopbackHost(registry) || this.o.insecure ? this.schemes.get(registry) : undefined;
      if (scheme === 'http') this.usedCachedHttp.add(registry);
      c = new RegistryClient({
        registry: scheme === 'http' ? `http://${registry}` : registry,
        credentials: this.credentials,
        insecure: this.o.insecure,
        caFile: this.o.caFile,
        challengeCache: this.challenges,
        logger: this.o.log,
        userAgent: this.o.userAgent ?? 'regx-cli',
        env: this.o.env,
      });
      this.clients.set(registry, c);
    }
    return c;
  }

  get requestCount(): number {
    let n = 0;
    for (const c of this.clients.values()) n += c.requestCount;
    return n;
  }

  /**
   * Remembers schemes learned by this run's clients, then closes them. A failed run forgets a remembered
   * plain-HTTP scheme (the port may now serve TLS), so the next run probes again.
   */
  async close(ok: boolean): Promise<void> {
    for (const [registry, c] of this.clients) {
      if (!ok && this.usedCachedHttp.has(registry)) this.schemes.delete(registry);
      if (ok && c.requestCount > 0) {
        const scheme = c.baseUrl.startsWith('http://') ? 'http' : 'https';
        if (scheme === 'http' || this.schemes.get(registry) === 'http') this.schemes.set(registry, scheme);
      }
    }
    await Promise.all([...this.clients.values()].map((c) => c.close().catch(() => undefined)));
  }
}
