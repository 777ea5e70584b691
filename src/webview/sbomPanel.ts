// Host side of the SBOM page: shows one parsed SBOM; saves the document as given (JSON) or its packages (CSV).
import * as vscode from 'vscode';
import { packagesToCSV } from '../sbom/csv';
import type { Sbom } from '../sbom/model';
import { openPagePanel } from './pagePanel';
import { isSbomPageMessage, sbomMessage } from './sbomProtocol';
import { webviewStrings } from './webviewStrings';

export const SBOM_VIEW_TYPE = 'registryExplorer.sbom';

export function openSbom(context: vscode.ExtensionContext, sbom: Sbom, document: unknown, title: string): vscode.WebviewPanel {
  return openPagePanel(context, SBOM_VIEW_TYPE, title, 'sbom', async (panel, m) => {
    if (!isSbomPageMessage(m)) return;
    if (m.type === 'ready') {
      await panel.webview.postMessage(sbomMessage(sbom, title, webviewStrings()));
      return;
    }
    const keys = m.shown ? new Set(m.shown) : undefined;
    const packages = keys ? sbom.packages.filter((p) => keys.has(p.key)) : sbom.packages;
    if (keys && packages.length !== keys.size) return; // keys this SBOM does not have: a stale or misbehaving page
    await saveExport(m.format, m.format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : packagesToCSV(packages), sbom, title);
  });
}

async function saveExport(format: 'json' | 'csv', text: string, sbom: Sbom, title: string): Promise<void> {
  const base = (sbom.subject ?? title).split('/').pop()!.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'sbom';
  const ext = format === 'json' ? (sbom.format === 'cyclonedx' ? 'cdx.json' : 'spdx.json') : 'csv';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const label = format === 'json' ? 'JSON' : 'CSV';
  const target = await vscode.window.showSaveDialog({
    title: format === 'json' ? vscode.l10n.t('Save the SBOM') : vscode.l10n.t('Export the SBOM packages as CSV'),
    defaultUri: folder ? vscode.Uri.joinPath(folder, `${base}.${ext}`) : undefined,
    filters: { [label]: [format] },
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
  void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0}', target.fsPath || target.toString()));
}
