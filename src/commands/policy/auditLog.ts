/** "Show Audit Log": the project's audit log in a paged, filterable webview (src/webview/auditPanel.ts). */
import * as vscode from 'vscode';
import type { Ctx } from '../../editorContext';
import { openAuditLog, type AuditPanel } from '../../webview/auditPanel';
import { facet, pickNamespace } from './pickNamespace';

export async function showAuditLog(ctx: Ctx, arg?: unknown): Promise<AuditPanel | undefined> {
  const t = await pickNamespace(ctx, arg, 'hasAuditLog', vscode.l10n.t('Audit log of which project?'));
  const audit = t && facet(t, t.backend.audit);
  if (!t || !audit) return undefined;
  return openAuditLog(ctx.extension, audit, t.namespace, t.registry.name);
}
