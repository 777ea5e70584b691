// A small, strict argv parser: the CLI's flags are few and fixed, and an unknown flag must be a usage
// error (exit 2) rather than a silently ignored typo (a typo in `prune --keep-lats` would delete more).
import { UsageError } from './errors';

export interface FlagSpec { name: string; alias?: string; value: boolean; repeatable?: boolean }

export interface ParsedArgs {
  command?: string;
  positionals: string[];
  flags: Map<string, string[]>;   // value flags: their values; boolean flags: ['true']
}

export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map<string, FlagSpec>();
  for (const s of specs) {
    byName.set(`--${s.name}`, s);
    if (s.alias) byName.set(`-${s.alias}`, s);
  }
  const out: ParsedArgs = { positionals: [], flags: new Map() };
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (onlyPositionals || a === '-' || !a.startsWith('-')) {
      if (out.command === undefined) out.command = a;
      else out.positionals.push(a);
      continue;
    }
    if (a === '--') { onlyPositionals = true; continue; }
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const key = eq > 0 ? a.slice(0, eq) : a;
    const spec = byName.get(key);
    if (!spec) throw new UsageError(`unknown option ${key}`);
    let value = 'true';
    if (spec.value) {
      if (eq > 0) value = a.slice(eq + 1);
      else {
        const next = argv[i + 1];
        if (next === undefined) throw new UsageError(`option --${spec.name} needs a value`);
        value = next;
        i++;
      }
    } else if (eq > 0) {
      throw new UsageError(`option --${spec.name} takes no value`);
    }
    const list = out.flags.get(spec.name) ?? [];
    if (list.length > 0 && !spec.repeatable) throw new UsageError(`option --${spec.name} given more than once`);
    list.push(value);
    out.flags.set(spec.name, list);
  }
  return out;
}

export function flag(a: ParsedArgs, name: string): boolean {
  return a.flags.has(name);
}

export function str(a: ParsedArgs, name: string): string | undefined {
  return a.flags.get(name)?.[0];
}

export function strs(a: ParsedArgs, name: string): string[] {
  return a.flags.get(name) ?? [];
}

/** A non-negative integer option, or undefined when absent. */
export function int(a: ParsedArgs, name: string): number | undefined {
  const v = str(a, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new UsageError(`option --${name} needs a whole number, not ${JSON.stringify(v)}`);
  return Number(v);
}

/** A non-negative number option (may have a fraction), or undefined when absent. */
export function num(a: ParsedArgs, name: string): number | undefined {
  const v = str(a, name);
  if (v === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(v)) throw new UsageError(`option --${name} needs a non-negative number, not ${JSON.stringify(v)}`);
  return Number(v);
}
