/**
 * One RegistryClient per configured registry, built with credentials from SecretStorage, VS Code's proxy
 * settings and a logger writing request lines to the LogOutputChannel. Clients are closed when their
 * definition, the proxy settings or registryExplorer.requestTimeout change.
 */
import * as vscode from 'vscode';
import { connectionLimit } from './connectionLimit';
import { RegistryClient, HarborClient, DockerHubClient, type CredentialProvider } from '../registry/index';
import { GitHubClient } from '../registry/index';
import type { GitLabClient, QuayClient, EcrClient } from '../registry/index';
import { newGitLabClient, newQuayClient, newEcrClient } from './providerClients';
import type { ClientPool, RegistryDefinition, RegistryStore } from '../editorContext';
import type { Config } from '../config';
import { requestLogger } from '../log';
import { dockerHelperCredentials } from './dockerHelperCredentials';
import { githubSessionCredentials, GITHUB_SIGN_IN_HINT } from './githubSessionCredentials';

export const DOCKER_HUB_API = 'https://hub.docker.com';

/** host[:port] the client addresses; Docker Hub's registry is "docker.io" unless the URL says otherwise. */
export function registryHost(def: Pick<RegistryDefinition, 'url' | 'kind'>): string {
  const u = parseUrl(def.url);
  if (def.kind === 'dockerhub' && (!u || /(^|\.)docker\.(io|com)$/.test(u.hostname))) return 'docker.io';
  return u ? u.host : def.url.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
}

