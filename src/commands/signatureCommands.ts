// Signatures, attestations and SBOMs from the tree: Verify Signature (key-based in-process with node:crypto,
// src/registry/cosignVerify.ts; keyless through `cosign verify`, src/signing/cosignKeyless.ts) and Open SBOM
// (the SBOM blob, handed to the scan views' SBOM page through `registryExplorer.showSbomDocument`).
import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename } from 'node:path';
import type { Ctx } from '../editorContext';
import { readSbomDocument, Reference, verifyCosign, type Attachment, type PublicKeyFile, type RegistryClient } from '../registry/index';
import { COSIGN_INSTALL_URL, verifyKeyless } from '../signing/cosignKeyless';
import type { VerificationMark } from '../tree/verificationMarks';
import { requireTrust } from './trust';
import { isCancelled, showCancelled } from './cancelled';

/** The contract with the scan views: this command opens its SBOM page for a parsed CycloneDX or SPDX document. */
export const SHOW_SBOM_COMMAND = 'registryExplorer.showSbomDocument';

async function readKeys(paths: readonly string[]): Promise<PublicKeyFile[]> {
  return Promise.all(paths.map(async (p) => {
    const file = p.startsWith('~/') ? `${homedir()}${p.slice(1)}` : p;
    try {
      return { name: basename(file), pem: await readFile(file, 'utf8') };
    } catch (e) {
      throw new Error(vscode.l10n.t('Cannot read the public key {0} ({1}). Check registryExplorer.cosign.keys.', file, (e as NodeJS.ErrnoException).code ?? String(e)));
    }
  }));
}

/** Verify Signature: the result shows on the tag and in a message; returned for callers and tests. */
export async function verifySignature(ctx: Ctx, arg?: unknown): Promise<VerificationMark | undefined> {
  const picked = await ctx.pickImage(arg, { title: vscode.l10n.t('Verify signature') });
  if (!picked) return undefined;
  const name = picked.ref.familiar();
  const keyPaths = ctx.config.cosignKeys;
  const keyless = ctx.config.cosignKeyless;
  if (!keyPaths.length && !(keyless.identity && keyless.issuer)) {
    const open = vscode.l10n.t('Open Settings');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('No cosign public key is set. Add key files to "registryExplorer.cosign.keys", or set "registryExplorer.cosign.identity" and "registryExplorer.cosign.issuer" for keyless signatures.'), open);
    if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'registryExplorer.cosign');
    return undefined;
  }
  // Keyless runs a program (cosign) found on PATH: only in a trusted workspace.
  if (!keyPaths.length && !(await requireTrust(vscode.l10n.t('Verify Signature (cosign)')))) return undefined;
  try {
    const { digest, mark } = await ctx.withProgress(vscode.l10n.t('Verifying the signature of {0}', name), async (signal) => {
      const d = picked.digest ?? await picked.client.resolveDigest(picked.ref, { signal });
      if (keyPaths.length) {
        const r = await verifyCosign(picked.client, picked.ref.withDigest(d), await readKeys(keyPaths), { signal });
        return { digest: d, mark: { status: r.status, reason: r.status === 'verified' && r.note ? `${r.reason} (${r.note})` : r.reason } as VerificationMark };
      }
      const k = await verifyKeyless({ ref: new Reference(picked.ref.registry, picked.ref.repository, undefined, d).toString(), identity: keyless.identity!, issuer: keyless.issuer!, insecure: picked.registry.insecure === true, signal });
      if (k.status === 'not-installed') {
        void vscode.window.showErrorMessage(vscode.l10n.t('cosign was not found on PATH: install it for keyless verification, or set a public key in "registryExplorer.cosign.keys".'), vscode.l10n.t('Install cosign'))
          .then((c) => { if (c) void vscode.env.openExternal(vscode.Uri.parse(COSIGN_INSTALL_URL)); });
        return { digest: d, mark: undefined };
      }
      return { digest: d, mark: { status: k.status, reason: k.reason } as VerificationMark };
    }, { cancellable: true });
    if (!mark) return undefined;
    ctx.tree.showVerification(picked.registry.id, picked.ref.repository, digest, mark);
    const text = mark.status === 'verified' ? vscode.l10n.t('{0}: signature verified. {1}', name, mark.reason)
      : mark.status === 'unsigned' ? vscode.l10n.t('{0} is not signed. {1}', name, mark.reason)
      : vscode.l10n.t('{0}: signature verification failed. {1}', name, mark.reason);
    if (mark.status === 'verified') void vscode.window.showInformationMessage(text);
    else void vscode.window.showWarningMessage(text);
    return mark;
  } catch (err) {
    if (isCancelled(err)) { showCancelled(ctx, vscode.l10n.t('Verification of {0} cancelled.', name)); return undefined; }
    await ctx.reportError(err, vscode.l10n.t('Verifying the signature of {0} failed', name));
    return undefined;
  }
}

interface SbomNodeLike { attachment: Attachment; subject: Reference; registryId: string }
const isSbomNode = (a: unknown): a is SbomNodeLike => {
  const o = a as Partial<SbomNodeLike> | undefined;
  return !!o && typeof o === 'object' && typeof o.registryId === 'string' && o.attachment?.kind === 'sbom' && !!o.subject;
};

/** Open SBOM (an SBOM attachment row): reads the document and opens it in the scan views' SBOM page. */
export async function openSbom(ctx: Ctx, arg?: unknown): Promise<unknown> {
  if (!isSbomNode(arg)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Expand a signed or attested tag in the Registries view and choose Open SBOM on its SBOM row.'));
    return undefined;
  }
  const client: RegistryClient = ctx.backends.get(arg.registryId).client;
  const title = vscode.l10n.t('SBOM: {0}', arg.subject.familiar());
  try {
    const document = await ctx.withProgress(vscode.l10n.t('Reading the SBOM of {0}', arg.subject.familiar()),
      (signal) => readSbomDocument(client, arg.subject, arg.attachment, { signal }), { cancellable: true });
    if (document === undefined) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The SBOM artifact of {0} holds no document.', arg.subject.familiar()));
      return undefined;
    }
    if ((await vscode.commands.getCommands(true)).includes(SHOW_SBOM_COMMAND)) {
      await vscode.commands.executeCommand(SHOW_SBOM_COMMAND, { title, document });
    } else {
      // Without the SBOM page (not in this build): the document as read-only-in-spirit JSON in an editor.
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(document, null, 2) }), { preview: true });
    }
    return document;
  } catch (err) {
    if (isCancelled(err)) return undefined;
    await ctx.reportError(err, vscode.l10n.t('Opening the SBOM of {0} failed', arg.subject.familiar()));
    return undefined;
  }
}
