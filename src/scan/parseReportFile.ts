import { ScanReportError, type ScanReport } from './model';
import { isObject } from './read';
import { parseHarborReport } from './parseHarborReport';
import { parseTrivyReport } from './parseTrivyReport';
import { isGrypeReport, parseGrypeReport } from './parseGrypeReport';
import { isSarifLog, parseSarifReport } from './parseSarifReport';
import { isCycloneDx, parseCycloneDxReport } from './parseCycloneDxReport';

/**
 * Reads a report file of any kind the report view shows ("Open as Scan Report"): Trivy JSON (PascalCase
 * `SchemaVersion`/`Results`), Harbor's report (lowercase `vulnerabilities` or a MIME-type key), Grype JSON
 * (`matches` + `descriptor`), SARIF 2.1.0 (`runs`) and CycloneDX (`bomFormat`). The checks go from the most
 * specific marker to the least: a CycloneDX document also has `vulnerabilities`.
 */
export function parseReportFile(text: string): ScanReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ScanReportError(`The file is not valid JSON (${(e as Error).message}).`);
  }
  if (isObject(json) && ('SchemaVersion' in json || 'Results' in json || 'ArtifactName' in json)) return parseTrivyReport(json);
  if (isCycloneDx(json)) return parseCycloneDxReport(json);
  if (isSarifLog(json)) return parseSarifReport(json);
  if (isGrypeReport(json)) return parseGrypeReport(json);
  if (isObject(json) && ('vulnerabilities' in json || Object.keys(json).some((k) => k.startsWith('application/')))) return parseHarborReport(json);
  throw new ScanReportError('The file is not a scan report this view reads: Trivy JSON, a Harbor vulnerability report, Grype JSON, SARIF 2.1.0 or CycloneDX with vulnerabilities.');
}
