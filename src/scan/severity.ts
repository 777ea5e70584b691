import { SEVERITIES, type Severity } from './model';

/** Sort rank: CRITICAL 0 … UNKNOWN 4 (Trivy's order, aquasecurity/trivy-db pkg/types/types.go: CRITICAL > HIGH > MEDIUM > LOW > UNKNOWN). */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/**
 * Maps any scanner's severity word to the model's five levels.
 * Trivy already uses the five upper-case names. Harbor (scanner-adapter-openapi-v1.1 `Severity`) adds two:
 * - `Negligible` ("technically a security problem, but only theoretical") → LOW, the lowest real level,
 *   so it still counts as a finding and sorts below every Low one of equal CVSS;
 * - `None` (Harbor's overall severity when nothing was found; not expected on an item) → UNKNOWN,
 *   as is `Unknown` and anything unrecognised, so no finding is ever dropped or ranked too high.
 */
export function normalizeSeverity(value: unknown): Severity {
  if (typeof value === 'number') {
    // Trivy VendorSeverity ints: 0 UNKNOWN, 1 LOW, 2 MEDIUM, 3 HIGH, 4 CRITICAL
    return (['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const)[value] ?? 'UNKNOWN';
  }
  if (typeof value !== 'string') return 'UNKNOWN';
  const v = value.trim().toUpperCase();
  if (v === 'NEGLIGIBLE') return 'LOW';
  return (SEVERITIES as readonly string[]).includes(v) ? (v as Severity) : 'UNKNOWN';
}
