// Accepted risks: `.trivyignore` lines and Harbor CVE allowlists mark findings as ignored. Nothing is dropped:
// an ignored finding stays in the report with the rule that covers it, and the summary, the badge and the
// gate (gate.ts) leave it out, so the report still says what was accepted and why.
import type { Finding, IgnoreReason, IgnoreSource, ScanReport } from './model';

/** One accepted risk: a finding id (CVE, GHSA, misconfiguration or secret rule id) and where the rule is written. */
export interface IgnoreRule {
  id: string;
  source: IgnoreSource;
  /** ".trivyignore:3", "Harbor CVE allowlist of project library", … */
  rule: string;
  /** YYYY-MM-DD or RFC 3339; after it the rule no longer applies. */
  expires?: string;
  note?: string;
}

/**
 * Trivy's ignore file (docs "Filtering" › "By Finding IDs"; aquasecurity/trivy pkg/result/ignore.go): one id per
 * line, `#` starts a comment line, blank lines are skipped, and an optional `exp:YYYY-MM-DD` after the id ends
 * the rule on that date. The comment lines just above an id are kept as its note.
 */
export function parseTrivyIgnore(text: string, file = '.trivyignore'): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  let comment: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') { comment = []; return; }
    if (line.startsWith('#')) { comment.push(line.replace(/^#+\s*/, '')); return; }
    const [id, ...rest] = line.split(/\s+/);
    const exp = rest.find((f) => f.startsWith('exp:'))?.slice(4);
    rules.push({ id: id as string, source: 'trivyignore', rule: `${file}:${i + 1}`, ...(exp ? { expires: exp } : {}), ...(comment.length ? { note: comment.join(' ') } : {}) });
    comment = [];
  });
  return rules;
}

/** Harbor's `CVEAllowlist` (Harbor API v2.0 swagger, definitions.CVEAllowlist): `items[].cve_id`, `expires_at` in epoch seconds for the whole list. */
export interface HarborAllowlist {
  project_id?: number;
  expires_at?: number | null;
  items?: Array<{ cve_id?: string }> | null;
}

export function harborAllowlistRules(list: HarborAllowlist | undefined, where: string): IgnoreRule[] {
  const expires = typeof list?.expires_at === 'number' && list.expires_at > 0 ? new Date(list.expires_at * 1000).toISOString() : undefined;
  return (list?.items ?? [])
    .map((i) => i.cve_id?.trim())
    .filter((id): id is string => !!id)
    .map((id) => ({ id, source: 'harbor-allowlist' as const, rule: where, ...(expires ? { expires } : {}) }));
}

/** True once the rule's expiry has passed (a bare date lasts until the end of that day, UTC). */
export function isExpired(rule: Pick<IgnoreRule, 'expires'>, now: Date): boolean {
  if (!rule.expires) return false;
  const end = /^\d{4}-\d{2}-\d{2}$/.test(rule.expires) ? Date.parse(`${rule.expires}T23:59:59.999Z`) : Date.parse(rule.expires);
  // An expiry that does not parse is treated as expired: a typo must not accept a risk forever.
  return Number.isNaN(end) || end < now.getTime();
}

export interface IgnoreOutcome {
  report: ScanReport;
  /** Rules that matched nothing because they expired (worth telling: the risk is back). */
  expired: IgnoreRule[];
}

/** A rule names a finding by its exact id (the model keeps one id per finding: a misconfiguration's ID, else its AVDID). */
function matches(rule: IgnoreRule, f: Finding): boolean {
  return rule.id === f.id;
}

/**
 * Marks the findings the rules cover. The first rule that applies wins; findings already ignored (by the
 * scanner itself, by VEX) keep their reason. `ignoreUnfixed` marks vulnerabilities without a fixed version
 * (Trivy's --ignore-unfixed) the same way.
 */
export function applyIgnores(report: ScanReport, rules: readonly IgnoreRule[], opts: { ignoreUnfixed?: boolean; now?: Date } = {}): IgnoreOutcome {
  const now = opts.now ?? new Date();
  const live = rules.filter((r) => !isExpired(r, now));
  const expired = rules.filter((r) => isExpired(r, now) && report.findings.some((f) => matches(r, f)));
  const findings = report.findings.map((f) => {
    if (f.ignored) return f;
    const rule = live.find((r) => matches(r, f));
    if (rule) return { ...f, ignored: reason(rule) };
    if (opts.ignoreUnfixed && f.kind === 'vulnerability' && !(f.fixed && f.fixed.trim())) return { ...f, ignored: { source: 'unfixed' as const, rule: '--ignore-unfixed' } };
    return f;
  });
  return { report: { ...report, findings }, expired };
}

function reason(r: IgnoreRule): IgnoreReason {
  return { source: r.source, rule: r.rule, ...(r.expires ? { expires: r.expires } : {}), ...(r.note ? { note: r.note } : {}) };
}

/** "ignored by .trivyignore:3 (until 2027-01-01)" */
export function describeIgnore(r: IgnoreReason): string {
  return `${r.rule}${r.expires ? ` (until ${r.expires.slice(0, 10)})` : ''}${r.note ? `: ${r.note}` : ''}`;
}
