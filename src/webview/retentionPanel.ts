// Host side of the retention preview: a WebviewPanel that shows a plan and, after Apply, its report. The
// page keeps no state across hides: on 'ready' the panel sends the preview (and the report, once there is one).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { renderReportHtml } from './reportHtml';
import { isRetentionPageMessage, type RetentionHostMessage, type RetentionReportView } from './retentionProtocol';

export const RETENTION_VIEW_TYPE = 'registryExplorer.retentionPreview';

type Preview = Extract<RetentionHostMessage, { type: 'preview' }>;

export class RetentionPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly applyEmitter = new vscode.EventEmitter<void>();
  private readonly closeEmitter = new vscode.EventEmitter<void>();
  /** The user pressed Apply in the page (the caller still asks the modal confirmation). */
  readonly onApply = this.applyEmitter.event;
  readonly onClose = this.closeEmitter.event;
  private report?: RetentionReportView;
  private busy = false;

  private constructor(readonly panel: vscode.WebviewPanel, private readonly preview: Preview, extensionUri: vscode.Uri) {
    const w = panel.webview;
    const asset = (...p: string[]) => w.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
    w.html = renderReportHtml({
      cspSource: w.cspSource, nonce: randomBytes(18).toString('base64'),
      scriptUri: asset('dist', 'webview', 'retention.js'), styleUri: asset('media', 'retention.css'),
      title: preview.title, loading: '…',
    });
    this.disposables.push(this.applyEmitter, this.closeEmitter,
      w.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      panel.onDidDispose(() => { this.closeEmitter.fire(); this.dispose(); }));
  }

  static open(context: vscode.ExtensionContext, preview: Preview): RetentionPanel {
    const panel = vscode.window.createWebviewPanel(RETENTION_VIEW_TYPE, preview.title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
      enableScripts: true, retainContextWhenHidden: false, enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(context.extensionUri, 'media')],
    });
    const p = new RetentionPanel(panel, preview, context.extensionUri);
    context.subscriptions.push(p);
    panel.onDidDispose(() => {
      const i = context.subscriptions.indexOf(p);
      if (i >= 0) context.subscriptions.splice(i, 1);
    });
    return p;
  }

  private post(m: RetentionHostMessage): void { void this.panel.webview.postMessage(m); }

  private onMessage(raw: unknown): void {
    if (!isRetentionPageMessage(raw)) return; // the page is untrusted too
    if (raw.type === 'ready') {
      this.post(this.preview);
      if (this.busy) this.post({ type: 'applying' });
      if (this.report) this.post({ type: 'report', report: this.report });
    } else if (raw.type === 'apply' && !this.busy && !this.report && this.preview.canApply) {
      this.applyEmitter.fire();
    }
  }

  setApplying(busy: boolean): void {
    this.busy = busy;
    if (busy) this.post({ type: 'applying' });
  }

  showReport(report: RetentionReportView): void {
    this.busy = false;
    this.report = report;
    this.post({ type: 'report', report });
  }

  dispose(): void {
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
