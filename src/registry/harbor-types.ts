// Harbor v2.0 API models, as the swagger definitions name them
// (Harbor's api/v2.0/swagger.yaml, `definitions:`). Only the fields the extension reads are
// typed; Harbor adds fields over time, so every model tolerates extra keys by not checking for them.
import type { HarborCveAllowlist } from './harborPolicyTypes';

export type { HarborCveAllowlist };

/** `Project` (swagger definitions.Project). Metadata values are strings ("true"/"false"). */
export interface HarborProject {
  project_id: number;
  name: string;
  owner_name?: string;
  owner_id?: number;
  repo_count: number;
  registry_id?: number;          // set for a proxy-cache project
  creation_time?: string;
  update_time?: string;
  current_user_role_ids?: number[];
  current_user_role_id?: number;
  metadata?: { public?: string; auto_scan?: string | null; prevent_vul?: string | null; severity?: string | null; retention_id?: string | null; [key: string]: string | null | undefined };
  /** The project's CVE allowlist; ignored by Harbor when metadata.reuse_sys_cve_allowlist is "true". */
  cve_allowlist?: HarborCveAllowlist;
}

/** `Repository`: `name` is the full "project/repo" path. */
export interface HarborRepository {
  id: number;
  project_id: number;
  name: string;
  description?: string;
  artifact_count: number;
  pull_count: number;
  creation_time?: string | null;
  update_time?: string;
}

/** `Tag` */
export interface HarborTag {
  id: number;
  repository_id: number;
  artifact_id: number;
  name: string;
  push_time?: string;
  pull_time?: string;
  immutable: boolean;
}

/** `Platform` (the swagger spells the dotted keys with literal quotes, as Harbor's generated code does). */
export interface HarborPlatform {
  architecture?: string;
  os?: string;
  variant?: string;
  "'os.version'"?: string;
  "'os.features'"?: string[];
}

/** `Reference`: a child of an image index. */
export interface HarborReference {
  parent_id: number;
  child_id: number;
  child_digest: string;
  platform?: HarborPlatform;
  annotations?: Record<string, string>;
  urls?: string[];
}

/** `VulnerabilitySummary` */
export interface HarborVulnerabilitySummary {
  total: number;
  fixable: number;
  summary: Partial<Record<HarborSeverity, number>>;
}

export type HarborSeverity = 'None' | 'Unknown' | 'Negligible' | 'Low' | 'Medium' | 'High' | 'Critical';
/** scan_status values (src: src/jobservice/job/status.go, see ENDPOINTS.md). */
export type HarborScanStatus = 'Pending' | 'Running' | 'Stopped' | 'Error' | 'Success' | 'Scheduled';

/** `NativeReportSummary`: one entry of `scan_overview`, which is keyed by report MIME type. */
export interface HarborScanSummary {
  report_id: string;
  scan_status: HarborScanStatus | string;
  severity?: HarborSeverity | string;
  duration?: number;
  summary?: HarborVulnerabilitySummary;
  start_time?: string;
  end_time?: string;
  complete_percent?: number;
  scanner?: HarborScanner;
}

export interface HarborScanner { name: string; vendor: string; version: string }

/** `Accessory`: signatures, SBOMs and other artifacts attached to a subject. */
export interface HarborAccessory {
  id: number;
  artifact_id: number;
  subject_artifact_id?: number;
  subject_artifact_digest: string;
  subject_artifact_repo: string;
  size: number;
  digest: string;
  type: 'signature.cosign' | 'signature.notation' | 'accelerator.nydus' | 'sbom.harbor' | 'subject.accessory' | 'base' | string;
  icon: string;
  creation_time?: string;
}

export interface HarborLabel { id: number; name: string; color?: string; scope?: string; project_id?: number }

/** `ExtraAttrs` of an image: the parts of its config Harbor copies out. */
export interface HarborExtraAttrs {
  architecture?: string;
  os?: string;
  created?: string;
  author?: string;
  config?: Record<string, unknown>;
  [key: string]: unknown;
}

