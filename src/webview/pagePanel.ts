// A webview panel for one of the extension's pages (report, compare, SBOM): the same HTML, CSP and style
// (reportHtml.ts), its own script, and kept in the extension's subscriptions only while it is open (a closed
// panel left there would keep its data alive until the window closes).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { renderReportHtml } from './reportHtml';

export type PageScript = 'report' | 'compare' | 'sbom';

export function pageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, script: PageScript, title?: string): string {
  const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  return renderReportHtml({
    cspSource: webview.cspSource,
    nonce: randomBytes(18).toString('base64'),
    scriptUri: asset('dist', 'webview', `${script}.js`),
    styleUri: asset('media', 'report.css'),
    title,
    lang: vscode.env.language,
  });
}

/** A new editor tab for one of the pages (its HTML is set by the caller). */
export function createPagePanel(context: vscode.ExtensionContext, viewType: string, title: string): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel(viewType, title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
    enableScripts: true,
    retainContextWhenHidden: false,
    enableFindWidget: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(context.extensionUri, 'media')],
  });
  panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'report-icon.svg');
  return panel;
}

/** Keeps `d` in the extension's subscriptions while `panel` is open (deactivation disposes what is still open). */
export function keepWhileOpen(context: vscode.ExtensionContext, panel: vscode.WebviewPanel, d: vscode.Disposable): void {
  context.subscriptions.push(d);
  panel.onDidDispose(() => {
    d.dispose();
    const i = context.subscriptions.indexOf(d);
    if (i >= 0) context.subscriptions.splice(i, 1);
  });
}

/** A new tab showing `script`'s page, with `onMessage` for what the page posts. */
export function openPagePanel(context: vscode.ExtensionContext, viewType: string, title: string, script: PageScript, onMessage: (panel: vscode.WebviewPanel, m: unknown) => unknown): vscode.WebviewPanel {
  const panel = createPagePanel(context, viewType, title);
  panel.webview.html = pageHtml(panel.webview, context.extensionUri, script, title);
  keepWhileOpen(context, panel, panel.webview.onDidReceiveMessage((m: unknown) => onMessage(panel, m)));
  return panel;
}
