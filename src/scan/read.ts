// Tolerant readers for untyped JSON: a report from disk or a server may miss any field or carry a wrong type;
// these return undefined instead of throwing, so unknown or odd fields never crash parsing.

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(str).filter((s): s is string => s !== undefined) : [];
}

/** An array field, or [] when absent/null; throws with a path when present but not an array of objects. */
export function objects(v: unknown, path: string, fail: (msg: string) => Error): Json[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw fail(`${path} should be an array`);
  return v.map((item, i) => {
    if (!isObject(item)) throw fail(`${path}[${i}] should be an object`);
    return item;
  });
}

/** Drops undefined values so the model serialises compactly and compares cleanly in tests. */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
