// Reads Amazon ECR's scan findings (DescribeImageScanFindings, "Amazon ECR API Reference": ImageScanFindings with
// `findings` — basic scanning, ImageScanFinding {name, description, uri, severity, attributes[{key, value}]} — and
// `enhancedFindings` — Amazon Inspector, EnhancedImageScanFinding {packageVulnerabilityDetails {vulnerabilityId,
// vulnerablePackages[{name, version, fixedInVersion}], cvss[{baseScore, scoringVector, source, version}],
// referenceUrls, sourceUrl}, severity, title, description, status, remediation}) into the one ScanReport model.
// Input: the SDK's output object or its JSON (dates as Date or ISO strings).
import { ScanReportError, type Cvss, type Finding, type ScanReport } from './model';
import { compact, isObject, num, objects, str, strings, type Json } from './read';
import { normalizeSeverity } from './severity';

const fail = (msg: string) => new ScanReportError(`Not ECR scan findings: ${msg}.`);

/** ECR severities: CRITICAL HIGH MEDIUM LOW INFORMATIONAL UNDEFINED (FindingSeverity); the last two are not ranked. */
function severity(v: unknown) {
  const s = typeof v === 'string' ? v.toUpperCase() : v;
  return s === 'INFORMATIONAL' || s === 'UNTRIAGED' || s === 'UNDEFINED' ? 'UNKNOWN' as const : normalizeSeverity(s);
}

const time = (v: unknown): string | undefined => (v instanceof Date ? v.toISOString() : str(v));

export function parseEcrFindings(input: unknown, artifact: { repository: string; tag?: string; digest?: string }): ScanReport {
  if (typeof input === 'string') {
    try { input = JSON.parse(input); } catch (e) { throw fail(`the text is not valid JSON (${(e as Error).message})`); }
  }
  if (!isObject(input)) throw fail('expected a JSON object');
  const scan = isObject(input.imageScanFindings) ? input.imageScanFindings : isObject(input.findings) || Array.isArray(input.findings) ? input : undefined;
  const status = isObject(input.imageScanStatus) ? input.imageScanStatus : isObject(input.status) ? input.status : undefined;
  if (!scan) {
    const st = str(status?.status);
    throw fail(st ? `the scan status is ${st}${str(status?.description) ? ` (${str(status?.description)})` : ''}: scan the image first` : 'no imageScanFindings');
  }
  const target = `${artifact.repository}${artifact.tag ? `:${artifact.tag}` : ''}`;
  const findings: Finding[] = [];
  for (const f of objects(scan.findings, 'findings', fail)) {
    const attrs = new Map(objects(f.attributes, 'attributes', fail).map((a) => [str(a.key) ?? '', str(a.value)]));
    const cvss: Cvss | undefined = attrs.get('CVSS3_SCORE') ? compact({ score: num(attrs.get('CVSS3_SCORE')), vector: attrs.get('CVSS3_VECTOR'), version: '3' })
      : attrs.get('CVSS2_SCORE') ? compact({ score: num(attrs.get('CVSS2_SCORE')), vector: attrs.get('CVSS2_VECTOR'), version: '2' }) : undefined;
    findings.push(compact({
      key: findings.length, kind: 'vulnerability' as const, id: str(f.name) ?? '(no id)', severity: severity(f.severity), target,
      description: str(f.description), references: strings([f.uri]), primaryUrl: str(f.uri),
      package: attrs.get('package_name'), installed: attrs.get('package_version'), cvss,
    }));
  }
  for (const f of objects(scan.enhancedFindings, 'enhancedFindings', fail)) {
    const d: Json = isObject(f.packageVulnerabilityDetails) ? f.packageVulnerabilityDetails : {};
    const pkgs = objects(d.vulnerablePackages, 'vulnerablePackages', fail);
    const scores = objects(d.cvss, 'cvss', fail);
    const best = scores.slice().sort((a, b) => (num(b.version) ?? 0) - (num(a.version) ?? 0))[0];
    const cvss = best ? compact({ score: num(best.baseScore), vector: str(best.scoringVector), source: str(best.source), version: str(best.version)?.split('.')[0] }) : undefined;
    const refs = [...strings(d.referenceUrls), ...strings([d.sourceUrl])];
    const remediation = isObject(f.remediation) && isObject(f.remediation.recommendation) ? str(f.remediation.recommendation.text) : undefined;
    // One finding per vulnerable package, as Trivy reports them (a CVE in two packages is two rows).
    for (const p of pkgs.length ? pkgs : [{} as Json]) {
      findings.push(compact({
        key: findings.length, kind: 'vulnerability' as const, id: str(d.vulnerabilityId) ?? str(f.title) ?? '(no id)', severity: severity(f.severity), target,
        title: str(f.title), description: str(f.description), references: refs, primaryUrl: str(d.sourceUrl) ?? refs[0],
        package: str(p.name), installed: str(p.version), fixed: str(p.fixedInVersion) === 'NotAvailable' ? undefined : str(p.fixedInVersion),
        status: str(f.status), cvss, published: time(d.vendorCreatedAt), resolution: remediation,
      }));
    }
  }
  return compact({
    format: 'ecr' as const,
    artifact: compact({ name: target, repository: artifact.repository, tag: artifact.tag, digest: artifact.digest }),
    scanner: { name: scan.enhancedFindings && objects(scan.enhancedFindings, 'enhancedFindings', fail).length ? 'Amazon Inspector' : 'Amazon ECR', version: time(scan.vulnerabilitySourceUpdatedAt) ?? '', vendor: 'AWS' },
    time: time(scan.imageScanCompletedAt),
    findings,
  });
}
