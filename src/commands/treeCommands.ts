/** Commands about the tree itself: refresh, load more, retry, filter, go to tag, sort, show log. */
import * as vscode from 'vscode';
import type { Ctx } from '../editorContext';
import { TreeNode } from '../tree/treeNode';
import { LoadMoreNode } from '../tree/nodes/loadMoreNode';
import { ErrorNode } from '../tree/nodes/errorNode';
import { RegistryNode } from '../tree/nodes/registryNode';
import { RepositoryNode } from '../tree/nodes/repositoryNode';
import { NamespaceNode } from '../tree/nodes/namespaceNode';
import { validateTag } from '../registry/index';
import { TagNode } from '../tree/nodes/tagNode';
import { matchesFilter } from '../tree/format';
import { SECTION } from '../config';

function liveRepository(ctx: Ctx, registryId: string, repository: string): RepositoryNode | undefined {
  return ctx.tree.liveRepositories().find((r) => r.registryId === registryId && r.info.repository === repository);
}

export function refresh(ctx: Ctx, node?: unknown): void {
  if (node instanceof TreeNode) ctx.tree.refresh(node);
  else ctx.tree.refresh();
}

export function refreshAll(ctx: Ctx): void {
  ctx.clients.invalidate();
  ctx.tree.refresh();
}

export async function loadMore(ctx: Ctx, node?: unknown): Promise<void> {
  if (!(node instanceof LoadMoreNode)) return;
  try {
    await node.owner.loadMore();
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Loading more failed'));
  }
  // Only the owner redraws; its cached pages stay (no reset).
  node.env.changed(node.owner);
}

export function retry(ctx: Ctx, node?: unknown): void {
  if (node instanceof ErrorNode && node.parent) ctx.tree.refresh(node.parent);
  else ctx.tree.refresh();
}

type Filterable = RegistryNode | NamespaceNode | RepositoryNode;
const isFilterable = (n: unknown): n is Filterable =>
  n instanceof RegistryNode || n instanceof NamespaceNode || n instanceof RepositoryNode;

export async function filter(ctx: Ctx, node?: unknown, value?: unknown): Promise<void> {
  if (!isFilterable(node)) {
    const repo = await ctx.pickRepository(undefined, { title: vscode.l10n.t('Filter tags of which repository?') });
    if (!repo) return;
    node = liveRepository(ctx, repo.registry.id, repo.repository);
    if (!isFilterable(node)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Expand the repository in the Registries view first, then filter it.'));
      return;
    }
  }
  const n = node as Filterable;
  const text = typeof value === 'string' ? value : await vscode.window.showInputBox({
    title: n instanceof RepositoryNode ? vscode.l10n.t('Filter tags') : vscode.l10n.t('Filter repositories'),
    prompt: vscode.l10n.t('Part of the name; empty clears the filter.'),
    value: n.filter ?? '',
  });
  if (text === undefined) return;
  // The node decides what a filter costs (its backend's `filtersOnServer`): v2 filters what it loaded (no request,
  // details and Load more stay); Harbor and Docker Hub filter on the server (a new list). Then only this node redraws.
  n.setFilter(text.trim() || undefined);
  n.env.changed(n);
}

export function clearFilter(ctx: Ctx, node?: unknown): void {
  if (isFilterable(node)) {
    node.setFilter(undefined);
    node.env.changed(node);
  }
}

/** "Go to tag…": an exact tag name, checked with one manifest HEAD, pinned to the top of the repository. */
export async function goToTag(ctx: Ctx, node?: unknown, value?: unknown): Promise<TagNode | undefined> {
  let repoNode = node instanceof RepositoryNode ? node : undefined;
  const repo = await ctx.pickRepository(node);
  if (!repo) return undefined;
  repoNode ??= liveRepository(ctx, repo.registry.id, repo.repository);
  const tag = typeof value === 'string' ? value : await vscode.window.showInputBox({
    title: vscode.l10n.t('Go to tag in {0}', repo.repository),
    prompt: vscode.l10n.t('Exact tag name'),
    validateInput: (v) => { try { validateTag(v); return undefined; } catch (e) { return (e as Error).message; } },
  });
  if (!tag) return undefined;
  try {
    const ref = (await ctx.pickImage({ registryId: repo.registry.id, repository: repo.repository, tag }))!.ref;
    const head = await repo.client.headManifest(ref);
    if (!head) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Tag "{0}" does not exist in {1}.', tag, repo.repository));
      return undefined;
    }
    if (!repoNode) return undefined;
    const visible = repoNode.shownTags.some((t) => t.tag === tag && matchesFilter(tag, repoNode!.filter));
    if (!visible && !repoNode.pinned.includes(tag)) repoNode.pinned.unshift(tag);
    repoNode.env.changed(repoNode);
    const found = (await repoNode.getChildren()).find((k): k is TagNode => k instanceof TagNode && k.info.tag === tag);
    // The view may be hidden (palette use): revealing is a courtesy, not the result.
    if (found) await ctx.tree.reveal(found, { select: true, focus: true }).catch((e: unknown) => ctx.log.debug(`reveal: ${String(e)}`));
    return found;
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Go to tag failed'));
    return undefined;
  }
}

export async function sortTags(ctx: Ctx, _node?: unknown, value?: unknown): Promise<void> {
  const choices = [
    { label: vscode.l10n.t('Semantic version (newest first)'), value: 'semver' },
    { label: vscode.l10n.t('Date (newest first)'), value: 'date' },
    { label: vscode.l10n.t('Name'), value: 'name' },
  ];
  const v = typeof value === 'string' ? value : (await vscode.window.showQuickPick(choices, { title: vscode.l10n.t('Sort tags by') }))?.value;
  if (!v) return;
  await vscode.workspace.getConfiguration(SECTION).update('tagSort', v, vscode.ConfigurationTarget.Global);
}

export function showLog(ctx: Ctx): void {
  ctx.log.show(true);
}
