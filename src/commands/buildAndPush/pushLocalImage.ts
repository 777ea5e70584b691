/**
 * "Push Local Image…": pick an image from the local builder's store (`docker images`, `podman images`,
 * `buildah images`), tag it for a configured registry and push it.
 * It uses the same builder settings as Build and Push (builder, build.storage).
 *
 * Programmatic use (tests): `registryExplorer.pushLocalImage({ image, registryId, repository, tag })` runs
 * without prompts and returns { reference, digest }.
 */
import * as vscode from 'vscode';
import type { Ctx, RegistryDefinition } from '../../editorContext';
import { imagesInvocation, parseLocalImages, pushLocalImage as pushLocal, runProcess, type Builder, type LocalImage, type StorageOptions } from '../../imageBuild/index';
import { parseReference, validateRepository, validateTag } from '../../registry/index';
import { requireTrust } from '../trust';
import { detect, pushReference, targetFor } from './builder';
import { pushInTerminal } from './pushInTerminal';

interface PushArgs { image: string; registryId: string; repository: string; tag: string }

function isPushArgs(v: unknown): v is PushArgs {
  const o = v as Record<string, unknown> | undefined;
  return !!o && typeof o === 'object' && typeof o.image === 'string' && typeof o.registryId === 'string' &&
    typeof o.repository === 'string' && typeof o.tag === 'string';
}

export async function listLocalImages(builder: Builder, storage?: StorageOptions, signal?: AbortSignal): Promise<LocalImage[]> {
  const out: string[] = [];
  const r = await runProcess(imagesInvocation(builder, { storage }), { signal, onLine: (l, s) => { if (s === 'stdout') out.push(l); } });
  if (r.code !== 0) throw new Error(vscode.l10n.t('{0} images failed: {1}', builder.kind, r.tail.filter((l) => l.trim()).slice(-1)[0] ?? String(r.code)));
  return parseLocalImages(builder.kind, out.join('\n'));
}

/** The repository and tag an image name suggests ("host/team/app:1" → team/app, 1). */
function suggestFromName(name: string | undefined): { repository?: string; tag?: string } {
  if (!name) return {};
  try {
    const r = parseReference(name);
    return { repository: r.registry === 'docker.io' ? r.repository.replace(/^library\//, '') : r.repository, tag: r.tag };
  } catch { return {}; }
}

export async function pushLocalImage(ctx: Ctx, arg?: unknown): Promise<{ reference: string; digest?: string } | undefined> {
  const args = isPushArgs(arg) ? arg : undefined;
  if (!(await requireTrust(vscode.l10n.t('Push Local Image')))) return undefined;
  const settings = ctx.config.build();
  const builder = await detect(ctx, settings.builder, !args);
  if (!builder) return undefined;

  let source = args?.image;
  let sourceName: string | undefined;
  if (!source) {
    let images: LocalImage[];
    try {
      images = await ctx.withProgress(vscode.l10n.t('Listing local images…'), (signal) => listLocalImages(builder, settings.storage, signal), { location: 'window' });
    } catch (err) {
      await ctx.reportError(err, vscode.l10n.t('Listing local images failed'));
      return undefined;
    }
    if (images.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no local images.', builder.kind));
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(images.flatMap((img) => (img.names.length ? img.names : ['<none>']).map((n) => ({
      label: n, description: img.id.slice(0, 12), detail: [img.size, img.created].filter(Boolean).join(' · '), img, name: n === '<none>' ? undefined : n,
    }))), { title: vscode.l10n.t('Push which local image? ({0})', builder.kind), matchOnDescription: true });
    if (!pick) return undefined;
    source = pick.name ?? pick.img.id;
    sourceName = pick.name;
  }

  // From the tree (a registry or repository node), that registry is the target and the repository a default.
  const node = !args && arg && typeof arg === 'object' ? arg as { registryId?: unknown; info?: { repository?: unknown } } : undefined;
  const fromNode = typeof node?.registryId === 'string' ? node : undefined;
  const def: RegistryDefinition | undefined = args ? ctx.registries.get(args.registryId)
    : await ctx.pickRegistry(fromNode, { title: vscode.l10n.t('Push to which registry?') });
  if (!def) {
    if (args) throw new Error(vscode.l10n.t('Unknown registry id {0}', args.registryId));
    return undefined;
  }
  const guess = suggestFromName(sourceName);
  if (typeof fromNode?.info?.repository === 'string') guess.repository = fromNode.info.repository;
  const repository = args?.repository ?? await vscode.window.showInputBox({
    title: vscode.l10n.t('Repository in {0}', def.name), value: guess.repository,
    validateInput: (v) => { try { validateRepository(v); return undefined; } catch (e) { return (e as Error).message; } },
  });
  if (!repository) return undefined;
  const tag = args?.tag ?? await vscode.window.showInputBox({
    title: vscode.l10n.t('Tag'), value: guess.tag ?? 'latest',
    validateInput: (v) => { try { validateTag(v); return undefined; } catch (e) { return (e as Error).message; } },
  });
  if (!tag) return undefined;

  const ref = await pushReference(ctx, def, repository, tag, !args);
  if (!ref) return undefined;
  const target = await targetFor(ctx, def);
  const src = source;
  return pushInTerminal(ctx, { title: vscode.l10n.t('Push {0}', ref.familiar()), builder, target, def, repository, interactive: !args },
    (hooks) => pushLocal({ builder, target, storage: settings.storage, signal: hooks.signal, source: src, reference: ref, onCommand: hooks.onCommand, onLine: hooks.onLine }));
}
