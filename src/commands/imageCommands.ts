/** Commands on images: copy reference / pull command, pull, inspect, retag, copy to, search Docker Hub. */
import * as vscode from 'vscode';
import { Reference, validateTag, validateRepository } from '../registry/index';
import type { Ctx, ImageTarget, RegistryDefinition } from '../editorContext';
import { registryHost } from '../connections/clientPool';
import { inspectUri, type InspectWhat } from './inspectProvider';
import { formatSize } from '../tree/format';
import { displayRef } from './pick';
import { learnScheme, needsInsecure } from '../imageBuild/index';
import { explainDockerPlainHttp } from './buildAndPush/builder';
import { requireTrust } from './trust';
import { isCancelled, showCancelled } from './cancelled';

/** What users paste into `docker pull`: Docker Hub in its familiar form, everything else in full. */
export function pullReference(ref: Reference): string {
  return ref.registry === 'docker.io' ? ref.familiar() : ref.toString();
}

/**
 * The reference a user copies or pulls: "repo:tag" when there is a tag, "repo@digest" otherwise. A tree node's
 * reference also carries the digest once its details have loaded; "repo:tag@digest" would make the copied text
 * depend on timing, and containers/image (podman, skopeo) refuses references with both a tag and a digest.
 */
export function userReference(ref: Reference): Reference {
  return ref.tag ? new Reference(ref.registry, ref.repository, ref.tag) : ref;
}

