// Everything a command needs to talk to registries: one client per registry host (shared by src and dst
// when they are the same), credentials from the safest source the user gave, and the client's file cache
// that lets a new process skip round trips an earlier run already paid for: the WWW-Authenticate
// challenges per origin (no 401 before the token) and the scheme of loopback/insecure hosts that speak
// plain HTTP (no failed TLS handshake first). It holds no secret.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { cacheDir } from './cacheDir';
import {
  ChainCredentials, DockerConfigCredentials, EnvCredentials, FileChallengeCache, MemoryChallengeCache, RegistryClient,
  type ChallengeCache, type CredentialProvider, type Credentials, type RequestLogLine,
} from '../registry';

export interface SessionOptions {
  env: NodeJS.ProcessEnv;
  /** Credentials the user typed (--creds / --creds-stdin / --username + --password-stdin): for every registry of the command. */
  explicit?: Credentials;
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
  private readonly credentials: CredentialProvider;
  private readonly challenges: ChallengeCache;

  constructor(private readonly o: SessionOptions) {
    const dir = o.noCache ? undefined : cacheDir(o.env);
    this.challenges = dir ? new FileChallengeCache(join(dir, 'challenges.json')) : new MemoryChallengeCache();
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
      c = new RegistryClient({
        registry,
        credentials: this.credentials,
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

  get requestCount(): number {
    let n = 0;
    for (const c of this.clients.values()) n += c.requestCount;
    return n;
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close().catch(() => undefined)));
  }
}
