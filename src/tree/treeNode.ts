/**
 * Tree nodes are small classes (vscode-pull-request-github's TreeNode): `parent`, `getTreeItem()`,
 * `getChildren()`. They wrap client models and never call HTTP themselves except through `env`'s clients
 * in getChildren; errors become ErrorNodes, never pop-ups.
 */
import * as vscode from 'vscode';
import type { Config } from '../config';
import type { Backends, ClientPool, RegistryStore } from '../editorContext';
import type { HarborScanSummary } from '../registry/index';
import type { DetailLoader } from './details';
import type { VerificationMarks } from './verificationMarks';
import type { ProjectFacts } from '../backends/projectAdmin';

export interface TreeEnv {
  readonly config: Config;
  readonly clients: ClientPool;
  /** What nodes list and load through: the registry's backend (never a kind-specific client). */
  readonly backends: Backends;
  readonly registries: RegistryStore;
  readonly log: vscode.LogOutputChannel;
  readonly details: DetailLoader;
  /** Re-render `node` (its item and, when `reload`, its children). */
  changed(node: TreeNode | undefined): void;
  track(node: TreeNode): void;
  /** Harbor listed a scan overview for this digest (badges without rescanning). */
  onHarborScan?(digest: string, overview: HarborScanSummary): void;
  /** Verify Signature results, shown on the tag rows. */
  readonly verifications: VerificationMarks;
}

export abstract class TreeNode {
  constructor(readonly env: TreeEnv, readonly parent: TreeNode | undefined, readonly id: string) {
    env.track(this);
  }
  abstract getTreeItem(): vscode.TreeItem | Promise<vscode.TreeItem>;
  getChildren(): Promise<TreeNode[]> | TreeNode[] {
    return [];
  }
  /** Forget cached children so the next getChildren fetches again. */
  reset(): void {}
  /** The registry id this node belongs to. */
  abstract get registryId(): string;
  /** The project this node is in, where the backend reports project facts (a NamespaceNode answers for its subtree). */
  get project(): ProjectFacts | undefined { return this.parent?.project; }
}

/**
 * Child nodes of a container, by key, kept across redraws. VS Code asks for children again on every change of
 * their parent (Load more, a rate limit arriving, a new namespace): a rebuilt child would start empty and lose the
 * pages it loaded. The owner clears this on refresh, so refreshed lists get fresh children.
 */
export class ChildNodes {
  private readonly nodes = new Map<string, TreeNode>();
  get<N extends TreeNode>(key: string, make: () => N): N {
    let n = this.nodes.get(key) as N | undefined;
    if (!n) this.nodes.set(key, (n = make()));
    return n;
  }
  clear(): void { this.nodes.clear(); }
}
