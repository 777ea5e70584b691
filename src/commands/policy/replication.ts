/**
 * Replication policies of a registry, read-only: a quick pick of policies (source → destination, trigger, on/off);
 * choosing one lists its latest executions with status and counts. Harbor lists them to system admins only.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../../editorContext';
import type { ReplicationExecutionInfo, ReplicationPolicyInfo } from '../../backends/policyFacets';
import { exactTime } from '../../tree/format';
import { facet } from './pickNamespace';

function triggerText(p: ReplicationPolicyInfo): string {
  switch (p.trigger) {
    case 'manual': return vscode.l10n.t('manual');
    case 'event_based': return vscode.l10n.t('on push and delete');
    case 'scheduled': return vscode.l10n.t('scheduled ({0})', p.cron ?? '?');
    default: return p.trigger;
  }
}

export function executionText(e: ReplicationExecutionInfo): string {
  return vscode.l10n.t('{0} of {1} succeeded, {2} failed, {3} in progress, {4} stopped', e.succeeded, e.total, e.failed, e.inProgress, e.stopped);
}

/** `policyId` (optional) opens that policy's executions directly; returns what was listed (tests). */
export async function showReplication(ctx: Ctx, arg?: unknown, policyId?: unknown): Promise<{ policies: ReplicationPolicyInfo[]; executions?: ReplicationExecutionInfo[] } | undefined> {
  const registry = await ctx.pickRegistry(arg, { title: vscode.l10n.t('Replication of which registry?'), can: 'hasReplication' });
  const backend = registry && ctx.backends.get(registry.id);
  const r = backend && facet({ backend }, backend.replication);
  if (!registry || !r) return undefined;
  try {
    const page = await ctx.withProgress(vscode.l10n.t('Listing replication policies…'), (signal) => r.policies({ pageSize: 100, signal }), { location: 'window' });
    let policy = page.items.find((p) => p.id === policyId);
    if (!policy && policyId === undefined) {
      const pick = await vscode.window.showQuickPick(page.items.map((p) => ({
        policy: p, label: `${p.enabled ? '$(sync)' : '$(circle-slash)'} ${p.name}`,
        description: `${p.source} → ${p.destination}`,
        detail: [triggerText(p), p.enabled ? vscode.l10n.t('enabled') : vscode.l10n.t('disabled'), p.description].filter(Boolean).join(' · '),
      })), { title: vscode.l10n.t('Replication policies of {0}: {1}', registry.name, page.total ?? page.items.length), matchOnDescription: true, placeHolder: vscode.l10n.t('Choose a policy to see its latest executions') });
      policy = pick?.policy;
    }
    if (!policy) return { policies: page.items };
    const p = policy;
    const executions = await ctx.withProgress(vscode.l10n.t('Listing executions of {0}…', p.name), (signal) => r.executions(p.id, { pageSize: 10, signal }), { location: 'window' });
    if (policyId === undefined) {
      await vscode.window.showQuickPick(executions.map((e) => ({
        label: `${e.status === 'Succeed' ? '$(pass)' : e.status === 'Failed' ? '$(error)' : e.status === 'InProgress' ? '$(sync~spin)' : '$(circle-outline)'} ${e.status}`,
        description: [exactTime(e.start), e.trigger].filter(Boolean).join(' · '),
        detail: [executionText(e), e.statusText].filter(Boolean).join(' · '),
      })), { title: vscode.l10n.t('Latest executions of {0} ({1} → {2})', p.name, p.source, p.destination), placeHolder: executions.length ? undefined : vscode.l10n.t('No executions yet') });
    }
    return { policies: page.items, executions };
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Replication of {0}', registry.name));
    return undefined;
  }
}