/** POSIX-shell quoting for text copied to the clipboard (references are grammar-checked; this is belt and braces). */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9@%+=:,./_-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The target pinned to its digest (the client's one home for resolving a tag). */
async function withDigest(_ctx: Ctx, t: ImageTarget): Promise<Reference> {
  return t.ref.digest ? t.ref : t.ref.withDigest(await t.client.resolveDigest(t.ref));
}

export async function copyReference(ctx: Ctx, arg?: unknown): Promise<string | undefined> {
  const t = await ctx.pickImage(arg);
  if (!t) return undefined;
  const text = pullReference(userReference(t.ref));
  await vscode.env.clipboard.writeText(text);
  void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', text), 3000);
  return text;
}

export async function copyDigestReference(ctx: Ctx, arg?: unknown): Promise<string | undefined> {
  const t = await ctx.pickImage(arg);
  if (!t) return undefined;
  try {
    const d = await withDigest(ctx, t);
    const text = pullReference(new Reference(d.registry, d.repository, undefined, d.digest));
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', text), 3000);
    return text;
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Copy digest reference failed'));
    return undefined;
  }
}

export async function copyPullCommand(ctx: Ctx, arg?: unknown): Promise<string | undefined> {
  const t = await ctx.pickImage(arg);
  if (!t) return undefined;
  const { args } = await pullArgs(ctx, t, pullReference(userReference(t.ref)));
  const text = `${ctx.config.pullClient} ${args.map(shellQuote).join(' ')}`;
  await vscode.env.clipboard.writeText(text);
  void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', text), 3000);
  return text;
}

/**
 * Pull client arguments for an image. podman does not fall back to plain HTTP by itself: a registry the
 * client reaches over http (an http:// URL, insecure, or a loopback host that answered in plain HTTP) gets
 * `--tls-verify=false`. docker decides in its daemon (see explainDockerPlainHttp).
 */
async function pullArgs(ctx: Ctx, t: ImageTarget, ref: string): Promise<{ args: string[]; insecure: boolean }> {
  const insecure = needsInsecure(t.registry) || needsInsecure({ ...t.registry, scheme: await learnScheme(t.client) });
  const flags = ctx.config.pullClient === 'podman' && insecure ? ['--tls-verify=false'] : [];
  return { args: ['pull', ...flags, ref], insecure };
}

/** Pull in a terminal: the client binary runs directly with an argument array, never through a shell string. */
export async function pull(ctx: Ctx, arg?: unknown): Promise<void> {
  const bin = ctx.config.pullClient;
  if (!(await requireTrust(vscode.l10n.t('Pull Image ({0})', bin)))) return;
  const t = await ctx.pickImage(arg);
  if (!t) return;
  const ref = pullReference(userReference(t.ref));
  const { args, insecure } = await pullArgs(ctx, t, ref);
  if (bin === 'docker') explainDockerPlainHttp({ kind: 'docker', path: bin }, { registry: t.ref.registry, insecure }, (text) => void vscode.window.showInformationMessage(text));
  const term = vscode.window.createTerminal({ name: `${bin} pull ${ref}`, shellPath: bin, shellArgs: args, isTransient: true });
  term.show();
}

export async function inspect(ctx: Ctx, arg?: unknown, what?: unknown): Promise<vscode.TextDocument | undefined> {
  const t = await ctx.pickImage(arg);
  if (!t) return undefined;
  const w: InspectWhat = what === 'config' ? 'config' : 'manifest';
  try {
    const doc = await vscode.workspace.openTextDocument(inspectUri(t.registry.id, t.ref, w));
    const json = await vscode.languages.setTextDocumentLanguage(doc, 'jsonc');
    await vscode.window.showTextDocument(json, { preview: true });
    return json;
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Inspect {0} failed', displayRef(t.ref)));
    return undefined;
  }
}

export function inspectConfig(ctx: Ctx, arg?: unknown): Promise<vscode.TextDocument | undefined> {
  return inspect(ctx, arg, 'config');
}

/** Retag: a new tag in the same repository, the backend's way (v2: one manifest GET + one PUT; Harbor: its tag API). */
export async function retag(ctx: Ctx, arg?: unknown, newTag?: unknown): Promise<string | undefined> {
  const t = await ctx.pickImage(arg, { title: vscode.l10n.t('Retag which image?') });
  if (!t) return undefined;
  const tag = typeof newTag === 'string' ? newTag : await vscode.window.showInputBox({
    title: vscode.l10n.t('New tag for {0}', displayRef(t.ref)),
    validateInput: (v) => { try { validateTag(v); return undefined; } catch (e) { return (e as Error).message; } },
  });
  if (!tag) return undefined;
  try {
    const digest = await ctx.withProgress(vscode.l10n.t('Tagging {0} as {1}…', displayRef(t.ref), tag), (signal) => t.backend.retag(t.ref, tag, { signal }));
    ctx.tree.refreshRepository(t.registry.id, t.ref.repository);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Tagged {0}', t.ref.withTag(tag).familiar()), 4000);
    return digest;
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Retag {0} failed', displayRef(t.ref)));
    return undefined;
  }
}

/** Copy to another repository or registry: blobs mount or stream, manifests last; progress + cancel. */
export async function copyTo(ctx: Ctx, arg?: unknown, dest?: unknown): Promise<string | undefined> {
  const t = await ctx.pickImage(arg, { title: vscode.l10n.t('Copy which image?') });
  if (!t) return undefined;
  const d = (dest && typeof dest === 'object' ? dest : {}) as { registryId?: string; repository?: string; tag?: string };
  const target = await ctx.pickRegistry(d.registryId, { title: vscode.l10n.t('Copy {0} to which registry?', displayRef(t.ref)) });
  if (!target) return undefined;
  const repository = d.repository ?? await vscode.window.showInputBox({
    title: vscode.l10n.t('Destination repository'), value: t.ref.repository,
    validateInput: (v) => { try { validateRepository(v); return undefined; } catch (e) { return (e as Error).message; } },
  });
  if (!repository) return undefined;
  const tag = d.tag ?? await vscode.window.showInputBox({
    title: vscode.l10n.t('Destination tag'), value: t.ref.tag ?? 'latest',
    validateInput: (v) => { try { validateTag(v); return undefined; } catch (e) { return (e as Error).message; } },
  });
  if (!tag) return undefined;
  const dst = new Reference(registryHost(target), repository, tag);
  try {
    const digest = await ctx.withProgress(vscode.l10n.t('Copying {0} to {1}', displayRef(t.ref), dst.familiar()), (signal, report) =>
      t.backend.copy(t.ref, ctx.backends.get(target.id), dst, {
        signal,
        onProgress: (p) => report(vscode.l10n.t('{0}/{1} blobs, {2}', p.blobsDone, p.blobsTotal, formatSize(p.bytes))),
      }));
    ctx.tree.refreshRepository(target.id, repository);
    void vscode.window.showInformationMessage(vscode.l10n.t('Copied {0} to {1}.', displayRef(t.ref), dst.familiar()));
    return digest;
  } catch (err) {
    if (isCancelled(err)) {
      // The manifest goes last, so a cancelled copy never tagged anything; blobs already sent stay (unreferenced).
      showCancelled(ctx, vscode.l10n.t('Copy to {0} cancelled.', dst.familiar()));
      return undefined;
    }
    await ctx.reportError(err, vscode.l10n.t('Copy to {0} failed', dst.familiar()));
    return undefined;
  }
}

export async function searchDockerHub(ctx: Ctx, arg?: unknown, query?: unknown): Promise<void> {
  // The Hub's search needs no account: with no Docker Hub registry configured, search anonymously and offer
  // to add Docker Hub afterwards instead of stopping at "no registries".
  const hubs = ctx.registries.list().filter((d) => ctx.backends.get(d.id).caps.canSearch);
  let def: RegistryDefinition | undefined;
  if (arg !== undefined || hubs.length) {
    def = await ctx.pickRegistry(arg, { can: 'canSearch' });
    if (!def) return;
  }
  const q = typeof query === 'string' ? query : await vscode.window.showInputBox({ title: vscode.l10n.t('Search Docker Hub'), prompt: vscode.l10n.t('Image name or keyword') });
  if (!q) return;
  try {
    const search = def ? ctx.backends.get(def.id) : ctx.backends.anonymousSearch();
    const page = await ctx.withProgress(vscode.l10n.t('Searching Docker Hub for "{0}"…', q), (signal) => search.search(q, { signal }), { location: 'window' });
    const items = page.items.map((r) => ({
      label: r.name, description: [r.official ? vscode.l10n.t('official') : '', r.stars !== undefined ? `★ ${r.stars}` : ''].filter(Boolean).join(' '), detail: r.description, name: r.name,
    }));
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Docker Hub: {0} results for "{1}"', page.total ?? items.length, q), matchOnDetail: true });
    if (!picked) return;
    const repo = picked.name.includes('/') ? picked.name : `library/${picked.name}`;
    const copyCmd = vscode.l10n.t('Copy Pull Command');
    const addNs = vscode.l10n.t('Show Namespace in Tree');
    const addHub = vscode.l10n.t('Add Docker Hub to the Registries view');
    const choice = await vscode.window.showInformationMessage(picked.name, copyCmd, def ? addNs : addHub);
    if (choice === copyCmd) {
      if (def) await copyPullCommand(ctx, { registryId: def.id, repository: repo, tag: 'latest' });
      else {
        const text = `${ctx.config.pullClient} pull ${shellQuote(pullReference(new Reference('docker.io', repo, 'latest')))}`;
        await vscode.env.clipboard.writeText(text);
        void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', text), 3000);
      }
    }
    if (choice === addHub) await vscode.commands.executeCommand('registryExplorer.addRegistry');
    if (choice === addNs && def) {
      const ns = repo.split('/')[0];
      const namespaces = [...new Set([...(def.namespaces ?? (def.username ? [def.username, 'library'] : ['library'])), ns])];
      await ctx.registries.save({ ...def, namespaces });
    }
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Docker Hub search failed'));
  }
}
