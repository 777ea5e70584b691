// `regx scan --diff A B [--format table|json] [--fail-on SEVERITY]`: the scan comparison of the extension's
// "Compare Scan Results…" in a terminal. Each side is a report file (Trivy or Harbor JSON) or an image
// reference scanned by a local Trivy (REGX_TRIVY_PATH, default "trivy" on PATH; credentials from
// REGX_USERNAME/REGX_PASSWORD through Trivy's environment only, else Trivy's own Docker config lookup).
// With --fail-on, exits 1 when the second side has new findings at that severity or worse: the gate before
// promoting a release.
import { readFile, stat } from 'node:fs/promises';
import { str } from '../args';
import { positionals, reference, type CommandContext } from '../context';
import { CliError, EXIT, UsageError } from '../errors';
import { diffReports, newAtOrAbove, severityLine, type ScanDiff } from '../../scan/diff';
import { SEVERITIES, type Finding, type ScanReport, type Severity } from '../../scan/model';
import { parseReportFile } from '../../scan/parseReportFile';
import { runTrivy } from '../../scan/runTrivy';

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

async function load(ctx: CommandContext, input: string): Promise<ScanReport> {
  if (await isFile(input)) return parseReportFile(await readFile(input, 'utf8'));
  const ref = reference(input).withDefaultTag();
  const env = ctx.env ?? process.env;
  const password = env.REGX_PASSWORD;
  ctx.note(`regx: scanning ${ref.toString()} with Trivy`);
  return runTrivy({
    trivyPath: env.REGX_TRIVY_PATH,
    ref: ref.toString(),
    credentials: password ? { username: env.REGX_USERNAME ?? '', password } : undefined,
    insecure: ctx.args.flags.has('insecure'),
    caFile: str(ctx.args, 'ca-file'),
    env,
    signal: ctx.signal,
  });
}

function severityArg(v: string | undefined): Severity | undefined {
  if (v === undefined) return undefined;
  const s = v.toUpperCase();
  if (!(SEVERITIES as readonly string[]).includes(s)) throw new UsageError(`--fail-on takes one of ${SEVERITIES.join(', ')}, not ${JSON.stringify(v)}`);
  return s as Severity;
}

const line = (f: Finding) => [f.severity, f.id, f.package ?? f.target, f.installed ?? '', f.fixed ?? ''];

function printTable(ctx: CommandContext, d: ScanDiff): void {
  ctx.out(`before: ${d.before.name} (${d.before.total} findings: ${severityLine(d.before.bySeverity)})`);
  ctx.out(`after:  ${d.after.name} (${d.after.total} findings: ${severityLine(d.after.bySeverity)})`);
  ctx.out(`new: ${d.added.length}`);
  for (const f of d.added) ctx.out(['  +', ...line(f)]);
  ctx.out(`fixed: ${d.fixed.length}`);
  for (const f of d.fixed) ctx.out(['  -', ...line(f)]);
  ctx.out(`changed version: ${d.changed.length}`);
  for (const c of d.changed) ctx.out(['  ~', c.after.severity, c.after.id, c.after.package ?? c.after.target, `${c.before.installed ?? ''} -> ${c.after.installed ?? ''}`, c.after.fixed ?? '']);
  ctx.out(`unchanged: ${d.unchanged.length}`);
}

export async function scanDiff(ctx: CommandContext): Promise<void> {
  const [a, b] = positionals(ctx, ['REF_A', 'REF_B']);
  const format = str(ctx.args, 'format') ?? (ctx.json ? 'json' : 'table');
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format takes table or json with --diff, not ${JSON.stringify(format)}`);
  const failOn = severityArg(str(ctx.args, 'fail-on'));
  const d = diffReports(await load(ctx, a as string), await load(ctx, b as string));
  // Line by line: JSON.stringify escapes control characters inside strings, so its only line breaks are its own.
  if (format === 'json') for (const l of JSON.stringify({ before: d.before, after: d.after, new: d.added, fixed: d.fixed, changed: d.changed, unchanged: d.unchanged }, null, 2).split('\n')) ctx.out(l);
  else printTable(ctx, d);
  if (failOn) {
    const over = newAtOrAbove(d, failOn);
    if (over.length) throw new CliError(`${over.length} new finding(s) at ${failOn} or above in ${d.after.name}`, EXIT.failed);
  }
}
