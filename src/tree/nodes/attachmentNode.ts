import * as vscode from 'vscode';
import { TreeNode, type TreeEnv } from '../treeNode';
import { Reference, type Attachment, type AttachmentKind } from '../../registry/index';
import { exactTime, formatSize, relativeTime, shortDigest } from '../format';
import { timeWords } from '../timeWords';
import type { TagNode } from './tagNode';

const ICONS: Record<AttachmentKind, string> = { signature: 'workspace-trusted', attestation: 'checklist', sbom: 'package', other: 'file' };

export function kindLabel(kind: AttachmentKind): string {
  switch (kind) {
    case 'signature': return vscode.l10n.t('Signature');
    case 'attestation': return vscode.l10n.t('Attestation');
    case 'sbom': return vscode.l10n.t('SBOM');
    default: return vscode.l10n.t('Other artifact');
  }
}

/** A signature, attestation, SBOM or other artifact attached to a tag's digest (src/registry/attached.ts). */
export class AttachmentNode extends TreeNode {
  constructor(env: TreeEnv, readonly tag: TagNode, readonly attachment: Attachment) {
    super(env, tag, `${tag.id}/att:${attachment.digest}`);
  }
  get registryId(): string { return this.tag.registryId; }
  /** The attachment's own manifest (by digest in the tag's repository). */
  get reference(): Reference {
    const r = this.tag.reference;
    return new Reference(r.registry, r.repository, undefined, this.attachment.digest);
  }
  /** The image it is attached to. */
  get subject(): Reference { return this.tag.reference; }

  getTreeItem(): vscode.TreeItem {
    const a = this.attachment;
    const item = new vscode.TreeItem(kindLabel(a.kind), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(ICONS[a.kind]);
    const count = a.count && a.count > 1 ? vscode.l10n.t('{0} signatures', a.count) : '';
    item.description = [a.signer, relativeTime(a.created, Date.now(), timeWords()), count, shortDigest(a.digest)].filter(Boolean).join(' · ');
    const md = new vscode.MarkdownString();
    md.appendText(`${kindLabel(a.kind)}\n`);
    const row = (k: string, v: string | undefined) => { if (v) md.appendMarkdown(`\n\n${k}: `).appendText(v); };
    row(vscode.l10n.t('Digest'), a.digest);
    row(vscode.l10n.t('Media type'), a.mediaType);
    row(vscode.l10n.t('Artifact type'), a.artifactType);
    row(vscode.l10n.t('Signer'), a.signer);
    row(vscode.l10n.t('Created'), exactTime(a.created));
    row(vscode.l10n.t('Size'), a.size !== undefined ? formatSize(a.size) : undefined);
    row(vscode.l10n.t('Tag'), a.tag);
    item.tooltip = md;
    item.contextValue = `attachment attachment-${a.kind}`;
    return item;
  }
}
