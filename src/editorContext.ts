/**
 * The one context object every command handler receives (rust-analyzer's `Ctx` pattern).
 *
 * What every command handler can rely on:
 * - A command handler has the type `CommandHandler = (ctx: Ctx, ...args: unknown[]) => unknown`
 *   and is listed once in `src/commands/table.ts`. Its first extra argument is whatever VS Code passes:
 *   a tree node when run from the tree, nothing when run from the palette, or a plain value (a reference
 *   string, an `ImageTarget`) when run programmatically (tests). Handlers never assume a node class: they
 *   call `ctx.pickImage(arg)` / `ctx.pickRepository(arg)` / `ctx.pickRegistry(arg)`, which accept any of
 *   those and fall back to a quick pick, returning `undefined` when the user cancels.
 * - Long work: `ctx.withProgress(title, (signal, report) => …)` — cancellation becomes an AbortSignal
 *   passed to the client.
 * - Errors: `ctx.reportError(err, what)` shows "what happened + what to do" with a "Show Log" button and
 *   logs the detail. Never put credentials into messages.
 * - After a change: `ctx.tree.refresh(node?)` (node = the parent to reload; none = everything) or
 *   `ctx.tree.refreshRepository(registryId, repository)` when you only know the repository.
 * - Registries: `ctx.backends.get(registryId)` is the registry's `RegistryBackend` (src/backends): list,
 *   retag, copy, plan and execute deletes, whatever the kind. Commands never ask which kind a registry is;
 *   they read `backend.caps`. Picked targets carry their backend (`t.backend`).
 * - Clients: `ctx.clients.get(registryId)` is the pooled `RegistryClient` under the backends (credentials
 *   come from SecretStorage, proxy from `http.proxy`, request lines go to `ctx.log`). Never construct your
 *   own client for a configured registry; `ctx.clients.forHost(host)` finds one by registry host or returns
 *   undefined.
 * - Tag rows carry `resourceUri = imageUri(registryId, repository, digest)` (src/tree/imageUri.ts) so
 *   the scan badges' FileDecorationProvider (src/tree/scanDecorations.ts) can decorate them by digest.
 */
import type * as vscode from 'vscode';
import type { RegistryClient, HarborClient, DockerHubClient, Reference, Credentials } from './registry/index';
import type { CapabilityFlag, RegistryBackend, RegistryKind, SearchResult } from './backends/registryBackend';
import type { Page, CallOptions } from './registry/index';
import type { Config } from './config';
import type { TreeNode } from './tree/treeNode';
import type { RepositoryNode } from './tree/nodes/repositoryNode';
import type { VerificationMark } from './tree/verificationMarks';

export type { RegistryKind } from './backends/registryBackend';

/** A registry as the user configured it. Lives in the `registryExplorer.registries` setting: NO secrets. */
export interface RegistryDefinition {
  id: string;            // stable, generated; keys the secret in SecretStorage
  name: string;          // display name
  url: string;           // "https://host:port" (or "http://127.0.0.1:5000")
  kind: RegistryKind;
  username?: string;     // shown, and used with the secret; the password/token is in SecretStorage only
  caFile?: string;       // extra CA (PEM path)
  insecure?: boolean;    // plain HTTP / skip TLS verification
  namespaces?: string[]; // Docker Hub: namespaces to list (default: the username, then "library")
  /** Repositories pinned with "Add Repository…", listed first (needed where the catalog is refused). Not secret. */
  repositories?: string[];
  /**
   * Where credentials come from instead of SecretStorage, asked each time (nothing stored): "docker-helper" =
   * Docker's credential helper (credHelpers / credsStore); "vscode-github" = VS Code's GitHub account.
   */
  credentials?: 'docker-helper' | 'vscode-github';
  /** The REST API base when not derived from the host: GitHub (https://api.github.com; Enterprise: https://HOST/api/v3), GitLab / Quay, the ECR API endpoint. */
  apiUrl?: string;
  awsProfile?: string;   // ECR: AWS profile name (credentials stay in the AWS config files / SSO cache)
  awsRegion?: string;    // ECR: region, when not the host's
}

