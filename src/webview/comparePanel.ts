// Host side of the compare page: a panel showing one ScanDiff (src/scan/diff.ts). The page asks with 'ready'
// each time it loads (retainContextWhenHidden is off) and gets the comparison and its labels again.
import * as vscode from 'vscode';
import type { ScanDiff } from '../scan/diff';
import { compareMessage } from './compareProtocol';
import { openPagePanel } from './pagePanel';
import { webviewStrings } from './webviewStrings';

export const COMPARE_VIEW_TYPE = 'registryExplorer.scanCompare';

export function openCompare(context: vscode.ExtensionContext, diff: ScanDiff, title: string): vscode.WebviewPanel {
  return openPagePanel(context, COMPARE_VIEW_TYPE, title, 'compare', (panel, m) => {
    // The page is untrusted too: only its 'ready' is answered.
    if (typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'ready') void panel.webview.postMessage(compareMessage(diff, title, webviewStrings()));
  });
}
