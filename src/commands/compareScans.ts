// "Compare Scan Results…": the scan of a tag (the candidate) against another tag, another image or a report file
// (the baseline), shown as new, fixed, changed and unchanged findings. Scans go through the scan command's own
// path (scanReportFor: the stored result for a digest, Harbor's report, or a new Trivy or Harbor scan).
import * as vscode from 'vscode';
import type { Ctx, ImageTarget } from '../editorContext';
import { Reference } from '../registry/index';
import { diffReports, type ScanDiff } from '../scan/diff';
import { ScanError } from '../scan/errors';
import type { ScanReport } from '../scan/model';
import { parseReportFile } from '../scan/parseReportFile';
import { sortTagsSemver } from '../tree/format';
import { openCompare } from '../webview/comparePanel';
import { isCancelled, showCancelled } from './cancelled';
import { scanReportFor, trivyNotFound } from './scan';

type Baseline = { image: ImageTarget } | { file: vscode.Uri };

const familiar = (ref: Reference) => (ref.tag !== undefined ? new Reference(ref.registry, ref.repository, ref.tag).familiar() : ref.familiar());

/**
 * `arg`: the candidate (a tag row, or anything pickImage takes). `against` (optional, for scripts and tests):
 * the baseline, a report file's Uri or anything pickImage takes; without it, a quick pick offers the
 * repository's other tags first, then any image, then a report file.
 */
export async function compareScanResults(ctx: Ctx, arg?: unknown, against?: unknown): Promise<ScanDiff | undefined> {
  const candidate = await ctx.pickImage(arg, { title: vscode.l10n.t('Compare scan results: the image to check') });
  if (!candidate) return undefined;
  const baseline = against instanceof vscode.Uri ? { file: against } : against !== undefined ? await imageBaseline(ctx, against) : await pickBaseline(ctx, candidate);
  if (!baseline) return undefined;
  const name = familiar(candidate.ref);
  try {
    const before = 'file' in baseline ? await readReport(baseline.file) : await scanReportFor(ctx, baseline.image);
    if (!before) return undefined;
    const after = await scanReportFor(ctx, candidate);
    if (!after) return undefined;
    const diff = diffReports(before, after);
    const baseName = 'file' in baseline ? (baseline.file.path.split('/').pop() ?? baseline.file.toString()) : familiar(baseline.image.ref);
    openCompare(ctx.extension, diff, vscode.l10n.t('Compare: {0} → {1}', baseName, name));
    return diff;
  } catch (err) {
    if (isCancelled(err)) {
      showCancelled(ctx, vscode.l10n.t('Comparing the scans of {0} cancelled.', name));
    } else if (err instanceof ScanError && err.code === 'trivy-not-found') {
      await trivyNotFound(ctx);
    } else {
      await ctx.reportError(err, vscode.l10n.t('Comparing the scan results of {0} failed', name));
    }
    return undefined;
  }
}

async function imageBaseline(ctx: Ctx, arg: unknown): Promise<Baseline | undefined> {
  const image = await ctx.pickImage(arg);
  return image && { image };
}

async function readReport(uri: vscode.Uri): Promise<ScanReport> {
  return parseReportFile(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'));
}

async function pickBaseline(ctx: Ctx, candidate: ImageTarget): Promise<Baseline | undefined> {
  const repository = candidate.ref.repository;
  const tags = await ctx.withProgress(vscode.l10n.t('Listing tags…'), async (signal) => {
    const page = await candidate.backend.tags(repository, { pageSize: ctx.config.pageSize, signal });
    return sortTagsSemver(page.items.flatMap((t) => (t.tag && t.tag !== candidate.ref.tag ? [t.tag] : [])));
  }, { location: 'window' }).catch(async (err: unknown) => {
    await ctx.reportError(err, vscode.l10n.t('Listing tags failed'));
    return [] as string[];
  });
  type Item = vscode.QuickPickItem & { tag?: string; other?: 'image' | 'file' };
  const items: Item[] = [
    { label: vscode.l10n.t('Tags of {0}', repository), kind: vscode.QuickPickItemKind.Separator },
    ...tags.map((tag) => ({ label: tag, tag, iconPath: new vscode.ThemeIcon('tag') })),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: vscode.l10n.t('Another image…'), description: vscode.l10n.t('any registry, repository and tag'), other: 'image', iconPath: new vscode.ThemeIcon('package') },
    { label: vscode.l10n.t('A scan report file…'), description: vscode.l10n.t('Trivy or Harbor JSON'), other: 'file', iconPath: new vscode.ThemeIcon('file') },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Compare {0} with…', familiar(candidate.ref)), placeHolder: vscode.l10n.t('the baseline: a tag, an image or a report') });
  if (!pick) return undefined;
  if (pick.tag !== undefined) return imageBaseline(ctx, { registryId: candidate.registry.id, ref: new Reference(candidate.ref.registry, repository, pick.tag) });
  if (pick.other === 'image') return imageBaseline(ctx, undefined);
  const files = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [vscode.l10n.t('Scan report')]: ['json'] }, title: vscode.l10n.t('Open a Trivy or Harbor JSON report') });
  return files?.[0] && { file: files[0] };
}
