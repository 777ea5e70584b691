/** How a protected tag is explained to people (ImmutableTagError, src/backends/immutableTagError.ts), localized. */
import * as vscode from 'vscode';
import { ImmutableTagError } from '../../backends/immutableTagError';

export function immutableTagMessage(err: unknown): string | undefined {
  if (!(err instanceof ImmutableTagError)) return undefined;
  const what = err.tag ? `${err.repository}:${err.tag}` : err.repository;
  const rule = err.rule ? vscode.l10n.t('immutability rule {0}', err.rule) : vscode.l10n.t('a tag immutability rule');
  return err.action === 'delete'
    ? vscode.l10n.t('{0} is protected by {1} of its project: Harbor does not delete it. Change or remove the rule (Show Immutability Rules), then try again.', what, rule)
    : vscode.l10n.t('{0} is protected by {1} of its project: Harbor does not move it to another image. Choose another tag, or change the rule (Show Immutability Rules).', what, rule);
}
