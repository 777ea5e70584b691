// Reads the `vulnerabilities` of a CycloneDX document (JSON, spec 1.4–1.7, "Vulnerability" object): a BOM with
// vulnerabilities (`grype -o cyclonedx-json`, `trivy --format cyclonedx --scanners vuln`) or a VEX document.
// One finding per affected component (`affects[].ref`, resolved through `components[].bom-ref`, else a purl in
// the ref). A VEX `analysis.state` of not_affected, false_positive or resolved marks the finding ignored with
// the justification; `exploitable` and `in_triage` keep it counted.
import { ScanReportError, type Cvss, type Finding, type ScanReport, type Severity } from './model';
import { compact, isObject, num, str, type Json } from './read';
import { normalizeSeverity, severityRank } from './severity';
import { purlParts } from './parseSarifReport';

const fail = (msg: string) => new ScanReportError(`Not a CycloneDX vulnerability document: ${msg}.`);
const ACCEPTED = new Set(['not_affected', 'false_positive', 'resolved', 'resolved_with_pedigree']);

export function isCycloneDx(json: unknown): boolean {
  return isObject(json) && json.bomFormat === 'CycloneDX';
}

export function parseCycloneDxReport(json: unknown): ScanReport {
  if (!isCycloneDx(json)) throw fail('"bomFormat" is not "CycloneDX"');
  const doc = json as Json;
  if (doc.vulnerabilities !== undefined && !Array.isArray(doc.vulnerabilities)) throw fail('"vulnerabilities" should be an array');
  const components = new Map<string, Json>();
  const walk = (list: unknown) => {
    for (const c of Array.isArray(list) ? list.filter(isObject) : []) {
      if (str(c['bom-ref'])) components.set(str(c['bom-ref'])!, c);
      walk(c.components);
    }
  };
  walk(doc.components);
  const meta = isObject(doc.metadata) ? doc.metadata : {};
  const subject = isObject(meta.component) ? meta.component : {};
  const target = [str(subject.name), str(subject.version)].filter(Boolean).join('@') || '(CycloneDX document)';

  const findings: Finding[] = [];
  for (const v of (doc.vulnerabilities as unknown[] | undefined ?? []).filter(isObject)) {
    const affects = Array.isArray(v.affects) ? v.affects.filter(isObject) : [];
    for (const a of affects.length ? affects : [{}]) {
      const ref = str(a.ref);
      const comp = ref ? components.get(ref) : undefined;
      const purl = purlParts(str(comp?.purl) ?? (ref?.includes('pkg:') ? ref.slice(ref.indexOf('pkg:')) : undefined));
      const versions = Array.isArray(a.versions) ? a.versions.filter(isObject) : [];
      const fixed = versions.filter((x) => str(x.status) === 'unaffected').map((x) => str(x.version)).filter(Boolean).join(', ');
      findings.push(compact({
        key: findings.length,
        kind: 'vulnerability' as const,
        id: str(v.id) ?? '(no id)',
        severity: severity(v.ratings),
        target,
        description: str(v.description) ?? str(v.detail),
        references: advisories(v),
        primaryUrl: isObject(v.source) ? str(v.source.url) : undefined,
        package: str(comp?.name) ?? purl.name,
        installed: str(comp?.version) ?? purl.version ?? versions.map((x) => str(x.version)).find(Boolean),
        fixed: fixed || undefined,
        status: isObject(v.analysis) ? str(v.analysis.state) : undefined,
        cvss: cvss(v.ratings),
        cwe: Array.isArray(v.cwes) ? v.cwes.map((c) => `CWE-${String(c)}`) : undefined,
        published: str(v.published),
        ignored: vexIgnore(v),
      }));
    }
  }
  return {
    format: 'cyclonedx',
    artifact: compact({ name: target, type: str(subject.type) }),
    scanner: tool(meta.tools),
    ...(str(meta.timestamp) ? { time: str(meta.timestamp) } : {}),
    findings,
  };
}

/** The most severe rating that names a severity (ratings come per source and method). */
function severity(ratings: unknown): Severity {
  const all = (Array.isArray(ratings) ? ratings.filter(isObject) : []).map((r) => str(r.severity)).filter((s): s is string => !!s && s !== 'none' && s !== 'info');
  return all.map(normalizeSeverity).sort((a, b) => severityRank(a) - severityRank(b))[0] ?? 'UNKNOWN';
}

function cvss(ratings: unknown): Cvss | undefined {
  const r = (Array.isArray(ratings) ? ratings.filter(isObject) : []).find((x) => /^CVSSv/.test(str(x.method) ?? '') && num(x.score) !== undefined);
  if (!r) return undefined;
  return compact({ score: num(r.score), vector: str(r.vector), source: isObject(r.source) ? str(r.source.name) : undefined, version: /^CVSSv(\d)/.exec(str(r.method)!)?.[1] });
}

function advisories(v: Json): string[] {
  return (Array.isArray(v.advisories) ? v.advisories.filter(isObject) : []).map((a) => str(a.url)).filter((u): u is string => !!u);
}

function vexIgnore(v: Json): Finding['ignored'] {
  const a = isObject(v.analysis) ? v.analysis : {};
  const state = str(a.state);
  if (!state || !ACCEPTED.has(state)) return undefined;
  return compact({ source: 'vex' as const, rule: `VEX: ${state}${str(a.justification) ? ` (${str(a.justification)})` : ''}`, note: str(a.detail) });
}

/** metadata.tools: 1.5+ `{components: [{name, version}]}`, older an array of `{vendor, name, version}`. */
function tool(tools: unknown): ScanReport['scanner'] {
  const list = Array.isArray(tools) ? tools : isObject(tools) && Array.isArray(tools.components) ? tools.components : [];
  const t = list.filter(isObject)[0];
  if (!t) return { name: 'CycloneDX', version: 'unknown' };
  return compact({ name: str(t.name) ?? 'unknown', version: str(t.version) ?? 'unknown', vendor: str(t.vendor) ?? str(t.author) });
}
