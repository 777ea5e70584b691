// Host side of the scan report: a WebviewPanel showing one ScanReport.
// The panel keeps no state in the page across hides (retainContextWhenHidden is off, to save memory):
// when the page loads again it posts 'ready' and the panel re-sends the report; the page restores its own
// filters and selection from setState.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { toCSV, toJSON, toSARIF } from '../scan/exporters';
import type { ScanReport } from '../scan/model';
import { isPageMessage, isSafeExternalUrl, reportMessage, type ExportFormat, type HostMessage, type PageMessage } from './protocol';
import { renderReportHtml } from './reportHtml';
import { webviewStrings } from './webviewStrings';

export { renderReportHtml } from './reportHtml';

export const REPORT_VIEW_TYPE = 'registryExplorer.scanReport';

const EXPORTS: Record<ExportFormat, { ext: string; label: string; render: (r: ScanReport) => string }> = {
  json: { ext: 'json', label: 'JSON', render: toJSON },
  csv: { ext: 'csv', label: 'CSV', render: toCSV },
  sarif: { ext: 'sarif', label: 'SARIF', render: toSARIF },
};

export class ReportPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly report: ScanReport,
    private readonly title: string,
    private readonly extensionUri: vscode.Uri,
  ) {
    panel.webview.html = this.html();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private html(): string {
    const w = this.panel.webview;
    const asset = (...p: string[]) => w.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...p)).toString();
    return renderReportHtml({
      cspSource: w.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: asset('dist', 'webview', 'report.js'),
      styleUri: asset('media', 'report.css'),
    });
  }

  private post(m: HostMessage): Thenable<boolean> {
    return this.panel.webview.postMessage(m);
  }

  private async onMessage(raw: unknown): Promise<void> {
    if (!isPageMessage(raw)) return; // the page is untrusted too: ignore anything unexpected
    const m: PageMessage = raw;
    switch (m.type) {
      case 'ready':
        await this.post(reportMessage(this.report, this.title, webviewStrings()));
        return;
      case 'openLink':
        // Only web links: report references are advisory text and could say file:, command: or vscode:.
        if (isSafeExternalUrl(m.url)) await vscode.env.openExternal(vscode.Uri.parse(m.url, true));
        return;
      case 'export':
        await this.export(m.format, m.shown);
        return;
    }
  }

  /** The findings to export: what the page shows, or all of them when the user asks (or nothing is filtered). */
  private async exportScope(shown: number[] | undefined): Promise<ScanReport | undefined> {
    const all = this.report.findings;
    if (!shown) return this.report;
    const keys = new Set(shown);
    const subset = all.filter((f) => keys.has(f.key));
    // Keys this report does not have come from a stale or misbehaving page: ignore the request.
    if (subset.length !== keys.size) return undefined;
    if (subset.length === all.length) return this.report;
    const shownItem = { label: vscode.l10n.t('The {0} findings shown', subset.length), description: vscode.l10n.t('with the current filters'), all: false };
    const allItem = { label: vscode.l10n.t('All {0} findings', all.length), description: vscode.l10n.t('ignoring the filters'), all: true };
    const pick = await vscode.window.showQuickPick([shownItem, allItem], { title: vscode.l10n.t('Export which findings?') });
    if (!pick) return undefined;
    return pick.all ? this.report : { ...this.report, findings: subset };
  }

  private async export(format: ExportFormat, shown?: number[]): Promise<void> {
    const e = EXPORTS[format];
    const report = await this.exportScope(shown);
    if (!report) return;
    const base = (this.report.artifact.name.split('/').pop() ?? 'report').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'report';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export scan report as {0}', e.label),
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${base}-scan.${e.ext}`) : undefined,
      filters: { [e.label]: [e.ext] },
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, Buffer.from(e.render(report), 'utf8'));
    void vscode.window.showInformationMessage(vscode.l10n.t('Scan report exported to {0}', target.fsPath || target.toString()));
  }

  dispose(): void {
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

/** Opens a report in a new editor tab (beside the active one). */
export function openReport(context: vscode.ExtensionContext, report: ScanReport, title: string): ReportPanel {
  const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
    enableScripts: true,
    retainContextWhenHidden: false,
    enableFindWidget: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(context.extensionUri, 'media')],
  });
  panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'report-icon.svg');
  const p = new ReportPanel(panel, report, title, context.extensionUri);
  // Kept in the subscriptions only while open (deactivation disposes what is still open): a closed panel
  // left there would keep its report alive until the window closes, one per scan.
  context.subscriptions.push(p);
  panel.onDidDispose(() => {
    const i = context.subscriptions.indexOf(p);
    if (i >= 0) context.subscriptions.splice(i, 1);
  });
  return p;
}
