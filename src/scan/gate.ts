// The scan gate, one home for the CLI (`regx scan --exit-code N --severity HIGH,CRITICAL`) and the extension
// (Build and Push with `registryExplorer.build.scanBeforePush`): a report fails when findings at the chosen
// severities remain once accepted risks (.trivyignore, Harbor CVE allowlists, --ignore-unfixed) are set aside.
// Like Trivy's own `--exit-code` with `--severity` (docs "Configuration" › "Exit Code"), every finding kind
// counts: vulnerabilities, misconfigurations, secrets and licenses.
import { SEVERITIES, type Finding, type ScanReport, type Severity } from './model';
import { applyIgnores, type IgnoreRule } from './ignore';
import { countBySeverity, type SeverityCounts } from './summary';

export interface GatePolicy {
  /** The severities that fail the gate; all five when empty. */
  severities: readonly Severity[];
  /** Vulnerabilities without a fixed version do not count (Trivy's --ignore-unfixed). */
  ignoreUnfixed?: boolean;
  /** Accepted risks: .trivyignore lines, Harbor CVE allowlist entries. */
  ignores?: readonly IgnoreRule[];
}

export interface GateResult {
  passed: boolean;
  /** The report with ignored findings marked (kept, not dropped). */
  report: ScanReport;
  /** Findings that fail the gate. */
  failing: Finding[];
  failingBySeverity: SeverityCounts;
  /** How many findings an accepted risk covers, and rules that would have matched but expired. */
  ignored: number;
  expiredRules: IgnoreRule[];
  severities: Severity[];
}

export class GateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GateError';
  }
}

/** "HIGH,CRITICAL" (any case, spaces allowed) → ['CRITICAL', 'HIGH'] in severity order; unknown words are an error. */
export function parseSeverities(text: string): Severity[] {
  const words = text.split(',').map((w) => w.trim().toUpperCase()).filter(Boolean);
  const bad = words.filter((w) => !(SEVERITIES as readonly string[]).includes(w));
  if (bad.length) throw new GateError(`unknown severity ${bad.map((b) => JSON.stringify(b)).join(', ')}: use ${SEVERITIES.join(', ')}`);
  return SEVERITIES.filter((s) => words.includes(s));
}

export function evaluateGate(report: ScanReport, policy: GatePolicy, now = new Date()): GateResult {
  const severities = policy.severities.length ? SEVERITIES.filter((s) => policy.severities.includes(s)) : [...SEVERITIES];
  const { report: marked, expired } = applyIgnores(report, policy.ignores ?? [], { ignoreUnfixed: policy.ignoreUnfixed, now });
  const failing = marked.findings.filter((f) => !f.ignored && severities.includes(f.severity));
  return {
    passed: failing.length === 0,
    report: marked,
    failing,
    failingBySeverity: countBySeverity(failing),
    ignored: marked.findings.filter((f) => f.ignored).length,
    expiredRules: expired,
    severities,
  };
}

/** One line for a terminal or a log: "3 findings at CRITICAL, HIGH (2 CRITICAL, 1 HIGH); 4 ignored". */
export function gateLine(g: GateResult): string {
  const at = g.severities.join(', ');
  const by = g.severities.filter((s) => g.failingBySeverity[s] > 0).map((s) => `${g.failingBySeverity[s]} ${s}`).join(', ');
  const ignored = g.ignored ? `; ${g.ignored} ignored` : '';
  return g.passed
    ? `gate passed: no findings at ${at}${ignored}`
    : `gate failed: ${g.failing.length} finding${g.failing.length === 1 ? '' : 's'} at ${at} (${by})${ignored}`;
}
