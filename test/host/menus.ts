// Which tree context-menu commands package.json shows for a row: evaluates the `view/item/context` `when` clauses of
// the form the extension uses (`view == registryExplorer.registries && viewItem =~ /…/` and `viewItem == x`) against
// a row's contextValue, as VS Code's context key service would.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './tree';

interface MenuEntry { command: string; when?: string }

function clauseHolds(clause: string, viewItem: string): boolean {
  const c = clause.trim();
  if (c === 'view == registryExplorer.registries') return true;
  const re = /^viewItem =~ \/(.*)\/([a-z]*)$/.exec(c);
  if (re) return new RegExp(re[1], re[2]).test(viewItem);
  const eq = /^viewItem == (.*)$/.exec(c);
  if (eq) return viewItem === eq[1].trim();
  assert.fail(`a menu clause this helper cannot evaluate: ${c}`);
}

/** The commands of the view's item context menu shown for a row with this contextValue. */
export function menuCommandsFor(contextValue: string): string[] {
  const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { menus: Record<string, MenuEntry[]> } };
  return pkg.contributes.menus['view/item/context']
    .filter((m) => !m.when || m.when.split('&&').every((c) => clauseHolds(c, contextValue)))
    .map((m) => m.command.replace(/^registryExplorer\./, ''));
}