/** `Artifact` */
export interface HarborArtifact {
  id: number;
  type: string;                    // IMAGE, CHART, CNAB, UNKNOWN…
  media_type: string;
  manifest_media_type: string;
  artifact_type?: string;
  project_id: number;
  repository_id: number;
  repository_name?: string;
  digest: string;
  size: number;
  icon?: string;
  push_time?: string;
  pull_time?: string;
  extra_attrs?: HarborExtraAttrs;
  annotations?: Record<string, string>;
  references?: HarborReference[] | null;
  tags?: HarborTag[] | null;
  addition_links?: Record<string, { href: string; absolute: boolean }>;
  labels?: HarborLabel[] | null;
  scan_overview?: Record<string, HarborScanSummary>;
  accessories?: HarborAccessory[] | null;
}

/** `GeneralInfo` (GET /systeminfo); anonymous callers see fewer fields. */
export interface HarborSystemInfo {
  harbor_version?: string;
  auth_mode?: string;
  registry_url?: string;
  external_url?: string;
  project_creation_restriction?: string;
  read_only?: boolean;
  self_registration?: boolean;
  has_ca_root?: boolean;
  current_time?: string;
  oidc_provider_name?: string;
}

/** `UserResp` (GET /users/current) */
export interface HarborUser {
  user_id: number;
  username: string;
  email?: string;
  realname?: string;
  sysadmin_flag: boolean;
  admin_role_in_auth: boolean;
}

/** One item of Harbor's vulnerability report (src/pkg/scan/vuln/report.go `VulnerabilityItem`). */
export interface HarborVulnerability {
  id: string;
  package: string;
  version: string;
  fix_version?: string;
  severity: HarborSeverity | string;
  status?: string;
  description?: string;
  links?: string[];
  artifact_digests?: string[];
  layer?: { digest?: string; diff_id?: string };
  preferred_cvss?: { score_v3?: number | null; score_v2?: number | null; vector_v3?: string; vector_v2?: string };
  cwe_ids?: string[];
  vendor_attributes?: Record<string, unknown>;
}

/** Harbor's `Report`: the value under the matched MIME type of GET …/additions/vulnerabilities. */
export interface HarborVulnerabilityReport {
  generated_at?: string;
  artifact?: { repository?: string; digest?: string; tag?: string; mime_type?: string };
  scanner?: HarborScanner;
  severity?: HarborSeverity | string;
  vulnerabilities: HarborVulnerability[];
}

/** Report MIME types, the 1.1 type first: the order the client sends in X-Accept-Vulnerabilities. */
export const HARBOR_REPORT_MIME_V11 = 'application/vnd.security.vulnerability.report; version=1.1';
export const HARBOR_REPORT_MIME_V10 = 'application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0';
export const HARBOR_ACCEPT_VULNERABILITIES = `${HARBOR_REPORT_MIME_V11}, ${HARBOR_REPORT_MIME_V10}`;

/** `RetentionSelector` (Harbor API v2.0 swagger): a tag or repository matcher of a retention rule. */
export interface HarborRetentionSelector { kind?: string; decoration?: string; pattern?: string; extras?: string }
/** `RetentionRule`: `template` names the rule (latestPushedK, nDaysSinceLastPush, always…), `params` its numbers. */
export interface HarborRetentionRule {
  id?: number; priority?: number; disabled?: boolean; action?: string; template?: string;
  params?: Record<string, unknown>; tag_selectors?: HarborRetentionSelector[]; scope_selectors?: Record<string, HarborRetentionSelector[]>;
}
/** `RetentionPolicy`: the project's rules and its trigger (`kind: Schedule`, `settings.cron`). */
export interface HarborRetentionPolicy {
  id?: number; algorithm?: string; rules?: HarborRetentionRule[];
  trigger?: { kind?: string; settings?: Record<string, unknown>; references?: Record<string, unknown> };
  scope?: { level?: string; ref?: number };
}
/** `RetentionExecution` */
export interface HarborRetentionExecution { id?: number; policy_id?: number; start_time?: string; end_time?: string; status?: string; trigger?: string; dry_run?: boolean }
/** `RetentionExecutionTask`: one repository of an execution: `total` artifacts, `retained` of them. */
export interface HarborRetentionTask {
  id?: number; execution_id?: number; repository?: string; job_id?: string; status?: string; status_code?: number;
  status_revision?: number; start_time?: string; end_time?: string; total?: number; retained?: number;
}
