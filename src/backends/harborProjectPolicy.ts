/**
 * A Harbor project's vulnerability settings: ProjectMetadata auto_scan, prevent_vul + severity,
 * reuse_sys_cve_allowlist, enable_content_trust(_cosign) (strings "true"/"false"), the project's cve_allowlist,
 * and the system allowlist (/system/CVEAllowlist).
 */
import { RegistryError, type CallOptions, type HarborCveAllowlist, type HarborPolicyApi, type HarborProjectMetadata } from '../registry/index';
import { BLOCK_SEVERITIES, type BlockSeverity, type CveAllowlist, type ProjectPolicyFacet, type VulnerabilitySettings, type VulnerabilitySettingsChange } from './policyFacets';

/** CVE ids as Harbor's allowlist validator accepts them (src/pkg/allowlist/validator.go: non-empty, no spaces). */
export const CVE_ID = /^[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9][A-Za-z0-9.:_-]*$/;

const flag = (v: string | null | undefined): boolean | undefined => (v === 'true' ? true : v === 'false' ? false : undefined);
const str = (b: boolean): string => (b ? 'true' : 'false');

export function fromHarborAllowlist(a: HarborCveAllowlist | undefined): CveAllowlist {
  const cves = (a?.items ?? []).map((i) => i?.cve_id).filter((c): c is string => typeof c === 'string' && c.length > 0);
  return { cves, expiresAt: typeof a?.expires_at === 'number' && a.expires_at > 0 ? a.expires_at : undefined };
}

function toHarborAllowlist(l: CveAllowlist): HarborCveAllowlist {
  const bad = l.cves.find((c) => !CVE_ID.test(c));
  if (bad !== undefined) throw new RegistryError(`not a CVE id: ${JSON.stringify(bad)} (expected e.g. CVE-2024-1234)`, { code: 'CVE_INVALID' });
  return { items: [...new Set(l.cves)].map((cve_id) => ({ cve_id })), expires_at: l.expiresAt ?? null };
}

export function fromHarborMetadata(m: HarborProjectMetadata | undefined, allowlist: HarborCveAllowlist | undefined): VulnerabilitySettings {
  const md = m ?? {};
  const sev = (md.severity ?? '').toLowerCase();
  return {
    scanOnPush: flag(md.auto_scan) ?? false,
    preventSeverity: flag(md.prevent_vul) && (BLOCK_SEVERITIES as readonly string[]).includes(sev) ? sev as BlockSeverity : undefined,
    reuseSystemAllowlist: flag(md.reuse_sys_cve_allowlist) ?? true,
    allowlist: fromHarborAllowlist(allowlist),
    contentTrust: flag(md.enable_content_trust),
    contentTrustCosign: flag(md.enable_content_trust_cosign),
  };
}

export class HarborProjectPolicy implements ProjectPolicyFacet {
  constructor(private readonly api: HarborPolicyApi) {}

  async vulnerabilitySettings(project: string, opts: CallOptions = {}): Promise<VulnerabilitySettings> {
    const p = await this.api.project(project, opts);
    return fromHarborMetadata(p.metadata, p.cve_allowlist);
  }

  async updateVulnerabilitySettings(project: string, c: VulnerabilitySettingsChange, opts: CallOptions = {}): Promise<void> {
    const metadata: HarborProjectMetadata = {};
    if (c.scanOnPush !== undefined) metadata.auto_scan = str(c.scanOnPush);
    if (c.preventSeverity !== undefined) {
      metadata.prevent_vul = str(c.preventSeverity !== null);
      if (c.preventSeverity !== null) metadata.severity = c.preventSeverity;
    }
    if (c.reuseSystemAllowlist !== undefined) metadata.reuse_sys_cve_allowlist = str(c.reuseSystemAllowlist);
    if (c.contentTrust !== undefined) metadata.enable_content_trust = str(c.contentTrust);
    if (c.contentTrustCosign !== undefined) metadata.enable_content_trust_cosign = str(c.contentTrustCosign);
    await this.api.updateProject(project, {
      ...(Object.keys(metadata).length ? { metadata } : {}),
      ...(c.allowlist ? { cve_allowlist: toHarborAllowlist(c.allowlist) } : {}),
    }, opts);
  }

  async systemAllowlist(opts: CallOptions = {}): Promise<CveAllowlist> {
    return fromHarborAllowlist(await this.api.systemAllowlist(opts));
  }

  setSystemAllowlist(list: CveAllowlist, opts: CallOptions = {}): Promise<void> {
    return this.api.setSystemAllowlist({ ...toHarborAllowlist(list), project_id: 0 }, opts);
  }
}
