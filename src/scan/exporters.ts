// Exports of a ScanReport: JSON (the model itself), CSV for spreadsheets, SARIF 2.1.0 for code-scanning tools.
import { type Finding, type ScanReport, type Severity } from './model';
import { severityRank } from './severity';
import { describeIgnore } from './ignore';

export type ExportFormat = 'json' | 'csv' | 'sarif';

export function toJSON(report: ScanReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

const CSV_COLUMNS: [header: string, get: (f: Finding) => string | number | undefined][] = [
  ['Kind', (f) => f.kind],
  ['ID', (f) => f.id],
  ['Severity', (f) => f.severity],
  ['Target', (f) => f.target],
  ['Package', (f) => f.package],
  ['Installed', (f) => f.installed],
  ['Fixed', (f) => f.fixed],
  ['Status', (f) => f.status],
  ['CVSS', (f) => f.cvss?.score],
  ['CVSS Vector', (f) => f.cvss?.vector],
  ['Title', (f) => f.title ?? f.message],
  ['Location', (f) => (f.startLine !== undefined ? `${f.filePath ?? f.target}:${f.startLine}` : f.filePath)],
  ['URL', (f) => f.primaryUrl ?? f.references[0]],
];

/**
 * One cell, quoted per RFC 4180 §2 (fields holding `"`, `,`, CR or LF are quoted, `"` doubled).
 * Text starting with = + - @ (or TAB / CR) is prefixed with `'` so a spreadsheet does not evaluate it as a
 * formula (OWASP "CSV Injection"); report text comes from advisories and is untrusted.
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let s = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCSV(report: ScanReport): string {
  const rows = [CSV_COLUMNS.map(([h]) => csvCell(h)).join(',')];
  for (const f of report.findings) rows.push(CSV_COLUMNS.map(([, get]) => csvCell(get(f))).join(','));
  return rows.join('\r\n') + '\r\n'; // RFC 4180 §2.1: CRLF line breaks
}

/** SARIF `level` from severity: CRITICAL/HIGH → error, MEDIUM → warning, LOW/UNKNOWN → note. */
export function sarifLevel(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'CRITICAL' || s === 'HIGH' ? 'error' : s === 'MEDIUM' ? 'warning' : 'note';
}

/** GitHub code scanning reads `security-severity` (0.0–10.0) on rules; derived from CVSS or the level. */
const SEVERITY_SCORE: Record<Severity, string> = { CRITICAL: '9.5', HIGH: '8.0', MEDIUM: '5.5', LOW: '2.0', UNKNOWN: '0.0' };

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri?: string;
  help: { text: string };
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
  properties: { 'security-severity': string; tags: string[]; precision: string };
}

/** Builds a SARIF 2.1.0 log (OASIS sarif-v2.1.0-os): one rule per distinct id, one result per finding. */
export function toSARIF(report: ScanReport): string {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const worst = new Map<string, Severity>();
  for (const f of report.findings) {
    const existing = ruleIndex.get(f.id);
    const cvss = f.cvss?.score;
    if (existing === undefined) {
      ruleIndex.set(f.id, rules.length);
      worst.set(f.id, f.severity);
      rules.push({
        id: f.id,
        name: ruleName(f),
        shortDescription: { text: f.title ?? f.id },
        fullDescription: { text: f.description ?? f.title ?? f.id },
        ...(f.primaryUrl ?? f.references[0] ? { helpUri: f.primaryUrl ?? f.references[0] } : {}),
        help: { text: [f.title ?? f.id, f.description, ...f.references].filter(Boolean).join('\n') },
        defaultConfiguration: { level: sarifLevel(f.severity) },
        properties: {
          'security-severity': cvss !== undefined ? cvss.toFixed(1) : SEVERITY_SCORE[f.severity],
          tags: [f.kind, 'security', f.severity],
          precision: 'very-high',
        },
      });
    } else {
      // The same id can be reported per package with different severities: the rule carries the worst.
      const rule = rules[existing];
      if (severityRank(f.severity) < severityRank(worst.get(f.id)!)) {
        worst.set(f.id, f.severity);
        rule.defaultConfiguration.level = sarifLevel(f.severity);
        rule.properties.tags = [f.kind, 'security', f.severity];
        if (cvss === undefined) rule.properties['security-severity'] = SEVERITY_SCORE[f.severity];
      }
      if (cvss !== undefined && cvss > Number(rule.properties['security-severity'])) rule.properties['security-severity'] = cvss.toFixed(1);
    }
  }

  const results = report.findings.map((f) => ({
    ruleId: f.id,
    ruleIndex: ruleIndex.get(f.id)!,
    level: sarifLevel(f.severity),
    message: { text: resultMessage(f) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: sarifUri(f.filePath ?? f.target) },
          region: { startLine: f.startLine ?? 1, ...(f.endLine !== undefined ? { endLine: f.endLine } : {}) },
        },
        message: { text: f.target || report.artifact.name },
      },
    ],
    // SARIF §3.27.23: an accepted risk stays in the log as a suppressed result, with the rule that accepted it.
    ...(f.ignored ? { suppressions: [{ kind: 'external', status: 'accepted', justification: describeIgnore(f.ignored) }] } : {}),
  }));

  const log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: report.scanner.name,
            version: report.scanner.version,
            informationUri: report.scanner.name.toLowerCase() === 'trivy' ? 'https://github.com/aquasecurity/trivy' : 'https://goharbor.io',
            rules,
          },
        },
        results,
        properties: { artifact: report.artifact.name, ...(report.time ? { time: report.time } : {}) },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function ruleName(f: Finding): string {
  const base = f.kind === 'vulnerability' ? 'Vulnerability' : f.kind === 'misconfiguration' ? 'Misconfiguration' : f.kind === 'secret' ? 'Secret' : 'License';
  return `${base}${f.id.replace(/[^A-Za-z0-9]/g, '')}`;
}

function resultMessage(f: Finding): string {
  if (f.kind === 'vulnerability') {
    return [`Package: ${f.package ?? '?'}`, `Installed Version: ${f.installed ?? '?'}`, `Vulnerability ${f.id}`, `Severity: ${f.severity}`, `Fixed Version: ${f.fixed ?? 'none'}`, ...(f.title ? [`Title: ${f.title}`] : [])].join('\n');
  }
  if (f.kind === 'license') return `License ${f.license ?? f.id} in ${f.package ?? f.filePath ?? f.target}: ${f.severity}`;
  return `${f.title ?? f.id}${f.message ? `: ${f.message}` : ''} (${f.severity})`;
}

/** Targets like "img.tar (alpine 3.9.4)" are not URIs; SARIF needs a URI reference, so encode it. */
function sarifUri(target: string): string {
  return encodeURI(target || '.');
}
