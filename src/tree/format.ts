/** Pure formatting and sorting helpers for tree rows (no 'vscode': unit-tested in plain Node). */
import { printable } from '../registry/printable';

/** The parts of a vscode.TreeItem shown as text (structurally; MarkdownString's `value` is writable). */
export interface ShownItem {
  label?: string | { label: string; highlights?: [number, number][] };
  description?: string | boolean;
  tooltip?: string | { value: string };
}

/**
 * A tree row as it may be shown: label, description and tooltip through printable(), since repository and
 * tag names, error messages and descriptions are whatever the registry sent. A Markdown tooltip keeps its
 * own line breaks (its structure); highlights of a label that had to change no longer fit and are dropped.
 * Mutates and returns `item`.
 */
export function printableItem<T extends ShownItem>(item: T): T {
  const label = item.label;
  if (typeof label === 'string') item.label = printable(label);
  else if (label) {
    const shown = printable(label.label);
    if (shown !== label.label) item.label = { label: shown };
  }
  if (typeof item.description === 'string') item.description = printable(item.description);
  const tip = item.tooltip;
  if (typeof tip === 'string') item.tooltip = printable(tip);
  else if (tip) tip.value = printable(tip.value, '\n');
  return item;
}

/** "sha256:0123456789ab…" → "0123456789ab" (12 hex chars, as `docker images` shows). */
export function shortDigest(digest: string | undefined): string {
  if (!digest) return '';
  const i = digest.indexOf(':');
  return digest.slice(i + 1, i + 13);
}

/** Bytes in binary units, one decimal from KiB up. */
export function formatSize(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return u === 0 ? `${v} B` : `${v.toFixed(1)} ${units[u]}`;
}

export interface RelativeTimeWords {
  justNow: string;
  ago: (n: number, unit: 'minute' | 'hour' | 'day' | 'month' | 'year') => string;
}

const defaultWords: RelativeTimeWords = {
  justNow: 'just now',
  ago: (n, unit) => `${n} ${unit}${n === 1 ? '' : 's'} ago`,
};

/** "3 days ago"; `undefined` for a missing or unparsable date. Future dates (clock skew) read "just now". */
export function relativeTime(iso: string | undefined, now: number = Date.now(), words: RelativeTimeWords = defaultWords): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  const s = Math.floor((now - t) / 1000);
  if (s < 60) return words.justNow;
  const m = Math.floor(s / 60);
  if (m < 60) return words.ago(m, 'minute');
  const h = Math.floor(m / 60);
  if (h < 24) return words.ago(h, 'hour');
  const d = Math.floor(h / 24);
  if (d < 30) return words.ago(d, 'day');
  const mo = Math.floor(d / 30);
  if (mo < 12) return words.ago(mo, 'month');
  return words.ago(Math.floor(d / 365), 'year');
}

/** Exact time for tooltips: ISO 8601 in UTC without milliseconds. */
export function exactTime(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

interface ParsedVersion { nums: number[]; pre: string[] | undefined; rest: string }

/**
 * Loose semver for tags: optional "v", 1–4 numeric parts, optional "-prerelease", optional "+build"
 * ignored (semver.org §10), and any suffix after a non-semver character kept as `rest` (e.g. "3.19-alpine"
 * parses as 3.19 with prerelease "alpine": tags commonly use '-' for variants).
 */
function parseVersion(tag: string): ParsedVersion | undefined {
  const m = /^v?(\d+(?:\.\d+){0,3})(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(tag);
  if (!m) return undefined;
  return { nums: m[1].split('.').map(Number), pre: m[2]?.split('.'), rest: '' };
}

function comparePre(a: string[] | undefined, b: string[] | undefined): number {
  // semver.org §11: a version without prerelease ranks above one with it.
  if (!a && !b) return 0;
  if (!a) return 1;
  if (!b) return -1;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === undefined) return -1;
    if (b[i] === undefined) return 1;
    const an = /^\d+$/.test(a[i]);
    const bn = /^\d+$/.test(b[i]);
    if (an && bn) { const d = Number(a[i]) - Number(b[i]); if (d) return d; continue; }
    if (an !== bn) return an ? -1 : 1;
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

/** Ascending semver comparison; non-version tags sort after versions, by name. */
export function compareSemver(a: string, b: string): number {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (!va && !vb) return a < b ? -1 : a > b ? 1 : 0;
  if (!va) return 1;
  if (!vb) return -1;
  for (let i = 0; i < Math.max(va.nums.length, vb.nums.length); i++) {
    const d = (va.nums[i] ?? 0) - (vb.nums[i] ?? 0);
    if (d) return d;
  }
  const p = comparePre(va.pre, vb.pre);
  if (p) return p;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Display order of two tag names: "latest" first, then versions newest first, then other tags by name. */
export function compareTagsForDisplay(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'latest') return -1;
  if (b === 'latest') return 1;
  const va = parseVersion(a) !== undefined;
  const vb = parseVersion(b) !== undefined;
  if (va && vb) return compareSemver(b, a);
  if (va !== vb) return va ? -1 : 1;
  return a < b ? -1 : 1;
}

/**
 * Order for display: "latest" first, then versions newest first, then other tags by name.
 * Returns a new array.
 */
export function sortTagsSemver(tags: readonly string[]): string[] {
  return [...tags].sort(compareTagsForDisplay);
}

/** sortTagsSemver over any rows; rows without a name (untagged artifacts) go last, in their given order. */
export function sortBySemver<T>(items: readonly T[], name: (t: T) => string | undefined): T[] {
  return [...items].sort((x, y) => {
    const a = name(x);
    const b = name(y);
    if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
    return compareTagsForDisplay(a, b);
  });
}

/** By name (code-point order, as registries list them); rows without a name last. */
export function sortByName<T>(items: readonly T[], name: (t: T) => string | undefined): T[] {
  return [...items].sort((x, y) => {
    const a = name(x);
    const b = name(y);
    if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

/** Newest first; items without a date go last, by name. */
export function sortByDate<T>(items: readonly T[], date: (t: T) => string | undefined, name: (t: T) => string): T[] {
  return [...items].sort((a, b) => {
    const da = Date.parse(date(a) ?? '');
    const db = Date.parse(date(b) ?? '');
    const ha = !Number.isNaN(da);
    const hb = !Number.isNaN(db);
    if (ha && hb && da !== db) return db - da;
    if (ha !== hb) return ha ? -1 : 1;
    return name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0;
  });
}

/** Case-insensitive substring filter over names; an empty filter keeps everything. */
export function matchesFilter(name: string, filter: string | undefined): boolean {
  if (!filter) return true;
  return name.toLowerCase().includes(filter.toLowerCase());
}

export { platformString as platformLabel } from '../registry/platform';

export { Limiter } from '../registry/limiter';
