/**
 * An optional backend facet: retention the registry runs itself (Harbor's tag retention, Harbor API v2.0
 * "Retention": a policy per project, its schedule, runs and dry runs, per-repository results). Present when
 * `caps.hasServerRetention`; commands read the flag, never the kind. Plain Node.
 */
import type { CallOptions } from '../registry/index';

export interface ServerRetentionRule {
  /** Harbor's rule template: latestPushedK, latestPulledN, nDaysSinceLastPush, nDaysSinceLastPull, always. */
  template: string;
  params: Record<string, number>;
  disabled: boolean;
  /** Tag and repository patterns as Harbor shows them ("matches **", "excludes v*"). */
  tags: string[];
  repositories: string[];
}

export interface ServerRetentionPolicy {
  id: number;
  rules: ServerRetentionRule[];
  /** The schedule's cron expression (Harbor: 6 fields, seconds first); undefined when it only runs by hand. */
  schedule?: string;
}

export interface ServerRetentionRun { id: number; dryRun: boolean; status: string; trigger?: string; start?: string; end?: string }
export interface ServerRetentionTask { repository: string; total: number; retained: number; status: string }

export interface ServerRetention {
  /** The namespace's policy, or undefined when it has none. */
  policy(namespace: string, opts?: CallOptions): Promise<ServerRetentionPolicy | undefined>;
  /** Starts a run (a dry run deletes nothing); returns the run's id when the server names it. */
  run(namespace: string, dryRun: boolean, opts?: CallOptions): Promise<number | undefined>;
  /** The last runs, newest first. */
  runs(namespace: string, opts?: CallOptions & { count?: number }): Promise<ServerRetentionRun[]>;
  /** What a run decided per repository. */
  results(namespace: string, runId: number, opts?: CallOptions): Promise<ServerRetentionTask[]>;
}
