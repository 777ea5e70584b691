import { ScanReportError, type ScanReport } from './model';
import { isObject } from './read';
import { parseHarborReport } from './parseHarborReport';
import { parseTrivyReport } from './parseTrivyReport';

/**
 * Reads a report file of either kind (for "Open as Scan Report" on a workspace *.json): Trivy reports have
 * PascalCase `SchemaVersion`/`Results`; Harbor's have lowercase `vulnerabilities` or a MIME-type key.
 */
export function parseReportFile(text: string): ScanReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ScanReportError(`The file is not valid JSON (${(e as Error).message}).`);
  }
  if (isObject(json) && ('SchemaVersion' in json || 'Results' in json || 'ArtifactName' in json)) return parseTrivyReport(json);
  if (isObject(json) && ('vulnerabilities' in json || Object.keys(json).some((k) => k.startsWith('application/')))) return parseHarborReport(json);
  throw new ScanReportError('The file is neither a Trivy JSON report (trivy --format json) nor a Harbor vulnerability report.');
}
