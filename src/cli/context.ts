// What every command receives: its parsed arguments, the registry session and the output sinks.
import { parseReference, type Reference } from '../registry';
import type { ParsedArgs } from './args';
import { UsageError } from './errors';
import type { Session } from './session';

export interface CommandContext {
  args: ParsedArgs;
  session: Session;
  /** One line to stdout (the command's result; stable for scripts); fields are joined with tabs. Shown through printable(). */
  out(line: string | readonly string[]): void;
  /** One line to stderr (notes, plans, warnings). Shown through printable(). */
  note(line: string): void;
  json: boolean;
  signal: AbortSignal;
  /** The CLI's environment (for programs it runs, such as Trivy). */
  env: NodeJS.ProcessEnv;
}

/** A command's exit code, when it decides one itself (`regx scan`'s gate); otherwise 0. */
export type Command = (ctx: CommandContext) => Promise<void | number>;

/** The positional arguments, exactly `names.length` of them. */
export function positionals(ctx: CommandContext, names: string[]): string[] {
  const p = ctx.args.positionals;
  if (p.length < names.length) throw new UsageError(`missing ${names.slice(p.length).join(' ')}`);
  if (p.length > names.length) throw new UsageError(`unexpected argument ${JSON.stringify(p[names.length])}`);
  return p;
}

/** A reference typed by the user. Registry references need an explicit host, so "alpine" means docker.io/library/alpine. */
export function reference(input: string): Reference {
  return parseReference(input);
}

/** A repository argument: a reference without tag or digest. */
export function repositoryRef(input: string): Reference {
  const r = parseReference(input);
  if (r.tag !== undefined || r.digest !== undefined) throw new UsageError(`expected a repository without tag or digest, got ${JSON.stringify(input)}`);
  return r;
}

/** A registry argument: host[:port] (a trailing slash or https:// prefix is tolerated). */
export function registryArg(input: string): string {
  const host = input.replace(/^https?:\/\//i, '').replace(/\/+$/, '');
  if (!host || host.includes('/') || /\s/.test(host)) throw new UsageError(`expected a registry host[:port], got ${JSON.stringify(input)}`);
  return host;
}

