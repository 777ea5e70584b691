// Host side of a project's audit log: a WebviewPanel that asks the backend's audit facet for one page at a time
// (filters go to the server), localized words sent with 'init', rows sent as data (the page renders them as text).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { AuditFacet } from '../backends/policyFacets';
import { errorMessage } from '../connections/classifyError';
import { isAuditPageMessage, EMPTY_FILTER, type AuditFilterState, type AuditHostMessage, type AuditStrings } from './auditProtocol';
import { renderAuditHtml } from './auditHtml';

export const AUDIT_VIEW_TYPE = 'registryExplorer.auditLog';
const PAGE_SIZE = 25;
const OPERATIONS = ['create', 'delete', 'pull', 'update'];
const RESOURCE_TYPES = ['artifact', 'tag', 'repository', 'project', 'robot', 'member'];

export function auditStrings(): AuditStrings {
  return {
    heading: vscode.l10n.t('Audit log'), user: vscode.l10n.t('User'), resource: vscode.l10n.t('Resource'), operation: vscode.l10n.t('Operation'),
    anyOperation: vscode.l10n.t('Any operation'), resourceType: vscode.l10n.t('Resource type'), anyType: vscode.l10n.t('Any type'),
    from: vscode.l10n.t('From'), to: vscode.l10n.t('To'), apply: vscode.l10n.t('Apply'), clear: vscode.l10n.t('Clear'),
    previous: vscode.l10n.t('Previous'), next: vscode.l10n.t('Next'), range: vscode.l10n.t('{0}–{1} of {2}'), rangeOpen: vscode.l10n.t('{0}–{1}'),
    empty: vscode.l10n.t('No entries match.'), loading: vscode.l10n.t('Loading…'), time: vscode.l10n.t('Time'), failed: vscode.l10n.t('Could not load the audit log: {0}'),
    operations: { create: vscode.l10n.t('create'), delete: vscode.l10n.t('delete'), pull: vscode.l10n.t('pull'), update: vscode.l10n.t('update') },
  };
}

export class AuditPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private seq = 0;
  /** Requests answered (tests wait on it). */
  served = 0;

  constructor(readonly panel: vscode.WebviewPanel, private readonly audit: AuditFacet, readonly project: string, private readonly registryName: string, extensionUri: vscode.Uri) {
    const w = panel.webview;
    const asset = (...p: string[]) => w.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
    w.html = renderAuditHtml({
      cspSource: w.cspSource, nonce: randomBytes(18).toString('base64'), lang: vscode.env.language,
      scriptUri: asset('dist', 'webview', 'audit.js'), styleUris: [asset('media', 'report.css'), asset('media', 'audit.css')],
    });
    this.disposables.push(w.onDidReceiveMessage((m: unknown) => void this.onMessage(m)), panel.onDidDispose(() => this.dispose()));
  }

  private post(m: AuditHostMessage): Thenable<boolean> { return this.panel.webview.postMessage(m); }

  private async onMessage(raw: unknown): Promise<void> {
    if (!isAuditPageMessage(raw)) return;
    if (raw.type === 'ready') {
      await this.post({ type: 'init', project: this.project, registry: this.registryName, strings: auditStrings(), operations: OPERATIONS, resourceTypes: RESOURCE_TYPES });
      await this.load(1, EMPTY_FILTER);
      return;
    }
    await this.load(raw.page, raw.filter);
  }

  /** One page; an answer to an older request than the latest is dropped (the user typed on). */
  async load(page: number, filter: AuditFilterState): Promise<void> {
    const mine = ++this.seq;
    try {
      const r = await this.audit.auditLog(this.project, {
        page, pageSize: PAGE_SIZE, operation: filter.operation || undefined, resourceType: filter.resourceType || undefined,
        user: filter.user.trim() || undefined, resource: filter.resource.trim() || undefined, from: filter.from || undefined, to: filter.to || undefined,
      });
      if (mine !== this.seq) return;
      await this.post({ type: 'page', rows: r.items, page, pageSize: PAGE_SIZE, total: r.total, hasNext: r.next !== undefined, filter });
    } catch (err) {
      if (mine === this.seq) await this.post({ type: 'error', message: errorMessage(err) });
    } finally {
      this.served++;
    }
  }

  dispose(): void {
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

export function openAuditLog(context: vscode.ExtensionContext, audit: AuditFacet, project: string, registryName: string): AuditPanel {
  const panel = vscode.window.createWebviewPanel(AUDIT_VIEW_TYPE, vscode.l10n.t('Audit log: {0}', project), vscode.ViewColumn.Active, {
    enableScripts: true, retainContextWhenHidden: false, enableFindWidget: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(context.extensionUri, 'media')],
  });
  panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'report-icon.svg');
  const p = new AuditPanel(panel, audit, project, registryName, context.extensionUri);
  context.subscriptions.push(p);
  panel.onDidDispose(() => {
    const i = context.subscriptions.indexOf(p);
    if (i >= 0) context.subscriptions.splice(i, 1);
  });
  return p;
}
