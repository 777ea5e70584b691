// Everything a command needs to talk to registries: one client per registry host (shared by src and dst
// when they are the same), credentials from the safest source the user gave, and the client's file cache
// that lets a new process skip round trips an earlier run already paid for: the WWW-Authenticate
// challenges per origin (no 401 before the token) and the scheme of loopback/insecure hosts that speak
// plain HTTP (no failed TLS handshake first). It holds no secret.
// Credentials the user typed are bound to one host here, before any request: a registry's Basic challenge is
// answered with that registry's credentials or none (Docker's config.json is per host already).
import { join } from 'node:path';
import { cacheDir } from './cacheDir';
import { UsageError } from './errors';
import {
  ChainCredentials, DockerConfigCredentials, FileChallengeCache, MemoryChallengeCache, RegistryClient, registryKey,
  type ChallengeCache, type CredentialProvider, type Credentials, type RequestLogLine,
} from '../registry';

/** Credentials the user gave, with the option or variable they came from (for usage errors; never the secret). */
export interface GivenCredentials { credentials: Credentials; from: string }

/**
 * What the user typed or exported: `only` (--creds-stdin, --username/--password-stdin, --creds,
 * REGX_USERNAME/REGX_PASSWORD) is for the command's one registry; `src`/`dest` (--src-…, --dest-…,
 * REGX_SRC_…, REGX_DEST_…) for either side of a copy.
 */
export interface ExplicitCredentials { only?: GivenCredentials; src?: GivenCredentials; dest?: GivenCredentials }

export interface SessionOptions {
  env: NodeJS.ProcessEnv;
  explicit?: ExplicitCredentials;
  authFile?: string;
  insecure?: boolean;
  caFile?: string;
  noCache?: boolean;
  /** Overall deadline of each request, ms (--timeout); 0 = none. */
  timeoutMs?: number;
  log?: (line: RequestLogLine) => void;
  userAgent?: string;
}

export { cacheDir };

export class Session {
  private readonly clients = new Map<string, RegistryClient>();
  private readonly config: DockerConfigCredentials;
  private readonly challenges: ChallengeCache;
  /** The host `explicit.only` went to (the first registry a single-registry command asked for). */
  private onlyHost: string | undefined;

  constructor(private readonly o: SessionOptions) {
    const dir = o.noCache ? undefined : cacheDir(o.env);
    this.challenges = dir ? new FileChallengeCache(join(dir, 'challenges.json')) : new MemoryChallengeCache();
    this.config = new DockerConfigCredentials({ env: o.env, configPath: o.authFile });
  }

  /**
   * The client of a single-registry command's registry. Unscoped credentials go to this host only; a
   * second host in the same session would be a command that touches two registries without saying so.
   */
  client(registry: string): RegistryClient {
    const key = registryKey(registry);
    const only = this.o.explicit?.only;
    if (only) {
      this.onlyHost ??= key;
      if (this.onlyHost !== key) throw new UsageError(`${only.from} is for one registry (${this.onlyHost}), not also ${key}`);
    }
    return this.clientFor(registry, only?.credentials);
  }

  /**
   * The clients of a copy. On one registry: one client, with whichever credentials were given (unscoped or
   * either side's). Across two: each side gets its own credentials only, and unscoped ones are refused,
   * since they would be sent to whichever registry asks (skopeo's --src-creds/--dest-creds split).
   */
  pair(srcRegistry: string, destRegistry: string): { src: RegistryClient; dest: RegistryClient } {
    const e = this.o.explicit ?? {};
    const srcKey = registryKey(srcRegistry);
    const destKey = registryKey(destRegistry);
    if (srcKey === destKey) {
      if (e.src && e.dest && !sameCredentials(e.src.credentials, e.dest.credentials)) {
        throw new UsageError(`source and destination are both on ${srcKey}: give one set of credentials, not ${e.src.from} and ${e.dest.from}`);
      }
      const c = this.clientFor(srcRegistry, (e.src ?? e.dest ?? e.only)?.credentials);
      return { src: c, dest: c };
    }
    if (e.only) {
      throw new UsageError(`${e.only.from} is for one registry, and this copy touches two (${srcKey} and ${destKey}): `
        + 'give each side its own (--src-username U --src-password-stdin, --dest-username U --dest-password-stdin, '
        + 'REGX_SRC_USERNAME/REGX_SRC_PASSWORD, REGX_DEST_USERNAME/REGX_DEST_PASSWORD) or use Docker\'s config.json');
    }
    return { src: this.clientFor(srcRegistry, e.src?.credentials), dest: this.clientFor(destRegistry, e.dest?.credentials) };
  }

  private clientFor(registry: string, explicit: Credentials | undefined): RegistryClient {
    let c = this.clients.get(registry);
    if (!c) {
      c = new RegistryClient({
        registry,
        credentials: new ChainCredentials([explicit ? boundTo(registry, explicit) : undefined, this.config]),
        insecure: this.o.insecure,
        caFile: this.o.caFile,
        deadlineMs: this.o.timeoutMs,
        challengeCache: this.challenges,
        logger: this.o.log,
        userAgent: this.o.userAgent ?? 'regx-cli',
        env: this.o.env,
      });
      this.clients.set(registry, c);
    }
    return c;
  }

  /**
   * The credentials this session would answer `registry`'s challenge with, for a program that authenticates by
   * itself (Trivy gets them in its environment). Call after client(registry), which binds --username & co.
   */
  async credentialsFor(registry: string): Promise<Credentials | undefined> {
    const only = this.o.explicit?.only;
    const bound = only && registryKey(this.onlyHost ?? registry) === registryKey(registry) ? boundTo(registry, only.credentials) : undefined;
    return new ChainCredentials([bound, this.config]).get(registry);
  }

  get insecure(): boolean { return !!this.o.insecure; }
  get caFile(): string | undefined { return this.o.caFile; }

  get requestCount(): number {
    let n = 0;
    for (const c of this.clients.values()) n += c.requestCount;
    return n;
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close().catch(() => undefined)));
  }
}

/** Credentials for exactly one host: asked for any other, it has none. */
function boundTo(registry: string, credentials: Credentials): CredentialProvider {
  const key = registryKey(registry);
  return { get: async (r) => (registryKey(r) === key ? credentials : undefined) };
}

function sameCredentials(a: Credentials, b: Credentials): boolean {
  return a.username === b.username && a.password === b.password && a.identityToken === b.identityToken && a.registryToken === b.registryToken;
}
