// Scanning: from a tree node (or the palette) to a report panel and a severity badge.
// Harbor artifacts are scanned by Harbor itself (its scanner, its report); everything else by a local Trivy,
// which gets the registry's credentials through its environment only, never its command line.
import * as vscode from 'vscode';
import type { Ctx, ImageTarget } from '../editorContext';
import { Reference } from '../registry/index';
import { storedScanFromReport } from '../scan/badge';
import { harborAllowlist, harborScanReport } from '../scan/harborScan';
import { applyIgnores, type IgnoreRule } from '../scan/ignore';
import { readTrivyIgnore } from '../scan/ignoreFile';
import { parseReportFile } from '../scan/parseReportFile';
import { runTrivy, TRIVY_INSTALL_URL } from '../scan/runTrivy';
import { ScanError } from '../scan/errors';
import { requireTrust } from './trust';
import { learnScheme, needsInsecure } from '../imageBuild/target';
import type { ScanReport } from '../scan/model';
import { registerScanDecorations } from '../tree/scanDecorations';
import { openReport } from '../webview/reportPanel';
import { isCancelled, showCancelled } from './cancelled';
import { trivyCredentials } from './toolCredentials';

export async function scanImage(ctx: Ctx, arg?: unknown): Promise<ScanReport | undefined> {
  const picked = await ctx.pickImage(arg, { title: vscode.l10n.t('Scan image') });
  if (!picked) return undefined;
  const name = displayName(picked.ref);
  const byHarbor = !!picked.harbor;
  // Harbor scans on its own side; a local scan runs Trivy here.
  if (!byHarbor && !(await requireTrust(vscode.l10n.t('Scan Image (Trivy)')))) return undefined;
  try {
    const target = await withDigest(ctx, picked);
    const scanned = byHarbor ? await harborScan(ctx, target, true) : await trivyScan(ctx, target);
    const report = scanned && await withIgnores(ctx, target, scanned);
    if (!report) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Harbor has no vulnerability report for {0} yet.', name));
      return undefined;
    }
    await remember(ctx, target, report);
    openReport(ctx.extension, report, vscode.l10n.t('Scan: {0}', name));
    return report;
  } catch (err) {
    if (isCancelled(err)) {
      showCancelled(ctx, vscode.l10n.t('Scan of {0} cancelled.', name));
      return undefined;
    }
    if (err instanceof ScanError && err.code === 'trivy-not-found') {
      await trivyNotFound(ctx);
      return undefined;
    }
    await ctx.reportError(err, vscode.l10n.t('Scanning {0} failed', name));
    return undefined;
  }
}

/**
 * `registryExplorer.trivy.path` is machine-scoped: in a remote window (SSH, WSL, containers, code-server)
 * only the Remote settings of that machine count, since Trivy runs there. The message names that place.
 */
async function trivyNotFound(ctx: Ctx): Promise<void> {
  const remote = vscode.env.remoteName;
  const where = remote ? vscode.l10n.t('the Remote [{0}] settings', remote) : vscode.l10n.t('your User settings');
  const open = remote ? vscode.l10n.t('Open Remote Settings') : vscode.l10n.t('Open User Settings');
  const install = vscode.l10n.t('Install Trivy');
  const text = vscode.l10n.t('Trivy was not found at "{0}". Install it, or set "Registry Explorer › Trivy: Path" (registryExplorer.trivy.path) to its full path in {1}.', ctx.config.trivyPath, where);
  ctx.log.error(text);
  const choice = await vscode.window.showErrorMessage(text, open, install);
  if (choice === open) {
    await vscode.commands.executeCommand(remote ? 'workbench.action.openRemoteSettings' : 'workbench.action.openSettings', 'registryExplorer.trivy.path');
  }
  if (choice === install) await vscode.env.openExternal(vscode.Uri.parse(TRIVY_INSTALL_URL));
}

export async function showScanReport(ctx: Ctx, arg?: unknown): Promise<ScanReport | undefined> {
  const target = await ctx.pickImage(arg, { title: vscode.l10n.t('Show scan report') });
  if (!target) return undefined;
  const name = displayName(target.ref);
  try {
    const digest = target.digest ?? target.ref.digest;
    let report = digest ? await registerScanDecorations(ctx.extension).loadReport(digest) : undefined;
    if (!report && target.harbor) {
      const last = await harborScan(ctx, target, false);
      report = last && await withIgnores(ctx, target, last);
      if (report) await remember(ctx, target, report);
    }
    if (!report) return scanImage(ctx, target);
    openReport(ctx.extension, report, vscode.l10n.t('Scan: {0}', name));
    return report;
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Opening the scan report of {0} failed', name));
    return undefined;
  }
}

export async function openScanReportFile(ctx: Ctx, arg?: unknown): Promise<ScanReport | undefined> {
  let uri = arg instanceof vscode.Uri ? arg : undefined;
  if (!uri) {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [vscode.l10n.t('Scan report')]: ['json', 'sarif', 'cdx'] }, title: vscode.l10n.t('Open a scan report (Trivy, Harbor, Grype, SARIF, CycloneDX)') });
    uri = picked?.[0];
  }
  if (!uri) return undefined;
  const file = uri.path.split('/').pop() ?? uri.toString();
  try {
    const report = parseReportFile(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'));
    openReport(ctx.extension, report, vscode.l10n.t('Scan: {0}', file));
    return report;
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('{0} could not be opened as a scan report', file));
    return undefined;
  }
}

