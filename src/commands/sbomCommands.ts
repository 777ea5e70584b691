// SBOMs: "Show SBOM" on a tag (Trivy's CycloneDX of the image, `trivy image --format cyclonedx`), and
// registryExplorer.showSbomDocument for an SBOM another feature already has (one attached to an image).
import * as vscode from 'vscode';
import type { Ctx } from '../editorContext';
import { Reference } from '../registry/index';
import { ScanError } from '../scan/errors';
import { runTrivySbom } from '../scan/runTrivy';
import type { Sbom } from '../sbom/model';
import { parseSbom } from '../sbom/parseSbom';
import { openSbom } from '../webview/sbomPanel';
import { isCancelled, showCancelled } from './cancelled';
import { trivyNotFound, trivyRunOptions, withDigest } from './scan';
import { requireTrust } from './trust';

export async function showSbom(ctx: Ctx, arg?: unknown): Promise<Sbom | undefined> {
  const picked = await ctx.pickImage(arg, { title: vscode.l10n.t('Show SBOM') });
  if (!picked) return undefined;
  const ref = picked.ref;
  const name = ref.tag !== undefined ? new Reference(ref.registry, ref.repository, ref.tag).familiar() : ref.familiar();
  if (!(await requireTrust(vscode.l10n.t('Show SBOM (Trivy)')))) return undefined;
  try {
    const o = await trivyRunOptions(ctx, await withDigest(ctx, picked));
    const document = await ctx.withProgress(vscode.l10n.t('Listing the packages of {0} with Trivy', name), (signal, report) =>
      runTrivySbom({ ...o, signal, onProgress: (m) => report(m) }), { cancellable: true });
    return open(ctx, { title: vscode.l10n.t('SBOM: {0}', name), document });
  } catch (err) {
    if (isCancelled(err)) showCancelled(ctx, vscode.l10n.t('SBOM of {0} cancelled.', name));
    else if (err instanceof ScanError && err.code === 'trivy-not-found') await trivyNotFound(ctx);
    else await ctx.reportError(err, vscode.l10n.t('Listing the packages of {0} failed', name));
    return undefined;
  }
}

/**
 * `{ title, document }`: a parsed CycloneDX or SPDX JSON document (for example one attached to an image).
 * Called by other features: it answers at once (undefined on bad input) while the error stays on screen,
 * rather than holding its caller until the user dismisses the message.
 */
export async function showSbomDocument(ctx: Ctx, arg?: unknown): Promise<Sbom | undefined> {
  const a = arg as { title?: unknown; document?: unknown } | undefined;
  if (typeof a !== 'object' || a === null || typeof a.title !== 'string' || a.document === undefined) {
    void ctx.reportError(new Error(vscode.l10n.t('registryExplorer.showSbomDocument takes { title, document }: a title and a parsed CycloneDX or SPDX JSON document.')), vscode.l10n.t('Showing the SBOM failed'));
    return undefined;
  }
  try {
    return open(ctx, { title: a.title, document: a.document });
  } catch (err) {
    void ctx.reportError(err, vscode.l10n.t('Showing the SBOM {0} failed', a.title));
    return undefined;
  }
}

function open(ctx: Ctx, a: { title: string; document: unknown }): Sbom {
  const sbom = parseSbom(a.document);
  openSbom(ctx.extension, sbom, a.document, a.title);
  return sbom;
}
