// The one report model that both Trivy's JSON (SchemaVersion 2) and Harbor's vulnerability report
// (`application/vnd.security.vulnerability.report; version=1.1`) are read into. Plain data only
// (it crosses into the webview as JSON), so no classes and no functions here.

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FINDING_KINDS = ['vulnerability', 'misconfiguration', 'secret', 'license'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Cvss {
  score?: number;
  vector?: string;
  /** Which vendor the score came from (`nvd`, `redhat`, `ghsa`, … or `preferred` for Harbor's `preferred_cvss`). */
  source?: string;
  /** CVSS major version of the chosen score: "2", "3" or "4". */
  version?: string;
}

/** One line of source shown as the cause of a misconfiguration or secret (Trivy `Code.Lines[]`). */
export interface CauseLine {
  number: number;
  content: string;
  isCause: boolean;
}

/**
 * A finding of any kind. Fields that belong to one kind only are optional and documented with the kind.
 * `key` is unique within a report (its position), because ids repeat (one CVE per affected package).
 */
export interface Finding {
  key: number;
  kind: FindingKind;
  id: string;
  severity: Severity;
  /** What was scanned: "<image> (alpine 3.9.4)", a file path, a language name, or the Harbor repository. */
  target: string;
  title?: string;
  description?: string;
  references: string[];
  primaryUrl?: string;
  /** vulnerability: package name; license: package the license belongs to. */
  package?: string;
  /** vulnerability */
  installed?: string;
  fixed?: string;
  /** vulnerability (`fixed`, `affected`, `will_not_fix`, …) or misconfiguration (`FAIL`, `PASS`, `EXCEPTION`). */
  status?: string;
  cvss?: Cvss;
  cwe?: string[];
  published?: string;
  layer?: string;
  /** misconfiguration: the check's type ("Dockerfile Security Check"); secret: its category ("AWS"). */
  category?: string;
  message?: string;
  resolution?: string;
  /** misconfiguration and secret: where in the target, and the lines around it. */
  startLine?: number;
  endLine?: number;
  resource?: string;
  causeLines?: CauseLine[];
  /** secret: the masked match */
  match?: string;
  /** license */
  license?: string;
  filePath?: string;
  confidence?: number;
  /**
   * Set when an accepted risk covers the finding: it stays in the report (shown, exported) but no longer counts
   * in the summary, the badge or a gate (src/scan/ignore.ts).
   */
  ignored?: IgnoreReason;
}

/** Where an accepted risk came from. */
export const IGNORE_SOURCES = ['trivyignore', 'harbor-allowlist', 'unfixed', 'vex', 'scanner'] as const;
export type IgnoreSource = (typeof IGNORE_SOURCES)[number];

/** Why a finding is ignored: which rule (`.trivyignore:3`, `Harbor CVE allowlist of project library`, …) and until when. */
export interface IgnoreReason {
  source: IgnoreSource;
  /** The rule, as a person finds it again: a file and line, an allowlist, a VEX statement. */
  rule: string;
  /** RFC 3339 (or YYYY-MM-DD) after which the rule no longer applies; absent when it does not expire. */
  expires?: string;
  /** Free text the rule carried (a comment in the ignore file, a VEX justification). */
  note?: string;
}

/** The document a report was read from: Trivy JSON, Harbor's report, Grype JSON, SARIF 2.1.0, CycloneDX. */
export type ReportFormat = 'trivy' | 'harbor' | 'grype' | 'sarif' | 'cyclonedx';

export interface ScanReport {
  format: ReportFormat;
  artifact: {
    name: string;
    type?: string;
    digest?: string;
    repository?: string;
    tag?: string;
    mediaType?: string;
    os?: string;
  };
  scanner: { name: string; version: string; vendor?: string };
  /** RFC 3339 time the report was produced, when the input says. */
  time?: string;
  findings: Finding[];
}

/** Thrown for input that is not a report at all; the message says what was expected. */
export class ScanReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScanReportError';
  }
}