/**
 * A tag picked by name (palette, a command argument, a tree row whose details are not loaded yet) has no
 * digest: resolve it first, so the scan pins that content and the badge lands on the digest the tree shows.
 * Without this the result was keyed by the report's own digest (Trivy's RepoDigests, which names whatever
 * registry the image came from), or not kept at all.
 */
async function withDigest(ctx: Ctx, target: ImageTarget): Promise<ImageTarget> {
  if (target.digest ?? target.ref.digest) return target;
  try {
    return { ...target, digest: await target.client.resolveDigest(target.ref) };
  } catch (e) {
    ctx.log.warn(`could not resolve the digest of ${target.ref.familiar()} before scanning: ${(e as Error).message}`);
    return target;
  }
}

/** The name a person knows the image by: the tag when there is one (a tree row also carries its digest, which the report shows anyway). */
function displayName(ref: Reference): string {
  return ref.tag !== undefined ? new Reference(ref.registry, ref.repository, ref.tag).familiar() : ref.familiar();
}

async function remember(ctx: Ctx, target: ImageTarget, report: ScanReport): Promise<void> {
  const digest = target.digest ?? target.ref.digest ?? report.artifact.digest;
  if (!digest) return;
  const results = registerScanDecorations(ctx.extension);
  await results.record(digest, storedScanFromReport(report));
  await results.saveReport(digest, report).catch((e: unknown) => ctx.log.warn(`could not store the scan report for ${digest}: ${(e as Error).message}`));
}

async function trivyScan(ctx: Ctx, target: ImageTarget): Promise<ScanReport> {
  const def = target.registry;
  const digest = target.digest ?? target.ref.digest;
  // Scan by digest when known, so the result belongs to exactly the content the badge is keyed by.
  const ref = digest ? new Reference(target.ref.registry, target.ref.repository, undefined, digest) : target.ref;
  const { credentials, identityTokenOnly } = trivyCredentials(def, await ctx.registries.secret(def.id));
  if (identityTokenOnly) ctx.log.warn(`Trivy cannot use an identity token for ${def.name}; scanning anonymously`);
  const serverUrl = ctx.config.trivyServerUrl;
  // Plain-HTTP registries need --insecure too: Trivy (go-containerregistry) only falls back to http with it.
  // That includes a loopback registry stored as https:// that the client found speaking plain HTTP.
  const insecure = needsInsecure(def) || needsInsecure({ ...def, scheme: await learnScheme(target.client) });
  ctx.log.info(`trivy image ${serverUrl ? `--server ${serverUrl} ` : ''}${insecure ? '--insecure ' : ''}${ref.toString()} (credentials: ${credentials ? 'environment' : 'none'})`);
  return ctx.withProgress(vscode.l10n.t('Scanning {0} with Trivy', target.ref.familiar()), (signal, report) =>
    runTrivy({ trivyPath: ctx.config.trivyPath, ref: ref.toString(), credentials, caFile: def.caFile, insecure, serverUrl, signal, onProgress: (m) => report(m) }),
    { cancellable: true },
  );
}

/** Harbor: trigger (when `trigger`), follow to the end, fetch the 1.1 report. Undefined when there is no report. */
async function harborScan(ctx: Ctx, target: ImageTarget, trigger: boolean): Promise<ScanReport | undefined> {
  const h = ctx.clients.harbor(target.registry.id);
  const { project, repository } = target.harbor!;
  const reference = target.digest ?? target.ref.digest ?? target.ref.tag ?? 'latest';
  return ctx.withProgress(vscode.l10n.t('Scanning {0} in Harbor', target.ref.familiar()), async (signal, report) => {
    if (trigger) report(vscode.l10n.t('Starting the scan'));
    const parsed = await harborScanReport(h, project, repository, reference, {
      trigger, signal, onStatus: (s) => report(s ? `${s.scan_status}${s.complete_percent !== undefined ? ` ${s.complete_percent}%` : ''}` : vscode.l10n.t('Waiting for Harbor')),
    });
    if (!parsed) return undefined;
    // Harbor's report knows the repository without the registry: name it as the user sees it.
    return { ...parsed, artifact: { ...parsed.artifact, name: target.ref.familiar(), digest: parsed.artifact.digest ?? target.digest } };
  }, { cancellable: true });
}

/**
 * Accepted risks, marked on the findings (kept, not dropped): the `.trivyignore` of the first workspace folder
 * that has one, and for Harbor the CVE allowlist Harbor applies to the project (its own, or the system's).
 */
async function withIgnores(ctx: Ctx, target: ImageTarget, report: ScanReport): Promise<ScanReport> {
  const rules: IgnoreRule[] = await readTrivyIgnore((vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath));
  if (target.harbor) {
    try {
      rules.push(...await harborAllowlist(ctx.clients.harbor(target.registry.id), target.harbor.project));
    } catch (e) {
      ctx.log.warn(`could not read the CVE allowlist of Harbor project ${target.harbor.project}: ${(e as Error).message}`);
    }
  }
  return rules.length ? applyIgnores(report, rules).report : report;
}
