/**
 * The Registries tree: one RegistryNode per configured registry. Refreshing a node resets only that node's
 * cached children, so "Load more", delete and retag redraw the smallest subtree.
 */
import * as vscode from 'vscode';
import type { ClientPool, RegistryStore, TreeHandle } from '../editorContext';
import type { Config } from '../config';
import type { HarborScanSummary } from '../registry/index';
import { TreeNode, type TreeEnv } from './treeNode';
import { RegistryNode } from './nodes/registryNode';
import { RepositoryNode } from './nodes/repositoryNode';
import { DetailLoader } from './details';
import { VerificationMarks, type VerificationMark } from './verificationMarks';
import { TagNode } from './nodes/tagNode';
import { printableItem } from './format';
import { BackendPool } from '../connections/backendPool';

export class RegistryTreeProvider implements vscode.TreeDataProvider<TreeNode>, TreeHandle, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  readonly details: DetailLoader;
  readonly verifications = new VerificationMarks();
  private roots = new Map<string, { key: string; node: RegistryNode }>();
  /** Latest instance of each container node by id (registries, projects, namespaces, repositories). */
  private readonly live = new Map<string, WeakRef<TreeNode>>();
  private readonly env: TreeEnv;
  private readonly subs: vscode.Disposable[] = [this.emitter];
  view: vscode.TreeView<TreeNode> | undefined;

  constructor(config: Config, clients: ClientPool, private readonly registries: RegistryStore, log: vscode.LogOutputChannel,
    onHarborScan?: (digest: string, overview: HarborScanSummary) => void) {
    this.details = new DetailLoader(config.detailConcurrency);
    this.env = {
      config, clients, backends: new BackendPool(registries, clients), registries, log, details: this.details,
      changed: (node) => this.emitter.fire(node),
      track: (node) => this.live.set(node.id, new WeakRef(node)),
      onHarborScan,
      verifications: this.verifications,
    };
    // A saved definition redraws the roots without reloading them: rootNodes() replaces only registries whose
    // connection changed (edit and reconnect refresh their registry themselves), so loaded pages stay.
    this.subs.push(registries.onDidChange(() => this.emitter.fire(undefined)));
    this.subs.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (config.affects(e, 'detailConcurrency')) this.details.setConcurrency(config.detailConcurrency);
      if (config.affects(e, 'pageSize')) this.refresh();
      else if (config.affects(e, 'tagSort') || config.affects(e, 'showAttachmentTags')) this.resort();
    }));
  }

  /** Every row VS Code shows passes here: registry text is made printable once, for every kind of node. */
  getTreeItem(node: TreeNode): vscode.TreeItem | Promise<vscode.TreeItem> {
    const item = node.getTreeItem();
    return item instanceof Promise ? item.then(printableItem) : printableItem(item);
  }

  /** On hover: the tooltip as of now (counts and details may have arrived since the row was drawn). */
  async resolveTreeItem(item: vscode.TreeItem, node: TreeNode): Promise<vscode.TreeItem> {
    item.tooltip = (await node.getTreeItem()).tooltip ?? item.tooltip;
    return item;
  }

  getChildren(node?: TreeNode): TreeNode[] | Promise<TreeNode[]> {
    if (node) return node.getChildren();
    return this.rootNodes();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  rootNodes(): RegistryNode[] {
    const next = new Map<string, { key: string; node: RegistryNode }>();
    for (const def of this.registries.list()) {
      const key = JSON.stringify(def);
      const old = this.roots.get(def.id);
      if (old && old.key === key) next.set(def.id, old);
      else if (old?.node.canAdopt(def)) {
        // Only the name or the Docker Hub namespaces changed: keep the node and what it loaded.
        old.node.adopt(def);
        next.set(def.id, { key, node: old.node });
      } else {
        next.set(def.id, { key, node: new RegistryNode(this.env, def) });
      }
    }
    for (const id of this.roots.keys()) if (!next.has(id)) this.details.forget(id);
    this.roots = next;
    return [...next.values()].map((r) => r.node);
  }

  find(id: string): TreeNode | undefined {
    return this.live.get(id)?.deref();
  }

  refresh(node?: TreeNode): void {
    if (node) {
      node.reset();
      this.emitter.fire(node);
      return;
    }
    for (const r of this.roots.values()) r.node.reset();
    this.details.clear();
    this.emitter.fire(undefined);
  }

  /**
   * A new tag sort: every live repository re-arranges what it loaded (rows, Load more and details stay; VS Code
   * asks for the children of each again). Nothing is fetched here.
   */
  resort(): void {
    for (const [id, ref] of this.live) {
      const n = ref.deref();
      if (!n) { this.live.delete(id); continue; }
      if (n instanceof RepositoryNode) this.emitter.fire(n);
    }
  }

  refreshRegistry(registryId: string): void {
    const r = this.roots.get(registryId);
    this.refresh(r?.node);
  }

  refreshRepository(registryId: string, repository: string): void {
    let found = false;
    for (const [id, ref] of this.live) {
      const n = ref.deref();
      if (!n) { this.live.delete(id); continue; }
      if (n instanceof RepositoryNode && n.registryId === registryId && n.info.repository === repository) {
        this.refresh(n);
        found = true;
      }
    }
    if (!found) this.refreshRegistry(registryId);
  }

  /** Shows a Verify Signature result on the rows of that digest (only those rows redraw). */
  showVerification(registryId: string, repository: string, digest: string, mark: VerificationMark): void {
    this.verifications.set(registryId, repository, digest, mark);
    for (const [id, ref] of this.live) {
      const n = ref.deref();
      if (!n) { this.live.delete(id); continue; }
      if (n instanceof TagNode && n.registryId === registryId && n.repo.info.repository === repository && n.info.digest === digest) this.emitter.fire(n);
    }
  }

  async reveal(node: TreeNode, opts?: { select?: boolean; focus?: boolean; expand?: boolean | number }): Promise<void> {
    if (this.view) await this.view.reveal(node, opts);
  }

  /** Repository nodes currently alive (for palette quick picks). */
  liveRepositories(): RepositoryNode[] {
    const out: RepositoryNode[] = [];
    for (const ref of this.live.values()) {
      const n = ref.deref();
      if (n instanceof RepositoryNode) out.push(n);
    }
    return out;
  }

  dispose(): void {
    this.subs.forEach((d) => d.dispose());
  }
}
