/**
 * What the explorer and the CLI do with a registry, whatever its kind. One implementation per kind
 * (distributionBackend.ts, harborBackend.ts, dockerHubBackend.ts), chosen in backendFor.ts only. Callers never
 * ask which kind they hold: what a kind cannot do is a capability flag (the tree writes the flags into its
 * items' contextValue, and package.json menus read them in `when` clauses). Plain Node: no 'vscode'.
 */
import type { RegistryClient, Reference, Page, CallOptions, CopyProgress, DeletePlan as ManifestDeletePlan, HubPullRateLimit, ManifestDescriptor } from '../registry/index';
import type { TagInfo } from './tagInfo';
import type { Attachment, AttachedOptions, AttachedTag } from '../registry/index';
import type { ProjectAdmin, ProjectFacts } from './projectAdmin';
import type { AuditFacet, ImmutabilityFacet, LabelFacet, ProjectPolicyFacet, ReplicationFacet } from './policyFacets';
import type { ScanReport } from '../scan/model';
import type { ServerRetention } from './serverRetention';

export type { TagInfo, PlatformInfo, ScanSummary } from './tagInfo';
export type RegistryKind = 'distribution' | 'harbor' | 'dockerhub'
  | 'github' | 'gitlab' | 'quay' | 'ecr';
/** The order rows are shown in (the `registryExplorer.tagSort` setting). */
export type TagOrder = 'semver' | 'date' | 'name';

/** The part of a configured registry a backend needs (RegistryDefinition has these fields and more). */
export interface BackendDefinition {
  kind: RegistryKind;
  username?: string;
  namespaces?: string[];
  /** GitLab / Quay: the provider's API base when not derived from the registry host; ECR: another API endpoint. */
  apiUrl?: string;
  /** ECR: the AWS profile (shared config) and region when not the host's. */
  awsProfile?: string;
  awsRegion?: string;
}

/** What a kind can do. Each `true` flag is also a word in the tree items' contextValue (see capabilityWords). */
export interface Capabilities {
  /** Repositories sit below namespaces (Harbor projects, Docker Hub namespaces) rather than in one catalog. */
  readonly hasNamespaces: boolean;
  /** The registry's own list (catalog or namespaces) can be filtered. */
  readonly canFilter: boolean;
  /** Filters go to the server (a new filter is a new list); otherwise the loaded names are filtered locally. */
  readonly filtersOnServer: boolean;
  /**
   * The tag list carries each tag's digest, size and dates (Harbor artifacts, Hub tags). Otherwise tags are
   * names only (distribution spec "Listing Tags") and details load lazily per shown row.
   */
  readonly tagDetailsInList: boolean;
  /** Orders the server can list tags in (the first page already in that order). */
  readonly serverTagOrders: readonly TagOrder[];
  readonly canDelete: boolean;
  readonly canDeleteRepository: boolean;
  readonly canRetag: boolean;
  readonly canPush: boolean;
  /** Harbor scans on the server (its scanner, its reports); others scan locally with Trivy. */
  readonly canScanServerSide: boolean;
  readonly canSearch: boolean;
  readonly hasPullRateLimit: boolean;
  /**
   * Deleting a manifest frees no space until the registry's garbage collector runs (CNCF distribution:
   * `registry garbage-collect`, docs "Garbage collection"); the editor explains it after deletes.
   */
  readonly needsGarbageCollection: boolean;
  /** A namespace's vulnerability settings and CVE allowlists (`policy` facet). */
  readonly hasProjectPolicy: boolean;
  /** Tag immutability rules (`immutability` facet); rows carry `immutable`. */
  readonly hasImmutability: boolean;
  /** Labels on artifacts (`labels` facet). */
  readonly hasLabels: boolean;
  /** A namespace's audit log (`audit` facet). */
  readonly hasAuditLog: boolean;
  /** Replication policies and executions (`replication` facet). */
  readonly hasReplication: boolean;
  /** The registry runs retention itself (Harbor's tag retention): `serverRetention` is set. */
  readonly hasServerRetention: boolean;
  /** The registry accounts storage per namespace (Harbor's project quota): `namespaceUsage` is set. */
  readonly hasNamespaceQuota: boolean;
}

