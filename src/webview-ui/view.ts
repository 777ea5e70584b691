// The table's pure logic: filter, sort and group findings into the flat row list the virtual list draws.
// No DOM here, so it is unit-tested in Node (test/unit/scan/reportView.test.ts).
import type { Finding } from '../scan/model';
import { SEVERITIES } from '../scan/model';
import { isFixable } from '../scan/summary';
import { severityRank } from '../scan/severity';
import type { PageState } from '../webview/protocol';

export type Row =
  | { type: 'group'; id: string; label: string; count: number; collapsed: boolean; worst: Finding['severity'] }
  | { type: 'finding'; finding: Finding; grouped: boolean };

export function defaultState(): PageState {
  return { severities: [...SEVERITIES], kind: 'all', fixableOnly: false, pkg: '', text: '', sort: 'severity', group: 'none', collapsed: [], scrollTop: 0 };
}

/** Lower-cased text each finding is searched in, built once per report. */
export function searchIndex(findings: readonly Finding[]): string[] {
  return findings.map((f) =>
    [f.id, f.package, f.title, f.target, f.installed, f.fixed, f.description, f.message, f.category, f.license, f.filePath, ...(f.cwe ?? [])]
      .filter(Boolean)
      .join('\n')
      .toLowerCase(),
  );
}

export function filterFindings(findings: readonly Finding[], index: readonly string[], s: PageState): Finding[] {
  const sev = new Set(s.severities);
  const pkg = s.pkg.trim().toLowerCase();
  const words = s.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const out: Finding[] = [];
  for (const f of findings) {
    if (!sev.has(f.severity)) continue;
    if (s.kind !== 'all' && f.kind !== s.kind) continue;
    if (s.fixableOnly && !isFixable(f)) continue;
    if (pkg && !(f.package ?? '').toLowerCase().includes(pkg)) continue;
    if (words.length) {
      const hay = index[f.key];
      if (!words.every((w) => hay.includes(w))) continue;
    }
    out.push(f);
  }
  return out;
}

const cmpText = (a = '', b = '') => (a < b ? -1 : a > b ? 1 : 0);

export function compareFindings(sort: PageState['sort']): (a: Finding, b: Finding) => number {
  const bySeverity = (a: Finding, b: Finding) => severityRank(a.severity) - severityRank(b.severity);
  const byCvss = (a: Finding, b: Finding) => (b.cvss?.score ?? -1) - (a.cvss?.score ?? -1);
  // Findings without a package (misconfigurations, secrets) sort after every package.
  const byPackage = (a: Finding, b: Finding) => (a.package === undefined ? (b.package === undefined ? 0 : 1) : b.package === undefined ? -1 : cmpText(a.package.toLowerCase(), b.package.toLowerCase()));
  const byId = (a: Finding, b: Finding) => cmpText(a.id, b.id);
  const chain = {
    severity: [bySeverity, byCvss, byId, byPackage],
    cvss: [byCvss, bySeverity, byId, byPackage],
    package: [byPackage, bySeverity, byCvss, byId],
    id: [byId, byPackage],
  }[sort];
  return (a, b) => {
    for (const c of chain) {
      const r = c(a, b);
      if (r !== 0) return r;
    }
    return a.key - b.key; // stable for equal findings
  };
}

export function buildRows(findings: readonly Finding[], index: readonly string[], s: PageState): { rows: Row[]; matched: number } {
  const list = filterFindings(findings, index, s).sort(compareFindings(s.sort));
  if (s.group === 'none') return { rows: list.map((finding) => ({ type: 'finding', finding, grouped: false })), matched: list.length };
  const groups = new Map<string, Finding[]>();
  for (const f of list) {
    const k = (s.group === 'package' ? f.package : f.target) ?? '';
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(f);
  }
  const collapsed = new Set(s.collapsed);
  // Groups ordered by their worst finding, then size, then name: the worst problems come first.
  const ordered = [...groups.entries()].map(([label, items]) => ({ label, items, worst: items.reduce((w, f) => Math.min(w, severityRank(f.severity)), 9) }));
  ordered.sort((a, b) => a.worst - b.worst || b.items.length - a.items.length || cmpText(a.label, b.label));
  const rows: Row[] = [];
  for (const g of ordered) {
    const id = `${s.group}:${g.label}`;
    const isCollapsed = collapsed.has(id);
    rows.push({ type: 'group', id, label: g.label || '(none)', count: g.items.length, collapsed: isCollapsed, worst: SEVERITIES[g.worst] });
    if (!isCollapsed) for (const finding of g.items) rows.push({ type: 'finding', finding, grouped: true });
  }
  return { rows, matched: list.length };
}