function parseUrl(url: string): URL | undefined {
  try { return new URL(/^[a-z]+:\/\//i.test(url) ? url : `https://${url}`); } catch { return undefined; }
}

export interface ClientInit { def: RegistryDefinition; credentials?: CredentialProvider }

/** Options shared by the pool and the Add Registry probe (so the probe tests what will be used). */
export function clientOptions(def: RegistryDefinition, config: Config, log: vscode.LogOutputChannel, credentials?: CredentialProvider) {
  const u = parseUrl(def.url);
  const { proxy, strictSSL } = config.proxy;
  return {
    registry: registryHost(def),
    credentials,
    // A plain-http URL is an explicit choice of no TLS.
    insecure: def.insecure === true || u?.protocol === 'http:',
    caFile: def.caFile || undefined,
    proxy,
    strictSSL,
    deadlineMs: config.requestTimeoutMs,
    maxConnections: connectionLimit(config.detailConcurrency),
    userAgent: `vscode-registry-explorer/${vscode.extensions.getExtension('registry-explorer.registry-explorer')?.packageJSON?.version ?? '0'}`,
    logger: requestLogger(log),
  };
}

/** Credentials only for the registry's own host: a token realm elsewhere gets them through the client's rules. */
export function secretCredentials(store: RegistryStore, def: RegistryDefinition): CredentialProvider {
  const host = registryHost(def);
  if (def.credentials === 'docker-helper') return dockerHelperCredentials(host);
  if (def.credentials === 'vscode-github') return githubSessionCredentials(host);
  return {
    get: async (registry: string) => {
      if (registry !== host && !(host === 'docker.io' && /docker\.(io|com)$/.test(registry))) return undefined;
      return (await store.secret(def.id))?.credentials;
    },
  };
}

/**
 * What decides how a registry is reached. The display name and the Docker Hub namespaces shown in the tree are
 * not part of it: changing them ("Show Namespace in Tree", rename) keeps the client, its connections and tokens.
 */
function connectionKey(def: RegistryDefinition): string {
  return JSON.stringify({ ...def, name: undefined, namespaces: undefined, repositories: undefined });
}

/** Transport options for a Docker Hub API client: the same logger, proxy and user agent as the registry calls. */
function hubApiOptions(config: Config, log: vscode.LogOutputChannel) {
  const { proxy, strictSSL, userAgent, logger } = clientOptions({ id: '', name: '', url: DOCKER_HUB_API, kind: 'dockerhub' }, config, log);
  return { proxy, strictSSL, userAgent, logger };
}

export class SecretClientPool implements ClientPool, vscode.Disposable {
  private readonly clients = new Map<string, { client: RegistryClient; harbor?: HarborClient; hub?: DockerHubClient; github?: GitHubClient; key: string;
    gitlab?: GitLabClient; quay?: QuayClient; ecr?: EcrClient }>();
  private readonly subs: vscode.Disposable[] = [];
  private anonymous?: DockerHubClient;
  /** Where the anonymous Hub client goes (tests point it at a local server). */
  hubApiUrl = DOCKER_HUB_API;

  constructor(private readonly store: RegistryStore, private readonly config: Config, private readonly log: vscode.LogOutputChannel) {
    this.subs.push(store.onDidChange(() => this.pruneChanged()));
    this.subs.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('http.proxy') || e.affectsConfiguration('http.proxyStrictSSL') || this.config.affects(e, 'requestTimeout') || this.config.affects(e, 'detailConcurrency')) this.invalidate();
    }));
  }

  private entry(id: string) {
    const def = this.store.get(id);
    if (!def) throw new Error(vscode.l10n.t('Registry "{0}" is not configured.', id));
    const key = connectionKey(def);
    let e = this.clients.get(id);
    if (e && e.key !== key) { this.close(id); e = undefined; }
    if (!e) {
      // ECR: the registry password comes from GetAuthorizationToken with the AWS credentials, not from SecretStorage.
      const ecr = def.kind === 'ecr' ? newEcrClient(def) : undefined;
      const credentials = ecr ? ecr.credentialProvider(registryHost(def)) : secretCredentials(this.store, def);
      const client = new RegistryClient(clientOptions(def, this.config, this.log, credentials));
      e = { client, key, ecr };
      this.clients.set(id, e);
    }
    return { e, def };
  }

  get(id: string): RegistryClient {
    return this.entry(id).e.client;
  }

  harbor(id: string): HarborClient {
    const { e } = this.entry(id);
    return (e.harbor ??= new HarborClient(e.client));
  }

  hub(id: string): DockerHubClient {
    const { e, def } = this.entry(id);
    const u = parseUrl(def.url);
    // For docker.io the Hub API is hub.docker.com; a test server serves both at its own URL.
    const hubUrl = registryHost(def) === 'docker.io' ? DOCKER_HUB_API : u?.origin;
    return (e.hub ??= new DockerHubClient({ credentials: secretCredentials(this.store, def), hubUrl, registryClient: e.client, api: hubApiOptions(this.config, this.log) }));
  }

  /** GitHub's packages API for a `github` registry: its token is the registry's secret; the API base is `apiUrl`. */
  github(id: string): GitHubClient {
    const { e, def } = this.entry(id);
    return (e.github ??= new GitHubClient({ credentials: secretCredentials(this.store, def), registry: registryHost(def), apiUrl: def.apiUrl, api: hubApiOptions(this.config, this.log),
      signInHint: def.credentials === 'vscode-github' ? GITHUB_SIGN_IN_HINT() : undefined }));
  }

  gitlab(id: string): GitLabClient {
    const { e, def } = this.entry(id);
    return (e.gitlab ??= newGitLabClient(def, secretCredentials(this.store, def), { ...hubApiOptions(this.config, this.log), caFile: def.caFile || undefined, insecure: def.insecure }));
  }

  quay(id: string): QuayClient {
    const { e, def } = this.entry(id);
    return (e.quay ??= newQuayClient(def, secretCredentials(this.store, def), { ...hubApiOptions(this.config, this.log), caFile: def.caFile || undefined, insecure: def.insecure }));
  }

  ecr(id: string): EcrClient {
    const { e, def } = this.entry(id);
    return (e.ecr ??= newEcrClient(def));
  }

  /** Docker Hub without an account (search works anonymously), when no Docker Hub registry is configured. */
  anonymousHub(): DockerHubClient {
    return (this.anonymous ??= new DockerHubClient({ hubUrl: this.hubApiUrl, api: hubApiOptions(this.config, this.log) }));
  }

  forHost(host: string) {
    const h = host === 'registry-1.docker.io' || host === 'index.docker.io' ? 'docker.io' : host;
    const def = this.store.list().find((d) => registryHost(d) === h);
    return def ? { def, client: this.get(def.id) } : undefined;
  }

  invalidate(id?: string): void {
    if (id) { this.close(id); return; }
    for (const k of [...this.clients.keys()]) this.close(k);
    // Proxy settings changed (or everything goes): the anonymous Hub client is rebuilt on next use.
    this.anonymous?.close().catch((err: unknown) => this.log.debug(`close anonymous Docker Hub client: ${String(err)}`));
    this.anonymous = undefined;
  }

  private pruneChanged(): void {
    for (const [id, e] of [...this.clients]) {
      const def = this.store.get(id);
      if (!def || connectionKey(def) !== e.key) this.close(id);
    }
  }

  private close(id: string): void {
    const e = this.clients.get(id);
    if (!e) return;
    this.clients.delete(id);
    e.client.close().catch((err: unknown) => this.log.debug(`close ${id}: ${String(err)}`));
    e.github?.close().catch((err: unknown) => this.log.debug(`close GitHub API ${id}: ${String(err)}`));
    for (const api of [e.gitlab, e.quay]) api?.close().catch((err: unknown) => this.log.debug(`close ${id} API: ${String(err)}`));
    e.ecr?.close();
  }

  dispose(): void {
    this.invalidate();
    this.subs.forEach((d) => d.dispose());
  }
}
