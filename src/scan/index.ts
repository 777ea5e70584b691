// Public surface of src/scan (plain Node, no 'vscode').
export * from './model';
export { normalizeSeverity, severityRank } from './severity';
export { parseTrivyReport } from './parseTrivyReport';
export { parseHarborReport, HARBOR_REPORT_MIME_TYPES } from './parseHarborReport';
export { parseReportFile } from './parseReportFile';
export * from './summary';
export { toJSON, toCSV, toSARIF, csvCell, sarifLevel, type ExportFormat } from './exporters';
export { ScanError, type ScanErrorCode } from './errors';
export * from './runTrivy';
export * from './badge';
export { parseGrypeReport } from './parseGrypeReport';
export { parseSarifReport } from './parseSarifReport';
export { parseCycloneDxReport } from './parseCycloneDxReport';
export * from './ignore';
export * from './gate';
export * from './harborScan';
export { readTrivyIgnore } from './ignoreFile';
