import * as vscode from 'vscode';
import type { RelativeTimeWords } from './format';

/** Localized words for relativeTime(); one l10n string per unit and number form. */
export function timeWords(): RelativeTimeWords {
  return {
    justNow: vscode.l10n.t('just now'),
    ago: (n, unit) => {
      switch (unit) {
        case 'minute': return n === 1 ? vscode.l10n.t('1 minute ago') : vscode.l10n.t('{0} minutes ago', n);
        case 'hour': return n === 1 ? vscode.l10n.t('1 hour ago') : vscode.l10n.t('{0} hours ago', n);
        case 'day': return n === 1 ? vscode.l10n.t('1 day ago') : vscode.l10n.t('{0} days ago', n);
        case 'month': return n === 1 ? vscode.l10n.t('1 month ago') : vscode.l10n.t('{0} months ago', n);
        default: return n === 1 ? vscode.l10n.t('1 year ago') : vscode.l10n.t('{0} years ago', n);
      }
    },
  };
}
