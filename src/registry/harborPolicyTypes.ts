// Harbor v2.0 API models for project policy, audit and replication, as the swagger definitions name them
// (Harbor's api/v2.0/swagger.yaml `definitions:`, copy in test/fixtures/harbor/swagger.yaml). Only read fields are typed.

/** `CVEAllowlistItem` */
export interface HarborCveAllowlistItem { cve_id: string }

/** `CVEAllowlist`: project_id 0 for the system allowlist; expires_at in seconds since the epoch, null = never. */
/** `CVEAllowlist`: `expires_at` is epoch seconds for the whole list, null or absent = never; a project's list is
 * ignored by Harbor when its metadata.reuse_sys_cve_allowlist is "true". */
export interface HarborCveAllowlist {
  id?: number;
  project_id?: number;
  expires_at?: number | null;
  items?: HarborCveAllowlistItem[] | null;
  creation_time?: string;
  update_time?: string;
}

/** `ProjectMetadata`: every value is a string ("true"/"false", a severity), absent when never set. */
export interface HarborProjectMetadata {
  public?: string;
  enable_content_trust?: string | null;
  enable_content_trust_cosign?: string | null;
  prevent_vul?: string | null;
  severity?: string | null;
  auto_scan?: string | null;
  reuse_sys_cve_allowlist?: string | null;
  [key: string]: string | null | undefined;
}

/** `ImmutableSelector`: kind "doublestar"; decoration matches/excludes (tags), repoMatches/repoExcludes (repositories). */
export interface HarborImmutableSelector { kind?: string; decoration?: string; pattern?: string; extras?: string }

/** `ImmutableRule`: scope_selectors.repository holds the repository selectors. */
export interface HarborImmutableRule {
  id?: number;
  priority?: number;
  disabled?: boolean;
  action?: string;
  template?: string;
  params?: Record<string, unknown>;
  tag_selectors?: HarborImmutableSelector[] | null;
  scope_selectors?: Record<string, HarborImmutableSelector[] | null>;
}

/** `Label`: scope "g" (global) or "p" (project). */
export interface HarborLabelModel {
  id: number;
  name: string;
  description?: string;
  color?: string;
  scope?: string;
  project_id?: number;
  creation_time?: string;
  update_time?: string;
}

/** `AuditLog` (GET /projects/{project_name}/logs). */
export interface HarborAuditLog {
  id: number;
  username?: string;
  resource?: string;
  resource_type?: string;
  operation?: string;
  op_time?: string;
}

/** `Registry` as a replication end (id 0 / absent = this Harbor). */
export interface HarborRegistryEndpoint { id?: number; name?: string; url?: string; type?: string; status?: string }

/** `ReplicationPolicy` */
export interface HarborReplicationPolicy {
  id: number;
  name: string;
  description?: string;
  src_registry?: HarborRegistryEndpoint | null;
  dest_registry?: HarborRegistryEndpoint | null;
  dest_namespace?: string;
  trigger?: { type?: string; trigger_settings?: { cron?: string } | null } | null;
  filters?: Array<{ type?: string; value?: unknown; decoration?: string }> | null;
  replicate_deletion?: boolean;
  override?: boolean;
  enabled?: boolean;
  creation_time?: string;
  update_time?: string;
}

/** `ReplicationExecution` */
export interface HarborReplicationExecution {
  id: number;
  policy_id: number;
  status?: string;
  trigger?: string;
  start_time?: string;
  end_time?: string;
  status_text?: string;
  total?: number;
  failed?: number;
  succeed?: number;
  in_progress?: number;
  stopped?: number;
}
