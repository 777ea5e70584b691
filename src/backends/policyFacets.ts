/**
 * Optional facets of a backend for registry administration that only some kinds have (Harbor today): a project's
 * vulnerability settings and CVE allowlists, tag immutability, labels, the audit log and replication. A backend
 * that has one sets the matching capability flag (hasProjectPolicy, hasImmutability, hasLabels, hasAuditLog,
 * hasReplication) and the facet; the UI reads the flag in `when` clauses and calls the facet. Plain Node.
 */
import type { CallOptions, Page, Reference } from '../registry/index';

/** Severities a project can block pulls at (Harbor ProjectMetadata.severity). */
export const BLOCK_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type BlockSeverity = typeof BLOCK_SEVERITIES[number];

export interface CveAllowlist {
  cves: string[];
  /** Seconds since the epoch; undefined = never expires. */
  expiresAt?: number;
}

export interface VulnerabilitySettings {
  scanOnPush: boolean;
  /** Pulls of images with a vulnerability of this severity or worse are refused; undefined = not blocked. */
  preventSeverity?: BlockSeverity;
  /** The project uses the system allowlist instead of its own. */
  reuseSystemAllowlist: boolean;
  allowlist: CveAllowlist;
  /** Undefined when the server does not report the flag (older or newer Harbor without it). */
  contentTrust?: boolean;
  contentTrustCosign?: boolean;
}

/** A change to some settings; absent keys stay as they are. */
export type VulnerabilitySettingsChange = Partial<Omit<VulnerabilitySettings, 'preventSeverity'>> & { preventSeverity?: BlockSeverity | null };

export interface ImmutabilityRule {
  id: number;
  disabled: boolean;
  /** Repository patterns (doublestar, without the project) and whether they include or exclude. */
  repositories: Array<{ pattern: string; exclude: boolean }>;
  tags: Array<{ pattern: string; exclude: boolean }>;
  /** "#3 (repositories matching **, tags matching v*)". */
  description: string;
}

export interface LabelInfo { id: number; name: string; description?: string; color?: string; global: boolean }

export interface ProjectPolicyFacet {
  vulnerabilitySettings(project: string, opts?: CallOptions): Promise<VulnerabilitySettings>;
  updateVulnerabilitySettings(project: string, change: VulnerabilitySettingsChange, opts?: CallOptions): Promise<void>;
  systemAllowlist(opts?: CallOptions): Promise<CveAllowlist>;
  setSystemAllowlist(list: CveAllowlist, opts?: CallOptions): Promise<void>;
}

export interface ImmutabilityFacet {
  rules(project: string, opts?: CallOptions): Promise<ImmutabilityRule[]>;
  addRule(project: string, rule: { repositories: string; tags: string }, opts?: CallOptions): Promise<void>;
  removeRule(project: string, id: number, opts?: CallOptions): Promise<void>;
  /** The rule protecting `ref`'s tag, if any (answers from the project's rules; one request). */
  ruleFor(ref: Reference, opts?: CallOptions): Promise<ImmutabilityRule | undefined>;
}

export interface LabelFacet {
  /** The project's labels and the global ones. */
  labels(project: string, opts?: CallOptions): Promise<LabelInfo[]>;
  createLabel(project: string, label: { name: string; description?: string; color?: string }, opts?: CallOptions): Promise<void>;
  addLabel(ref: Reference, labelId: number, opts?: CallOptions): Promise<void>;
  removeLabel(ref: Reference, labelId: number, opts?: CallOptions): Promise<void>;
}

export interface AuditEntry { id: number; time?: string; user?: string; operation?: string; resourceType?: string; resource?: string }

export interface AuditFilter {
  operation?: string;
  resourceType?: string;
  resource?: string;
  user?: string;
  /** ISO date or date-time; either end may be open. */
  from?: string;
  to?: string;
}

export interface AuditFacet {
  /** A page (1-based) of the project's audit log, newest first. */
  auditLog(project: string, query: AuditFilter & { page: number; pageSize: number }, opts?: CallOptions): Promise<Page<AuditEntry> & { total?: number }>;
}

export interface ReplicationPolicyInfo {
  id: number;
  name: string;
  description?: string;
  enabled: boolean;
  source: string;
  destination: string;
  trigger: string;
  cron?: string;
}

export interface ReplicationExecutionInfo {
  id: number;
  status: string;
  trigger?: string;
  start?: string;
  end?: string;
  statusText?: string;
  total: number;
  succeeded: number;
  failed: number;
  inProgress: number;
  stopped: number;
}

export interface ReplicationFacet {
  policies(opts?: CallOptions & { cursor?: string; pageSize?: number }): Promise<Page<ReplicationPolicyInfo>>;
  /** The newest executions of a policy first. */
  executions(policyId: number, opts?: CallOptions & { pageSize?: number }): Promise<ReplicationExecutionInfo[]>;
}
