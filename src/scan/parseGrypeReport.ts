// Reads Grype's JSON report (`grype IMAGE -o json`) into the one ScanReport model. Field names follow Grype's
// presenter model (anchore/grype grype/presenter/models: document.go `matches`, `ignoredMatches`, `source`,
// `descriptor`; match.go; vulnerability.go `fix.versions`/`fix.state`, `cvss[].metrics.baseScore`).
// Matches Grype itself ignored (its `ignore:` config, VEX) are kept, marked with the rule Grype applied.
import { ScanReportError, type Cvss, type Finding, type IgnoreReason, type ScanReport } from './model';
import { compact, isObject, num, objects, str, strings, type Json } from './read';
import { normalizeSeverity } from './severity';

const fail = (msg: string) => new ScanReportError(`Not a Grype JSON report: ${msg}.`);

export function isGrypeReport(json: unknown): boolean {
  return isObject(json) && Array.isArray(json.matches) && (isObject(json.descriptor) || isObject(json.source));
}

export function parseGrypeReport(json: unknown): ScanReport {
  if (!isObject(json)) throw fail('expected a JSON object with "matches"');
  if (!Array.isArray(json.matches)) throw fail('"matches" should be an array');
  const source = isObject(json.source) ? json.source : {};
  const target = isObject(source.target) ? source.target : {};
  const artifactName = str(target.userInput) ?? str(source.target) ?? '(unnamed artifact)';
  const findings: Finding[] = [];
  const add = (m: Json, ignored?: IgnoreReason) => findings.push(finding(m, findings.length, artifactName, ignored));
  for (const m of objects(json.matches, 'matches', fail)) add(m);
  for (const m of objects(json.ignoredMatches, 'ignoredMatches', fail)) add(m, grypeIgnore(m));

  const descriptor = isObject(json.descriptor) ? json.descriptor : {};
  const distro = isObject(json.distro) ? [str(json.distro.name), str(json.distro.version)].filter(Boolean).join(' ') : '';
  return {
    format: 'grype',
    artifact: compact({
      name: artifactName,
      type: str(source.type),
      digest: str(target.manifestDigest) ?? str(target.imageID),
      mediaType: str(target.mediaType),
      os: distro || undefined,
    }),
    scanner: { name: str(descriptor.name) ?? 'grype', version: str(descriptor.version) ?? 'unknown' },
    ...(str(descriptor.timestamp) ? { time: str(descriptor.timestamp) } : {}),
    findings,
  };
}

function finding(m: Json, key: number, artifactName: string, ignored: IgnoreReason | undefined): Finding {
  const v = isObject(m.vulnerability) ? m.vulnerability : {};
  const a = isObject(m.artifact) ? m.artifact : {};
  const fix = isObject(v.fix) ? v.fix : {};
  const fixed = strings(fix.versions);
  const location = Array.isArray(a.locations) && isObject(a.locations[0]) ? a.locations[0] : {};
  const urls = strings(v.urls);
  return compact({
    key,
    kind: 'vulnerability' as const,
    id: str(v.id) ?? '(no id)',
    severity: normalizeSeverity(v.severity),
    target: artifactName,
    description: str(v.description),
    references: urls,
    primaryUrl: str(v.dataSource) ?? urls[0],
    package: str(a.name),
    installed: str(a.version),
    fixed: fixed.length ? fixed.join(', ') : undefined,
    status: str(fix.state),
    cvss: grypeCvss(v.cvss),
    filePath: str(location.path),
    category: str(a.type),
    ignored,
  });
}

/** The highest base score Grype lists (one entry per source and CVSS version). */
function grypeCvss(raw: unknown): Cvss | undefined {
  let best: Cvss | undefined;
  for (const c of Array.isArray(raw) ? raw.filter(isObject) : []) {
    const score = isObject(c.metrics) ? num(c.metrics.baseScore) : undefined;
    if (score === undefined || (best?.score !== undefined && best.score >= score)) continue;
    best = compact({ score, vector: str(c.vector), source: str(c.source), version: str(c.version)?.split('.')[0] });
  }
  return best;
}

/** Grype's `appliedIgnoreRules` (grype/presenter/models/ignore.go): the rule's fields say what it matched and why. */
function grypeIgnore(m: Json): IgnoreReason {
  const rules = Array.isArray(m.appliedIgnoreRules) ? m.appliedIgnoreRules.filter(isObject) : [];
  const r = rules[0] ?? {};
  const what = [str(r.vulnerability), str(r['fix-state']) ? `fix-state ${str(r['fix-state'])}` : undefined, str(r['vex-status']) ? `VEX ${str(r['vex-status'])}` : undefined].filter(Boolean).join(', ');
  return compact({ source: 'scanner' as const, rule: `Grype ignore rule${what ? ` (${what})` : ''}`, note: str(r.reason) });
}