/** What the user chose to authenticate with; stored as JSON in SecretStorage under the registry id. */
export type AuthMethod = 'anonymous' | 'password' | 'token' | 'robot';
export interface StoredSecret { method: AuthMethod; credentials: Credentials }

export interface RegistryStore {
  list(): readonly RegistryDefinition[];
  get(id: string): RegistryDefinition | undefined;
  /** Adds or replaces a definition; `secret` (if given) goes to SecretStorage, never to settings. */
  save(def: RegistryDefinition, secret?: StoredSecret | null): Promise<void>;
  remove(id: string): Promise<void>;
  secret(id: string): Promise<StoredSecret | undefined>;
  readonly onDidChange: vscode.Event<void>;
}

export interface ClientPool {
  /** The one RegistryClient for this registry id (created lazily; disposed when the definition changes). */
  get(id: string): RegistryClient;
  harbor(id: string): HarborClient;
  hub(id: string): DockerHubClient;
  /** Docker Hub's API without credentials (search), for when no Docker Hub registry is configured. */
  anonymousHub(): DockerHubClient;
  forHost(host: string): { def: RegistryDefinition; client: RegistryClient } | undefined;
  /** Drop cached clients for a registry (after edit / reconnect / credential change). */
  invalidate(id?: string): void;
}

/** The backend of each configured registry (src/connections/backendPool.ts). */
export interface Backends {
  /** The registry's backend; rebuilt when its definition or its client changes. Throws for an unknown id. */
  get(id: string): RegistryBackend;
  /** Docker Hub search without an account, for when no registry that can search is configured. */
  anonymousSearch(): { search(query: string, opts?: CallOptions): Promise<Page<SearchResult>> };
}

/** A resolved image: enough to pull, scan, inspect, retag or push. */
export interface ImageTarget {
  registry: RegistryDefinition;
  backend: RegistryBackend;
  client: RegistryClient;                                // = backend.client
  ref: Reference;                                        // has tag and/or digest
  digest?: string;                                       // manifest digest when known
  harbor?: { project: string; repository: string };      // Harbor: repository name without the project
}

export interface RepositoryTarget {
  registry: RegistryDefinition;
  backend: RegistryBackend;
  client: RegistryClient;                                // = backend.client
  repository: string;                                    // full path in the registry ("proj/app")
}

export interface TreeHandle {
  /** Reload `node`'s children (the node itself stays), or the whole tree when omitted. */
  refresh(node?: TreeNode): void;
  refreshRegistry(registryId: string): void;
  refreshRepository(registryId: string, repository: string): void;
  reveal(node: TreeNode, opts?: { select?: boolean; focus?: boolean; expand?: boolean | number }): Promise<void>;
  /** Repositories the tree holds now (expanded or listed), e.g. to filter or go to a tag in place. */
  liveRepositories(): RepositoryNode[];
  /** Shows a Verify Signature result (verified / failed / unsigned, with the reason) on the rows of that digest. */
  showVerification(registryId: string, repository: string, digest: string, mark: VerificationMark): void;
}

export type ProgressReport = (message: string, increment?: number) => void;

export interface Ctx {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly config: Config;
  readonly registries: RegistryStore;
  readonly clients: ClientPool;
  readonly backends: Backends;
  readonly tree: TreeHandle;

  /** `can`: only registries whose backend has this capability (e.g. 'canSearch'). */
  pickRegistry(arg?: unknown, opts?: { title?: string; can?: CapabilityFlag }): Promise<RegistryDefinition | undefined>;
  pickRepository(arg?: unknown, opts?: { title?: string }): Promise<RepositoryTarget | undefined>;
  pickImage(arg?: unknown, opts?: { title?: string }): Promise<ImageTarget | undefined>;

  withProgress<T>(title: string, task: (signal: AbortSignal, report: ProgressReport) => Promise<T>,
    opts?: { cancellable?: boolean; location?: 'notification' | 'window' }): Promise<T>;
  /** Shows what happened + what to do, with "Show Log"; never throws. Returns when the message is shown. */
  reportError(err: unknown, what: string): Promise<void>;
}

export type CommandHandler = (ctx: Ctx, ...args: unknown[]) => unknown;
