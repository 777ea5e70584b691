// The webviews' label table in VS Code's display language, for the page's first message (see strings.ts).
import * as vscode from 'vscode';
import { WEBVIEW_MESSAGES, type WebviewStrings } from './strings';

export function webviewStrings(): WebviewStrings {
  // The placeholders are passed as their own arguments, so l10n.t leaves "{0}" for the page to fill.
  return Object.fromEntries(WEBVIEW_MESSAGES.map((m) => [m, vscode.l10n.t(m, '{0}', '{1}', '{2}')]));
}
