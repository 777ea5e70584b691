// Reads `trivy … --format json` (SchemaVersion 2) into the one ScanReport model.
// Field names follow Trivy's Go types (aquasecurity/trivy pkg/types/report.go, vulnerability.go,
// misconfiguration.go, secret.go, license.go; Trivy publishes no JSON Schema for the report). Trivy's docs
// (docs/guide/configuration/reporting.md, "JSON") say only VulnerabilityID, PkgName, InstalledVersion and
// Severity are always filled, so every other field is read tolerantly.
import { ScanReportError, type CauseLine, type Cvss, type Finding, type ScanReport } from './model';
import { compact, isObject, num, objects, str, strings, type Json } from './read';
import { normalizeSeverity } from './severity';

const fail = (msg: string) => new ScanReportError(`Not a Trivy JSON report: ${msg}.`);

export function parseTrivyReport(json: unknown): ScanReport {
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json);
    } catch (e) {
      throw fail(`the text is not valid JSON (${(e as Error).message})`);
    }
  }
  if (Array.isArray(json)) throw fail('the top level is an array (SchemaVersion 1 reports are not supported; run Trivy 0.20 or later)');
  if (!isObject(json)) throw fail('expected a JSON object with "SchemaVersion" and "Results"');
  if (json.SchemaVersion !== undefined && json.SchemaVersion !== 2) throw fail(`SchemaVersion is ${JSON.stringify(json.SchemaVersion)}, expected 2`);
  if (json.SchemaVersion === undefined && json.Results === undefined && json.ArtifactName === undefined) {
    throw fail('it has none of "SchemaVersion", "ArtifactName" or "Results"');
  }

  const findings: Finding[] = [];
  const add = (f: Omit<Finding, 'key'>) => findings.push(compact({ ...f, key: findings.length } as Finding));

  objects(json.Results, 'Results', fail).forEach((result, ri) => {
    const target = str(result.Target) ?? '';
    const at = (field: string) => `Results[${ri}].${field}`;

    for (const v of objects(result.Vulnerabilities, at('Vulnerabilities'), fail)) {
      add({
        kind: 'vulnerability',
        id: str(v.VulnerabilityID) ?? '(no id)',
        severity: normalizeSeverity(v.Severity),
        target,
        title: str(v.Title),
        description: str(v.Description),
        references: strings(v.References),
        primaryUrl: str(v.PrimaryURL),
        package: str(v.PkgName) ?? str(v.PkgID),
        installed: str(v.InstalledVersion),
        fixed: str(v.FixedVersion),
        status: str(v.Status),
        cvss: pickCvss(v.CVSS, str(v.SeveritySource)),
        cwe: strings(v.CweIDs),
        published: str(v.PublishedDate),
        layer: isObject(v.Layer) ? str(v.Layer.Digest) ?? str(v.Layer.DiffID) : undefined,
        filePath: str(v.PkgPath),
      });
    }

    for (const m of objects(result.Misconfigurations, at('Misconfigurations'), fail)) {
      const cause = isObject(m.CauseMetadata) ? m.CauseMetadata : {};
      add({
        kind: 'misconfiguration',
        id: str(m.ID) ?? str(m.AVDID) ?? '(no id)',
        severity: normalizeSeverity(m.Severity),
        target,
        title: str(m.Title),
        description: str(m.Description),
        references: strings(m.References),
        primaryUrl: str(m.PrimaryURL),
        status: str(m.Status),
        category: str(m.Type),
        message: str(m.Message),
        resolution: str(m.Resolution),
        resource: str(cause.Resource),
        startLine: num(cause.StartLine),
        endLine: num(cause.EndLine),
        causeLines: causeLines(cause.Code),
        layer: isObject(m.Layer) ? str(m.Layer.Digest) : undefined,
      });
    }

    for (const s of objects(result.Secrets, at('Secrets'), fail)) {
      add({
        kind: 'secret',
        id: str(s.RuleID) ?? '(no id)',
        severity: normalizeSeverity(s.Severity),
        target,
        title: str(s.Title),
        references: [],
        category: str(s.Category),
        match: str(s.Match),
        startLine: num(s.StartLine),
        endLine: num(s.EndLine),
        causeLines: causeLines(s.Code),
        layer: isObject(s.Layer) ? str(s.Layer.Digest) : undefined,
      });
    }

    for (const l of objects(result.Licenses, at('Licenses'), fail)) {
      const name = str(l.Name) ?? '(unknown license)';
      add({
        kind: 'license',
        id: name,
        severity: normalizeSeverity(l.Severity),
        target,
        title: str(l.Category) ? `${name} (${str(l.Category)})` : name,
        references: strings([l.Link]),
        primaryUrl: str(l.Link),
        package: str(l.PkgName),
        license: name,
        category: str(l.Category),
        filePath: str(l.FilePath),
        confidence: num(l.Confidence),
      });
    }
  });

  const meta = isObject(json.Metadata) ? json.Metadata : {};
  const os = isObject(meta.OS) ? [str(meta.OS.Family), str(meta.OS.Name)].filter(Boolean).join(' ') : '';
  const repoDigests = strings(meta.RepoDigests);
  const trivy = isObject(json.Trivy) ? json.Trivy : {};
  return {
    format: 'trivy',
    artifact: compact({
      name: str(json.ArtifactName) ?? '(unnamed artifact)',
      type: str(json.ArtifactType),
      digest: repoDigests[0]?.split('@')[1] ?? str(json.ArtifactID),
      os: os || undefined,
    }),
    scanner: { name: 'Trivy', version: str(trivy.Version) ?? 'unknown' },
    ...(str(json.CreatedAt) ? { time: str(json.CreatedAt) } : {}),
    findings,
  };
}

const CVSS_VERSIONS: [score: string, vector: string, version: string][] = [
  ['V40Score', 'V40Vector', '4'],
  ['V3Score', 'V3Vector', '3'],
  ['V2Score', 'V2Vector', '2'],
];

/**
 * Trivy gives CVSS per vendor. Prefer the vendor whose severity Trivy used (SeveritySource), then NVD, then
 * any; within a vendor the newest CVSS version that has a score.
 */
function pickCvss(raw: unknown, preferred: string | undefined): Cvss | undefined {
  if (!isObject(raw)) return undefined;
  const vendors = [preferred, 'nvd', ...Object.keys(raw)].filter((v): v is string => !!v && isObject(raw[v]));
  for (const vendor of vendors) {
    const c = raw[vendor] as Json;
    for (const [s, vec, version] of CVSS_VERSIONS) {
      const score = num(c[s]);
      if (score !== undefined) return compact({ score, vector: str(c[vec]), source: vendor, version });
    }
  }
  for (const vendor of vendors) {
    const c = raw[vendor] as Json;
    for (const [, vec, version] of CVSS_VERSIONS) {
      if (str(c[vec])) return { vector: str(c[vec]), source: vendor, version };
    }
  }
  return undefined;
}

function causeLines(code: unknown): CauseLine[] | undefined {
  if (!isObject(code) || !Array.isArray(code.Lines)) return undefined;
  const lines = code.Lines.filter(isObject).map((l) => ({
    number: num(l.Number) ?? 0,
    content: typeof l.Content === 'string' ? l.Content : '',
    isCause: l.IsCause === true,
  }));
  return lines.length ? lines : undefined;
}
