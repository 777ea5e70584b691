// A scan by Harbor's own scanner (Trivy, Clair, … as the project's scanner registration says), and the CVE
// allowlist Harbor applies to it: the extension and `regx scan --scanner harbor` both go through here.
// Harbor API v2.0 swagger: POST …/artifacts/{reference}/scan, the scan_overview of GET …/artifacts/{reference},
// GET …/additions/vulnerabilities; GET /projects/{name} (`cve_allowlist`, `metadata.reuse_sys_cve_allowlist`)
// and GET /system/CVEAllowlist.
import type { HarborClient, HarborScanSummary } from '../registry/index';
import { harborAllowlistRules, type IgnoreRule } from './ignore';
import type { ScanReport } from './model';
import { parseHarborReport } from './parseHarborReport';

export interface HarborScanOptions {
  /** Start a scan first (else read the last report). */
  trigger: boolean;
  signal?: AbortSignal;
  onStatus?: (s: HarborScanSummary | undefined) => void;
}

/** Harbor's report of one artifact, or undefined when Harbor has none. Throws when Harbor ends the scan with another status than Success. */
export async function harborScanReport(h: HarborClient, project: string, repository: string, reference: string, o: HarborScanOptions): Promise<ScanReport | undefined> {
  if (o.trigger) {
    await h.scan(project, repository, reference, { signal: o.signal });
    const done = await h.waitForScan(project, repository, reference, { signal: o.signal, onStatus: o.onStatus });
    if (done.scan_status !== 'Success') throw new Error(`Harbor ended the scan of ${project}/${repository}@${reference} with status ${done.scan_status}; see the scan log in Harbor.`);
  }
  const raw = await h.vulnerabilityReport(project, repository, reference, { signal: o.signal });
  if (raw && typeof raw === 'object' && Object.keys(raw).length === 0) return undefined;
  return parseHarborReport(raw);
}

/**
 * The allowlist Harbor itself applies to a project's artifacts: the system list when the project says
 * `reuse_sys_cve_allowlist: "true"`, else the project's own (Harbor src/controller/scan: the allowlist of the
 * project's metadata, the system one on reuse).
 */
export async function harborAllowlist(h: HarborClient, project: string, signal?: AbortSignal): Promise<IgnoreRule[]> {
  const p = await h.project(project, { signal });
  if (p.metadata?.reuse_sys_cve_allowlist === 'true') {
    return harborAllowlistRules(await h.systemCveAllowlist({ signal }), 'Harbor system CVE allowlist');
  }
  return harborAllowlistRules(p.cve_allowlist, `Harbor CVE allowlist of project ${project}`);
}
