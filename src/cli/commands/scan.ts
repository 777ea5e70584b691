// `regx scan REF`: the extension's scan in a terminal, and a gate for CI. A local Trivy pulls the image itself
// with the registry's credentials in its environment (TRIVY_USERNAME/TRIVY_PASSWORD or TRIVY_REGISTRY_TOKEN,
// never argv), or Harbor's own scanner runs it (--scanner harbor). Accepted risks (.trivyignore, Harbor's CVE
// allowlist) mark findings instead of dropping them; the gate (src/scan/gate.ts) then decides the exit code:
// --exit-code N when findings at --severity remain, 0 otherwise, 5 when no report could be made.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { flag, int, str } from '../args';
import { positionals, reference, type CommandContext } from '../context';
import { CliError, EXIT, UsageError } from '../errors';
import { scanTable } from '../scanTable';
import { HarborClient, Reference, splitHarborRepository } from '../../registry/index';
import {
  describeIgnore, evaluateGate, gateLine, GateError, harborAllowlist, harborScanReport, parseSeverities, parseTrivyIgnore, runTrivy,
  summarize, toJSON, toSARIF, type GateResult, type IgnoreRule, type ScanReport, type Severity, type TrivyCredentials,
} from '../../scan/index';
import { learnScheme } from '../../imageBuild/target';
import { scanDiff } from './scanDiff';


/** Exit codes the CLI already gives a meaning: a gate must not look like a usage error or a failed scan. */
const RESERVED = new Set<number>([EXIT.usage, EXIT.notFound, EXIT.auth, EXIT.scanFailed]);

