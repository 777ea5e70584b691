// Reads Harbor's vulnerability report into the one ScanReport model. Accepts both shapes Harbor produces
// - the body of GET …/artifacts/{reference}/additions/vulnerabilities (Harbor API v2.0 swagger,
//   goharbor/harbor api/v2.0/swagger.yaml; the handler is src/server/v2.0/handler/artifact.go
//   GetVulnerabilitiesAddition): `{ "<report MIME type>": Report }`, `{}` when not scanned;
// - a bare report (`HarborVulnerabilityReport` in goharbor/pluggable-scanner-spec
//   api/spec/scanner-adapter-openapi-v1.1.yaml), as a scanner adapter returns it.
import { ScanReportError, type Cvss, type Finding, type ScanReport } from './model';
import { compact, isObject, num, objects, str, strings, type Json } from './read';
import { normalizeSeverity } from './severity';

export const HARBOR_REPORT_MIME_TYPES = [
  'application/vnd.security.vulnerability.report; version=1.1',
  'application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0',
] as const;

const fail = (msg: string) => new ScanReportError(`Not a Harbor vulnerability report: ${msg}.`);

export function parseHarborReport(json: unknown): ScanReport {
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json);
    } catch (e) {
      throw fail(`the text is not valid JSON (${(e as Error).message})`);
    }
  }
  if (!isObject(json)) throw fail('expected a JSON object');
  let report: Json = json;
  if (!('vulnerabilities' in json)) {
    const key = HARBOR_REPORT_MIME_TYPES.find((m) => isObject(json[m])) ?? Object.keys(json).find((k) => isObject(json[k]) && 'vulnerabilities' in (json[k] as Json));
    if (!key) {
      throw fail(Object.keys(json).length === 0 ? 'the artifact has no report yet (Harbor answered {}): scan it first' : 'no "vulnerabilities" array and no report keyed by a report MIME type');
    }
    report = json[key] as Json;
  }
  if (!Array.isArray(report.vulnerabilities) && report.vulnerabilities !== null && report.vulnerabilities !== undefined) {
    throw fail('"vulnerabilities" should be an array');
  }

  const artifact = isObject(report.artifact) ? report.artifact : {};
  const repository = str(artifact.repository);
  const digest = str(artifact.digest);
  const tag = str(artifact.tag);
  // Harbor reports cover one artifact; its name is the target of every finding.
  const target = repository ? `${repository}${tag ? `:${tag}` : ''}` : digest ?? 'artifact';

  const findings: Finding[] = objects(report.vulnerabilities, 'vulnerabilities', fail).map((v, key) =>
    compact({
      key,
      kind: 'vulnerability' as const,
      id: str(v.id) ?? '(no id)',
      severity: normalizeSeverity(v.severity),
      target,
      description: str(v.description),
      references: strings(v.links),
      primaryUrl: strings(v.links)[0],
      package: str(v.package),
      installed: str(v.version),
      fixed: str(v.fix_version),
      status: str(v.status),
      cvss: harborCvss(v),
      cwe: strings(v.cwe_ids),
      layer: isObject(v.layer) ? str(v.layer.digest) ?? str(v.layer.diff_id) : undefined,
    }),
  );

  const scanner = isObject(report.scanner) ? report.scanner : {};
  return {
    format: 'harbor',
    artifact: compact({ name: target, repository, digest, tag, mediaType: str(artifact.mime_type) }),
    scanner: compact({ name: str(scanner.name) ?? 'unknown', version: str(scanner.version) ?? 'unknown', vendor: str(scanner.vendor) }),
    ...(str(report.generated_at) ? { time: str(report.generated_at) } : {}),
    findings,
  };
}

/** `preferred_cvss` first (v3 over v2), then the NVD entry Trivy's adapter copies into vendor_attributes.CVSS. */
function harborCvss(v: Json): Cvss | undefined {
  const p = isObject(v.preferred_cvss) ? v.preferred_cvss : {};
  if (num(p.score_v3) !== undefined) return compact({ score: num(p.score_v3), vector: str(p.vector_v3), source: 'preferred', version: '3' });
  if (num(p.score_v2) !== undefined) return compact({ score: num(p.score_v2), vector: str(p.vector_v2), source: 'preferred', version: '2' });
  const attrs = isObject(v.vendor_attributes) && isObject(v.vendor_attributes.CVSS) ? v.vendor_attributes.CVSS : {};
  for (const [vendor, c] of Object.entries(attrs)) {
    if (!isObject(c)) continue;
    if (num(c.V3Score) !== undefined) return compact({ score: num(c.V3Score), vector: str(c.V3Vector), source: vendor, version: '3' });
    if (num(c.V2Score) !== undefined) return compact({ score: num(c.V2Score), vector: str(c.V2Vector), source: vendor, version: '2' });
  }
  return undefined;
}
