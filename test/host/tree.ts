// Walking the extension's live tree from an in-host suite: find a registry's root, a child by label, the labels
// under a node, and add registries through the real command. Every suite imports this module; scripts/host-test.mjs
// bundles each suite on its own, so each gets its own copy (nothing here keeps state between calls).
// The nodes come from the extension's bundle, not this one: suites read their TreeItems and never use
// `instanceof` on them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';

export const EXTENSION_ID = 'registry-explorer.registry-explorer';

/** What the suites use of a tree node. */
export type Node = { id: string; registryId: string; getTreeItem(): vscode.TreeItem | Promise<vscode.TreeItem>; getChildren(): Promise<Node[]> | Node[] };
/** The tree provider as the suites see it: children, and the number of detail loads in flight. */
export type Provider = { getChildren(n?: Node): Promise<Node[]> | Node[]; details: { pending: number } };

/** The extension's API, activating it when nothing has yet. */
export async function extensionApi(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, 'extension not loaded');
  return ext.isActive ? ext.exports : await ext.activate();
}

/** The live tree provider (the extension must be active: every suite activates it in suiteSetup). */
export function provider(): Provider {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext?.isActive, 'the extension is not active: call extensionApi() first');
  return ext.exports.ctx.tree as unknown as Provider;
}

export const item = async (n: Node): Promise<vscode.TreeItem> => n.getTreeItem();

export async function label(n: Node): Promise<string> {
  const l = (await item(n)).label;
  return typeof l === 'string' ? l : l?.label ?? '';
}

export async function children(n?: Node): Promise<Node[]> {
  return provider().getChildren(n);
}

/** The labels of `n`'s children (the registries at the root when `n` is omitted). */
export async function childLabels(n?: Node): Promise<string[]> {
  return Promise.all((await children(n)).map(label));
}

/** The child of `n` labelled `name`; the error lists what is there instead. */
export async function child(n: Node | undefined, name: string): Promise<Node> {
  const kids = await children(n);
  for (const k of kids) if (await label(k) === name) return k;
  throw new Error(`no child "${name}" under ${n?.id ?? 'root'}; have: ${(await Promise.all(kids.map(label))).join(', ')}`);
}

/** The root node of registry `id`. */
export async function rootOf(id: string): Promise<Node> {
  const r = (await children()).find((n) => n.registryId === id);
  assert.ok(r, `registry ${id} not in the tree`);
  return r;
}

/** Adds a registry through the command (arguments given, so no prompt) and notes its id in `added` for the teardown. */
export async function addRegistry(args: Record<string, unknown>, added: string[]): Promise<string> {
  const id = await vscode.commands.executeCommand<string | undefined>('registryExplorer.addRegistry', args);
  assert.ok(id, `addRegistry returned nothing for ${JSON.stringify({ ...args, password: args.password ? '***' : undefined })}`);
  added.push(id);
  return id;
}