export type CapabilityFlag = { [K in keyof Capabilities]: Capabilities[K] extends boolean ? K : never }[keyof Capabilities];
const WORDS: readonly CapabilityFlag[] = ['hasNamespaces', 'canFilter', 'canDelete', 'canDeleteRepository', 'canRetag', 'canPush', 'canScanServerSide', 'canSearch', 'hasPullRateLimit',
  'hasServerRetention', 'hasNamespaceQuota',
  'hasProjectPolicy', 'hasImmutability', 'hasLabels', 'hasAuditLog', 'hasReplication'];

/** "canDelete canRetag …": the flags that are set, for contextValue (`viewItem =~ /\bcanDelete\b/`). */
export function capabilityWords(caps: Capabilities, only?: readonly CapabilityFlag[]): string {
  return WORDS.filter((w) => caps[w] && (!only || only.includes(w))).join(' ');
}

export interface ListOptions extends CallOptions {
  cursor?: string;
  pageSize?: number;
  /** Part of a name; the server applies it when `filtersOnServer`, else it is ignored (the caller filters). */
  filter?: string;
  /** Ask the server for name order where it can sort (a stable order for scripts, e.g. `regx ls`). */
  byName?: boolean;
  /** namespaces(): also load each project's facts (NamespaceInfo.project) where the backend has `projects` (the tree does). */
  withFacts?: boolean;
}

export interface TagListOptions extends ListOptions {
  /** Asked order; honoured when in `serverTagOrders` (later pages must ask for the same order as the first). */
  order?: TagOrder;
}

/** A Harbor project or a Docker Hub namespace. */
export interface NamespaceInfo {
  name: string;
  repositoryCount?: number;
  /** Harbor: anyone may pull (project metadata `public`). */
  public?: boolean;
  /** Where the backend has a `projects` facet: role, quota, proxy cache, permissions (src/backends/projectAdmin.ts). */
  project?: ProjectFacts;
}

export interface RepositoryInfo {
  /** Full path in the registry ("proj/app", "library/alpine"): what references and the protocol use. */
  repository: string;
  /** The name shown below its namespace ("app"); the full path where there are no namespaces. */
  label: string;
  count?: number;
  updated?: string;
  description?: string;
  pulls?: number;
  /** Pinned by the user ("Add Repository…"), not listed by the registry. */
  pinned?: boolean;
}

/**
 * What a delete will remove, for the confirmation to name exactly. Shapes differ by what goes, not by kind:
 * - `tag`: the tag alone; the artifact and its other tags stay.
 * - `manifest`: a digest with every tag on it, planned by src/registry/delete.ts (siblings, index parents).
 * - `artifact`: an artifact with all its tags, deleted by the registry's own API.
 * - `repository`: the whole repository. `tags` (tag → manifest, as confirmed) is set where the registry has no
 *   repository delete and every manifest goes one by one; a change since the plan refuses the delete.
 */
export type DeletePlan =
  | { what: 'tag'; ref: Reference }
  | { what: 'manifest'; ref: Reference; plan: ManifestDeletePlan; attachments?: AttachedTag[] }
  | { what: 'artifact'; ref: Reference; digest: string; tags: string[] }
  | { what: 'repository'; repository: string; tags?: ReadonlyMap<string, ManifestDescriptor> };

/** What the user confirmed: index tags named by a manifest plan are deleted only with `withParents`. */
export interface DeleteConfirmation {
  withParents?: boolean;
  /** Also delete the signature and attestation tags the plan names (`attachments`), once the image is gone. */
  withAttachments?: boolean;
}

export interface ExecuteOptions extends CallOptions {
  /** Repository deletes report each manifest. */
  onProgress?: (done: number, total: number) => void;
}

export interface SearchResult { name: string; description?: string; stars?: number; official?: boolean; pulls?: number }

