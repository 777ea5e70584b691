// The SBOM's packages as CSV (RFC 4180, with the scan exporter's cell quoting, which also defuses spreadsheet
// formulas in names that start with =, +, - or @).
import { csvCell } from '../scan/exporters';
import type { SbomPackage } from './model';

export function packagesToCSV(packages: readonly SbomPackage[]): string {
  const rows = [['name', 'version', 'licenses', 'type', 'purl', 'group', 'supplier']];
  for (const p of packages) rows.push([p.name, p.version ?? '', p.licenses.join(' AND '), p.type ?? '', p.purl ?? '', p.group ?? '', p.supplier ?? '']);
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
