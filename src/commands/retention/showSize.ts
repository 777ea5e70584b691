// Show Size: a tag's storage (compressed layers + config, per platform for an index) or a repository's
// (each shared blob once), read when asked — never while the tree expands (src/retention/blobSizes.ts).
import * as vscode from 'vscode';
import type { Ctx } from '../../editorContext';
import { Reference, tagDescriptors, RegistryError } from '../../registry/index';
import { imageSize, repositorySize } from '../../retention/blobSizes';
import { TagNode } from '../../tree/nodes/tagNode';
import { PlatformNode } from '../../tree/nodes/platformNode';
import { formatSize } from '../../tree/format';
import { displayRef } from '../pick';

export interface SizeOutcome { bytes: number; platforms?: Array<{ platform?: string; bytes: number }>; message: string }

export async function showSize(ctx: Ctx, arg?: unknown): Promise<SizeOutcome | undefined> {
  const isImage = arg instanceof TagNode || arg instanceof PlatformNode || (typeof arg === 'object' && arg !== null && ('ref' in arg || 'reference' in arg));
  return isImage ? showImageSize(ctx, arg) : showRepositorySize(ctx, arg);
}

async function showImageSize(ctx: Ctx, arg: unknown): Promise<SizeOutcome | undefined> {
  const t = await ctx.pickImage(arg, { title: vscode.l10n.t('Show the size of which image?') });
  if (!t) return undefined;
  try {
    const out = await ctx.withProgress(vscode.l10n.t('Reading the size of {0}…', displayRef(t.ref)), async (signal) => {
      const digest = t.ref.digest ?? t.digest ?? (await t.client.headManifest(t.ref, { signal }))?.digest;
      if (!digest) throw new RegistryError(`${t.ref.familiar()} was not found. Refresh the tree.`, { status: 404, code: 'MANIFEST_UNKNOWN' });
      return imageSize(t.client, t.ref, digest, { signal });
    }, { location: 'window' });
    const per = out.platforms.map((p) => `${p.platform ?? shortPlatform(p.digest)}: ${formatSize(p.bytes)}`).join(', ');
    const message = per
      ? vscode.l10n.t('{0}: {1} (layers and config, shared blobs once); per platform: {2}', displayRef(t.ref), formatSize(out.bytes), per)
      : vscode.l10n.t('{0}: {1} (layers and config, compressed)', displayRef(t.ref), formatSize(out.bytes));
    void vscode.window.showInformationMessage(message);
    return { bytes: out.bytes, platforms: out.platforms, message };
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Reading the size of {0} failed', displayRef(t.ref)));
    return undefined;
  }
}

const shortPlatform = (d: string) => d.slice(0, 19);

async function showRepositorySize(ctx: Ctx, arg: unknown): Promise<SizeOutcome | undefined> {
  const r = await ctx.pickRepository(arg, { title: vscode.l10n.t('Show the size of which repository?') });
  if (!r) return undefined;
  try {
    const bytes = await ctx.withProgress(vscode.l10n.t('Reading the size of {0}…', r.repository), async (signal) => {
      const repo = new Reference(r.backend.host, r.repository);
      const tags = await tagDescriptors(r.client, repo, { signal, concurrency: ctx.config.detailConcurrency, scope: [repo.scope(['pull'])] });
      return repositorySize(r.client, repo, [...new Set([...tags.values()].map((d) => d.digest))], { signal });
    });
    const message = vscode.l10n.t('{0}: {1} referenced by its tags (each shared blob counted once)', r.repository, formatSize(bytes));
    void vscode.window.showInformationMessage(message);
    return { bytes, message };
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Reading the size of {0} failed', r.repository));
    return undefined;
  }
}
