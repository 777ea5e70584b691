// Retention rules saved per repository pattern (the `registryExplorer.retention.rules` setting):
// [{ repository: "team/*", keepLast: 10, keepDays: 30, protect: ["semver", "latest"] }]. A glob's `*` matches
// within one path segment, `**` across segments (as the repository patterns of Harbor's retention rules).
import { parseTagPattern } from './tagPatterns';
import type { RetentionRules } from './planRetention';

export interface SavedRetentionRule {
  repository: string;
  keepLast?: number;
  keepDays?: number;
  protect?: string[];
}

const escape = (s: string) => s.replace(/[.+^${}()|[\]\\]/g, '\\$&');

export function repositoryGlob(glob: string): RegExp {
  const re = escape(glob).replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replace(/\u0000/g, '.*');
  return new RegExp(`^${re}$`);
}

const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);

/** The well-formed entries of the setting (others are skipped: a typo must not turn into "delete everything"). */
export function validRules(raw: unknown): SavedRetentionRule[] {
  if (!Array.isArray(raw)) return [];
  const out: SavedRetentionRule[] = [];
  for (const r of raw as unknown[]) {
    if (!r || typeof r !== 'object') continue;
    const o = r as Record<string, unknown>;
    if (typeof o.repository !== 'string' || !o.repository) continue;
    const keepLast = count(o.keepLast);
    const keepDays = count(o.keepDays);
    if (keepLast === undefined && keepDays === undefined) continue;
    const protect = Array.isArray(o.protect) ? o.protect.filter((p): p is string => typeof p === 'string' && p.length > 0) : undefined;
    out.push({ repository: o.repository, ...(keepLast !== undefined ? { keepLast } : {}), ...(keepDays !== undefined ? { keepDays } : {}), ...(protect ? { protect } : {}) });
  }
  return out;
}

/** The first saved rule whose pattern matches the repository. */
export function savedRuleFor(rules: readonly SavedRetentionRule[], repository: string): SavedRetentionRule | undefined {
  return rules.find((r) => repositoryGlob(r.repository).test(repository));
}

/** A saved (or entered) rule as planner rules; throws on a pattern that does not compile. */
export function toRetentionRules(r: Omit<SavedRetentionRule, 'repository'>, now: number): RetentionRules {
  return { keepLast: r.keepLast, keepDays: r.keepDays, protect: (r.protect ?? []).map(parseTagPattern), now };
}