export async function scan(ctx: CommandContext): Promise<number> {
  if (flag(ctx.args, 'diff')) {
    await scanDiff(ctx);
    return EXIT.ok;
  }
  const [input] = positionals(ctx, ['REFERENCE']);
  const ref = reference(input as string).withDefaultTag();
  const scanner = str(ctx.args, 'scanner') ?? 'trivy';
  if (scanner !== 'trivy' && scanner !== 'harbor') throw new UsageError(`--scanner is trivy or harbor, not ${JSON.stringify(scanner)}`);
  const format = str(ctx.args, 'format') ?? (ctx.json ? 'json' : 'table');
  if (!['table', 'json', 'sarif'].includes(format)) throw new UsageError(`--format is table, json or sarif, not ${JSON.stringify(format)}`);
  const exitCode = int(ctx.args, 'exit-code') ?? 0;
  if (exitCode > 255 || RESERVED.has(exitCode)) throw new UsageError(`--exit-code ${exitCode} is not available: 2-5 mean usage error, not found, authentication and "scan could not run" (use 1 or 6-255)`);
  let severities: Severity[] = [];
  try {
    severities = parseSeverities(str(ctx.args, 'severity') ?? '');
  } catch (e) {
    if (e instanceof GateError) throw new UsageError(`--severity: ${e.message}`);
    throw e;
  }
  const ignores = await ignoreFile(str(ctx.args, 'ignorefile'));

  let report: ScanReport;
  try {
    if (scanner === 'harbor') {
      const r = await viaHarbor(ctx, ref);
      report = r.report;
      ignores.push(...r.allowlist);
    } else {
      report = await viaTrivy(ctx, ref);
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new CliError(`the scan of ${ref.familiar()} could not run: ${e instanceof Error ? e.message : String(e)}`, EXIT.scanFailed);
  }

  const gate = evaluateGate(report, { severities, ignoreUnfixed: flag(ctx.args, 'ignore-unfixed'), ignores });
  const doc = format === 'json' ? toJSON(gate.report) : format === 'sarif' ? toSARIF(gate.report) : `${scanTable(gate).join('\n')}\n`;
  const output = str(ctx.args, 'output');
  if (output) await writeFile(output, doc);
  else for (const line of doc.replace(/\n$/, '').split('\n')) ctx.out(line);
  summary(ctx, gate, output, str(ctx.args, 'exit-code') !== undefined || str(ctx.args, 'severity') !== undefined);
  return gate.passed ? EXIT.ok : exitCode;
}

/** --ignorefile FILE (must exist), else `.trivyignore` in the working directory when there is one (Trivy's default). */
async function ignoreFile(given: string | undefined): Promise<IgnoreRule[]> {
  const path = given ?? '.trivyignore';
  if (!given && !existsSync(path)) return [];
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`--ignorefile ${JSON.stringify(given)} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseTrivyIgnore(text, given ?? '.trivyignore');
}

/** The summary on stderr; the gate's verdict when a gate was asked for (--exit-code or --severity). */
function summary(ctx: CommandContext, g: GateResult, output: string | undefined, gated: boolean): void {
  const r = g.report;
  const s = summarize(r);
  const by = (Object.entries(s.bySeverity) as [Severity, number][]).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ');
  const via = r.format === 'harbor' ? ' (through Harbor)' : '';
  ctx.note(`regx: ${r.scanner.name} ${r.scanner.version}${via} scanned ${r.artifact.name}: ${s.total} finding${s.total === 1 ? '' : 's'}${by ? ` (${by})` : ''}${s.ignored ? `, ${s.ignored} ignored` : ''}`);
  for (const f of r.findings) if (f.ignored) ctx.note(`regx: ignored ${f.id}${f.package ? ` in ${f.package}` : ''}: ${describeIgnore(f.ignored)}`);
  for (const rule of g.expiredRules) ctx.note(`regx: ${rule.rule}: the rule for ${rule.id} expired on ${rule.expires?.slice(0, 10)}; its findings count again`);
  if (output) ctx.note(`regx: report written to ${output}`);
  if (gated) ctx.note(`regx: ${gateLine(g)}`);
}

async function viaTrivy(ctx: CommandContext, ref: Reference): Promise<ScanReport> {
  const client = ctx.session.client(ref.registry);
  // Scan by digest, so the report names exactly the content the tag pointed at; this also settles whether a
  // loopback registry speaks plain HTTP, which Trivy (go-containerregistry) reaches only with --insecure.
  const digest = ref.digest ?? await client.resolveDigest(ref, { signal: ctx.signal });
  const insecure = ctx.session.insecure || (await learnScheme(client, ctx.signal)) === 'http';
  const pinned = new Reference(ref.registry, ref.repository, undefined, digest);
  const report = await runTrivy({
    trivyPath: ctx.env.REGX_TRIVY_PATH, ref: pinned.toString(), credentials: await trivyCredentials(ctx, ref.registry),
    caFile: ctx.session.caFile, insecure, signal: ctx.signal, env: ctx.env,
  });
  return { ...report, artifact: { ...report.artifact, name: ref.familiar(), digest } };
}

/** What Trivy can use of the session's credentials: a password, or a registry token; never an identity token. */
async function trivyCredentials(ctx: CommandContext, registry: string): Promise<TrivyCredentials | undefined> {
  const c = await ctx.session.credentialsFor(registry);
  if (c?.password !== undefined) return { username: c.username ?? '', password: c.password };
  if (c?.registryToken) return { registryToken: c.registryToken };
  if (c?.identityToken) ctx.note(`regx: Trivy cannot use an identity token for ${registry}; it scans anonymously`);
  return undefined;
}

async function viaHarbor(ctx: CommandContext, ref: Reference): Promise<{ report: ScanReport; allowlist: IgnoreRule[] }> {
  const h = new HarborClient(ctx.session.client(ref.registry));
  const { project, repository } = splitHarborRepository(ref.repository);
  const reference = ref.digest ?? ref.tag ?? 'latest';
  let last = '';
  const report = await harborScanReport(h, project, repository, reference, {
    trigger: true, signal: ctx.signal,
    onStatus: (s) => { if (s && s.scan_status !== last) ctx.note(`regx: Harbor scan ${(last = s.scan_status).toLowerCase()}`); },
  });
  if (!report) throw new Error(`Harbor has no vulnerability report for ${ref.familiar()}`);
  const allowlist = await harborAllowlist(h, project, ctx.signal);
  return { report: { ...report, artifact: { ...report.artifact, name: ref.familiar() } }, allowlist };
}