export interface RegistryBackend {
  readonly kind: RegistryKind;
  /** Short name of the kind for people ("Harbor"); the caller localizes it. */
  readonly kindLabel: string;
  /** host[:port] in references. */
  readonly host: string;
  readonly caps: Capabilities;
  /** The distribution API every kind serves (pull, inspect, manifest details, copy source and target). */
  readonly client: RegistryClient;

  /** Harbor projects / Hub namespaces (empty when !caps.hasNamespaces). */
  namespaces(opts?: ListOptions): Promise<Page<NamespaceInfo>>;
  /** Repositories of a namespace, or of the catalog when the kind has none (namespace undefined). */
  repositories(namespace: string | undefined, opts?: ListOptions): Promise<Page<RepositoryInfo>>;
  /** A page of tags; untagged Harbor artifacts come as rows without `tag`. */
  tags(repository: string, opts?: TagListOptions): Promise<Page<TagInfo>>;
  /** A few repository names for a quick pick (no paging UI). */
  repositoryNames(opts?: ListOptions): Promise<string[]>;

  /** Points `newTag` at what `ref` names; returns the digest (or reference) tagged. */
  retag(ref: Reference, newTag: string, opts?: CallOptions): Promise<string>;
  /** Copies `ref` to `dst` in `target` (any kind: both speak the distribution API). */
  copy(ref: Reference, target: RegistryBackend, dst: Reference, opts?: CallOptions & { onProgress?: (p: CopyProgress) => void }): Promise<string>;

  /** Plans deleting a tag (`ref` with a tag), an artifact (`artifact: true`, or a digest ref), or a repository. */
  planDelete(target: { ref: Reference; artifact?: boolean } | { repository: string }, opts?: CallOptions): Promise<DeletePlan>;
  /** Carries out a confirmed plan; refuses when what it would delete changed since the plan. */
  executeDelete(plan: DeletePlan, confirmed: DeleteConfirmation, opts?: ExecuteOptions): Promise<void>;

  /**
   * Copies `ref` into namespace `toNamespace` of the same registry (same repository name below it), optionally
   * adding `newTag` there: the dev → staging → production flow. Harbor copies inside the server; others copy.
   */
  promote(ref: Reference, toNamespace: string, newTag?: string, opts?: CallOptions): Promise<Reference>;
  readonly policy?: ProjectPolicyFacet;
  readonly immutability?: ImmutabilityFacet;
  readonly labels?: LabelFacet;
  readonly audit?: AuditFacet;
  readonly replication?: ReplicationFacet;

  /** Docker Hub: pulls left (caps.hasPullRateLimit). */
  pullRateLimit(opts?: CallOptions): Promise<HubPullRateLimit | undefined>;
  /** Storage the registry accounts to a namespace, in bytes (caps.hasNamespaceQuota); quota undefined = unlimited. */
  namespaceUsage?(namespace: string, opts?: CallOptions): Promise<{ usedBytes: number; quotaBytes?: number }>;
  /** Retention the registry runs itself (caps.hasServerRetention). */
  readonly serverRetention?: ServerRetention;
  /** Docker Hub search (caps.canSearch). */
  search(query: string, opts?: ListOptions): Promise<Page<SearchResult> & { total?: number }>;

  /** Signatures, attestations, SBOMs and other artifacts attached to what `ref` names (src/registry/attached.ts). */
  attachments(ref: Reference, opts?: AttachedOptions): Promise<Attachment[]>;
  /** Project administration (projects, members, robots), where the kind has it (Harbor). */
  readonly projects?: ProjectAdmin;
  /** The registry's own scan findings of an image, read (not triggered) where the kind keeps them (ECR). */
  serverScanReport?(ref: Reference, opts?: CallOptions): Promise<ScanReport>;
}

/** Thrown by an operation the kind lacks (callers check the capability first; this is the backstop). */
export class UnsupportedError extends Error {
  constructor(readonly kind: RegistryKind, readonly operation: string) {
    super(`${operation} is not supported on ${kind} registries`);
    this.name = 'UnsupportedError';
  }
}
