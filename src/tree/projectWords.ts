/**
 * What a project row and everything below it write into contextValue where the backend reports the user's
 * permissions (the `projects` facet): ` perm-<resource>-<action>` words, read by package.json `when` clauses
 * (`viewItem =~ /\bperm-member-create\b/`), and the capabilities narrowed to those permissions.
 */
import * as vscode from 'vscode';
import type { ProjectFacts, ProjectRole } from '../backends/projectAdmin';
import { capabilityWords, type Capabilities, type CapabilityFlag } from '../backends/registryBackend';
import { formatSize } from './format';

/** " perm-member-create perm-repository-pull …" (empty when the server did not report permissions). */
export function permissionContext(project: ProjectFacts | undefined): string {
  return project?.permissions?.length ? ` ${project.permissions.map((p) => `perm-${p}`).join(' ')}` : '';
}

/** The capability words of a row below a project: the project's effective capabilities when known. */
export function effectiveCapabilityWords(project: ProjectFacts | undefined, caps: Capabilities, only?: readonly CapabilityFlag[]): string {
  return capabilityWords(project?.caps ?? caps, only);
}

export function roleLabel(role: ProjectRole): string {
  switch (role) {
    case 'projectAdmin': return vscode.l10n.t('Project Admin');
    case 'maintainer': return vscode.l10n.t('Maintainer');
    case 'developer': return vscode.l10n.t('Developer');
    case 'guest': return vscode.l10n.t('Guest');
    case 'limitedGuest': return vscode.l10n.t('Limited Guest');
  }
}

/** "1.2 GB of 5 GB (24%)", or "1.2 GB (no limit)". */
export function quotaText(q: { used: number; limit: number }): string {
  if (q.limit < 0) return vscode.l10n.t('{0} used (no limit)', formatSize(q.used));
  return vscode.l10n.t('{0} of {1} ({2}%)', formatSize(q.used), formatSize(q.limit), quotaPercent(q));
}

export function quotaPercent(q: { used: number; limit: number }): number {
  return q.limit > 0 ? Math.min(999, Math.round((q.used / q.limit) * 100)) : 0;
}

/** A ten-cell text bar for the tooltip (plain text: no HTML in tooltips). */
export function quotaBar(q: { used: number; limit: number }): string {
  const filled = Math.min(10, Math.round(quotaPercent(q) / 10));
  return `${'█'.repeat(filled)}${'░'.repeat(10 - filled)}`;
}
