// Reads a SARIF 2.1.0 log (OASIS sarif-v2.1.0-os) from an image scanner into the one ScanReport model: Trivy
// (`--format sarif`), Grype (`-o sarif`), Docker Scout (`docker scout cves --format sarif`) and any tool that
// writes results against rules. One finding per result (§3.27); a run without a `results` array gets one
// finding per rule, as some exporters write only rules.
// SARIF has no severity or package field, so each tool's conventions are read, in this order:
//   severity  "Severity: X" line in the message or rule help (Trivy, Grype) → rule properties `cvssV3_severity`
//             (Scout) → a severity tag (Trivy) → "a <severity> vulnerability" in the text (Grype) →
//             `security-severity` score in GitHub's bands (9.0 critical, 7.0 high, 4.0 medium, > 0 low) →
//             the result or rule `level` (error high, warning medium, note low);
//   package   "Package:", "Installed Version:"/"Version:", "Fixed Version:"/"Fix Version:" lines (Trivy, Grype),
//             else the rule's `purl`/`purls` (Scout) and `fixed_version`;
//   suppressions (§3.27.23) mark a finding ignored, with their justification.
import { ScanReportError, type Finding, type IgnoreReason, type ScanReport, type Severity } from './model';
import { compact, isObject, num, str, strings, type Json } from './read';
import { normalizeSeverity } from './severity';

const fail = (msg: string) => new ScanReportError(`Not a SARIF 2.1.0 log: ${msg}.`);

export function isSarifLog(json: unknown): boolean {
  return isObject(json) && Array.isArray(json.runs) && (json.version === '2.1.0' || typeof json.$schema === 'string' && /sarif/i.test(json.$schema));
}

export function parseSarifReport(json: unknown): ScanReport {
  if (!isObject(json) || !Array.isArray(json.runs)) throw fail('expected an object with "runs"');
  if (json.version !== undefined && json.version !== '2.1.0') throw fail(`version is ${JSON.stringify(json.version)}, expected "2.1.0"`);
  const findings: Finding[] = [];
  const tools: string[] = [];
  let version: string | undefined;
  let artifact: string | undefined;
  json.runs.forEach((run, ri) => {
    if (!isObject(run)) throw fail(`runs[${ri}] should be an object`);
    const driver = isObject(run.tool) && isObject(run.tool.driver) ? run.tool.driver : {};
    const name = str(driver.fullName) ?? str(driver.name) ?? 'SARIF';
    if (!tools.includes(name)) tools.push(name);
    version ??= str(driver.version) ?? str(driver.semanticVersion);
    artifact ??= runArtifact(run);
    const rules = Array.isArray(driver.rules) ? driver.rules.map((r) => (isObject(r) ? r : {})) : [];
    const byId = new Map(rules.map((r) => [str(r.id), r] as const));
    if (!Array.isArray(run.results)) {
      for (const rule of rules) findings.push(toFinding({}, rule, findings.length, artifact));
      return;
    }
    for (const r of run.results) {
      if (!isObject(r)) continue;
      const idx = num(r.ruleIndex);
      const ruleId = str(r.ruleId) ?? (isObject(r.rule) ? str(r.rule.id) : undefined);
      const rule = (idx !== undefined ? rules[idx] : undefined) ?? byId.get(ruleId) ?? {};
      findings.push(toFinding(r, rule, findings.length, artifact));
    }
  });
  return {
    format: 'sarif',
    artifact: { name: artifact ?? '(SARIF log)' },
    scanner: { name: tools.join(', ') || 'SARIF', version: version ?? 'unknown' },
    findings,
  };
}

/** Run-level names of the scanned image, where a tool writes one (Trivy: properties.imageName). */
function runArtifact(run: Json): string | undefined {
  const p = isObject(run.properties) ? run.properties : {};
  return str(p.imageName) ?? str(p.artifact);
}

function text(v: unknown): string | undefined {
  return isObject(v) ? str(v.text) ?? str(v.markdown) : undefined;
}

/** "Key: value" lines of Trivy's and Grype's message and help text. */
function fields(...texts: (string | undefined)[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of texts) {
    for (const line of (t ?? '').split('\n')) {
      const m = /^\s*([A-Za-z][A-Za-z ]{1,30}):(.*)$/.exec(line);
      const value = m?.[2]!.trim();
      if (m && value && !out.has(m[1]!.toLowerCase())) out.set(m[1]!.toLowerCase(), value);
    }
  }
  return out;
}

const SEVERITY_WORDS = /\b(critical|high|medium|moderate|low|negligible)\b (?:severity )?vulnerability/i;

