/**
 * Show Registry Scan Findings: the registry's own scan of an image (Amazon ECR basic / enhanced scanning,
 * DescribeImageScanFindings), read through the backend's `serverScanReport` and shown in the report webview.
 * ECR scans on push or on a schedule; this reads what it found, it starts nothing.
 */
import * as vscode from 'vscode';
import type { Ctx, ImageTarget } from '../editorContext';
import type { ScanReport } from '../scan/model';
import { openReport } from '../webview/reportPanel';
import { isCancelled, showCancelled } from './cancelled';
import { displayRef } from './pick';

export async function showServerScanFindings(ctx: Ctx, arg?: unknown): Promise<ScanReport | undefined> {
  const t = await ctx.pickImage(arg, { title: vscode.l10n.t('Show the registry\'s scan findings of which image?') });
  if (!t) return undefined;
  return serverScanFindings(ctx, t);
}

/** Also what Scan Image and Show Scan Report do on a kind that keeps its own findings. */
export async function serverScanFindings(ctx: Ctx, t: ImageTarget): Promise<ScanReport | undefined> {
  const name = displayRef(t.ref);
  const read = t.backend.serverScanReport?.bind(t.backend);
  if (!read) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} registries keep no scan findings of their own; use Scan Image (Trivy).', t.backend.kindLabel));
    return undefined;
  }
  try {
    const report = await ctx.withProgress(vscode.l10n.t('Reading the scan findings of {0}…', name), (signal) => read(t.ref, { signal }), { cancellable: true });
    openReport(ctx.extension, report, vscode.l10n.t('Scan: {0}', name));
    return report;
  } catch (err) {
    if (isCancelled(err)) showCancelled(ctx, vscode.l10n.t('Reading the scan findings of {0} cancelled.', name));
    else await ctx.reportError(err, vscode.l10n.t('Reading the scan findings of {0} failed', name));
    return undefined;
  }
}
