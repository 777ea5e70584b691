import * as vscode from 'vscode';
import { TreeNode, type TreeEnv } from '../treeNode';
import { Reference } from '../../registry/index';
import { formatSize, platformLabel, shortDigest } from '../format';
import type { PlatformInfo } from '../tagInfo';
import { imageUri } from '../imageUri';
import type { TagNode } from './tagNode';

/** One platform manifest of a multi-arch index. */
export class PlatformNode extends TreeNode {
  constructor(env: TreeEnv, readonly tag: TagNode, readonly platform: PlatformInfo) {
    super(env, tag, `${tag.id}/plat:${platform.digest ?? platformLabel(platform)}`);
  }
  get registryId(): string { return this.tag.registryId; }
  get reference(): Reference {
    const r = this.tag.reference;
    return new Reference(r.registry, r.repository, undefined, this.platform.digest);
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(platformLabel(this.platform) || vscode.l10n.t('unknown platform'), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('vm');
    item.description = [shortDigest(this.platform.digest), formatSize(this.platform.size)].filter(Boolean).join(' · ');
    if (this.platform.digest) {
      item.resourceUri = imageUri(this.registryId, this.tag.repo.info.repository, this.platform.digest);
      item.tooltip = new vscode.MarkdownString().appendText(`${this.reference.familiar()}`);
    }
    item.contextValue = 'image platform';
    return item;
  }
}