function severityOf(result: Json, rule: Json, f: Map<string, string>, props: Json): Severity {
  const known = (v: unknown): Severity | undefined => {
    const s = typeof v === 'string' && v.toUpperCase() === 'MODERATE' ? 'MEDIUM' : v;
    const n = normalizeSeverity(s);
    return n !== 'UNKNOWN' || (typeof s === 'string' && s.toUpperCase() === 'UNKNOWN') ? n : undefined;
  };
  const fromTags = strings(props.tags).map(known).find((s) => s !== undefined);
  const words = SEVERITY_WORDS.exec([text(result.message), text(rule.shortDescription)].filter(Boolean).join('\n'))?.[1];
  const direct = known(f.get('severity')) ?? known(props.cvssV3_severity) ?? fromTags ?? known(words);
  if (direct) return direct;
  const score = num(props['security-severity']);
  if (score !== undefined) return score >= 9 ? 'CRITICAL' : score >= 7 ? 'HIGH' : score >= 4 ? 'MEDIUM' : score > 0 ? 'LOW' : 'UNKNOWN';
  const level = str(result.level) ?? (isObject(rule.defaultConfiguration) ? str(rule.defaultConfiguration.level) : undefined);
  return level === 'error' ? 'HIGH' : level === 'warning' ? 'MEDIUM' : level === 'note' ? 'LOW' : 'UNKNOWN';
}

/** pkg:type/namespace/name@version?qualifiers → name and version (percent-decoded, purl-spec). */
export function purlParts(purl: string | undefined): { name?: string; version?: string } {
  const m = purl ? /^pkg:[^/]+\/(?:.*\/)?([^/@?#]+)(?:@([^?#]+))?/.exec(purl) : null;
  if (!m) return {};
  const dec = (s: string | undefined) => { try { return s === undefined ? undefined : decodeURIComponent(s); } catch { return s; } };
  return compact({ name: dec(m[1]), version: dec(m[2]) });
}

/** The id a person knows: Grype's rule ids append the package ("CVE-1999-0001-package-1"); its short description starts with the bare id. */
function findingId(ruleId: string | undefined, rule: Json): string {
  const first = /^([A-Za-z][\w.-]*-[\w.-]+)[\s:]/.exec(text(rule.shortDescription) ?? '')?.[1];
  if (ruleId && first && ruleId.startsWith(first)) return first;
  return ruleId ?? first ?? '(no id)';
}

function toFinding(result: Json, rule: Json, key: number, artifact: string | undefined): Finding {
  const props = isObject(rule.properties) ? rule.properties : {};
  const message = text(result.message);
  const f = fields(message, isObject(rule.help) ? str(rule.help.text) : undefined);
  const purl = purlParts(str(props.purl) ?? strings(props.purls)[0]);
  const ruleId = str(result.ruleId) ?? str(rule.id);
  const loc = Array.isArray(result.locations) && isObject(result.locations[0]) ? result.locations[0] : {};
  const phys = isObject(loc.physicalLocation) ? loc.physicalLocation : {};
  const uri = isObject(phys.artifactLocation) ? str(phys.artifactLocation.uri) : undefined;
  const region = isObject(phys.region) ? phys.region : {};
  const fixed = f.get('fixed version') ?? f.get('fix version') ?? str(props.fixed_version);
  const helpUri = str(rule.helpUri);
  return compact({
    key,
    kind: 'vulnerability' as const,
    id: findingId(ruleId, rule),
    severity: severityOf(result, rule, f, props),
    target: artifact ?? uri ?? '',
    title: text(rule.shortDescription),
    description: text(rule.fullDescription) ?? message,
    message,
    references: helpUri ? [helpUri] : [],
    primaryUrl: helpUri,
    package: f.get('package') ?? purl.name,
    installed: f.get('installed version') ?? f.get('version') ?? purl.version,
    fixed: fixed && !/^not fixed$/i.test(fixed) ? fixed : undefined,
    cvss: num(props['security-severity']) !== undefined ? { score: num(props['security-severity']), source: 'security-severity' } : undefined,
    filePath: uri,
    startLine: num(region.startLine),
    ignored: suppression(result),
  });
}

/** SARIF §3.27.23 `suppressions`: a result with an accepted (or unset) suppression is ignored, with its justification. */
function suppression(result: Json): IgnoreReason | undefined {
  const s = (Array.isArray(result.suppressions) ? result.suppressions.filter(isObject) : []).find((x) => str(x.status) === undefined || str(x.status) === 'accepted');
  if (!s) return undefined;
  return compact({ source: 'scanner' as const, rule: `SARIF suppression (${str(s.kind) ?? 'external'})`, note: str(s.justification) });
}
