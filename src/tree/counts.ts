import * as vscode from 'vscode';

// One l10n string per number form ("1 repository", "{0} repositories"), so a language can word each its own way
// (as src/tree/timeWords.ts does for relative times).

export function repositoryCount(n: number): string {
  return n === 1 ? vscode.l10n.t('1 repository') : vscode.l10n.t('{0} repositories', n);
}

export function artifactCount(n: number): string {
  return n === 1 ? vscode.l10n.t('1 artifact') : vscode.l10n.t('{0} artifacts', n);
}
