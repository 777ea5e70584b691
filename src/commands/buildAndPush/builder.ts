/** Which builder runs (docker, podman or buildah) and how it reaches a configured registry. */
import * as vscode from 'vscode';
import type { Ctx, RegistryDefinition } from '../../editorContext';
import type { Reference } from '../../registry/index';
import { detectBuilder, dockerNeedsInsecureRegistries, learnScheme, resolveTarget, targetRegistry, type Builder, type BuilderSetting, type TargetRegistry } from '../../imageBuild/index';
import { registryHost } from '../../connections/clientPool';
import { builderCredentials } from '../toolCredentials';

/** The builder the setting names (or the first one found); people get a message when there is none. */
export async function detect(ctx: Ctx, setting: BuilderSetting, interactive = true): Promise<Builder | undefined> {
  try {
    return await detectBuilder(setting);
  } catch (err) {
    if (!interactive) throw err;
    await ctx.reportError(err, vscode.l10n.t('No image builder'));
    return undefined;
  }
}

/** How the builder reaches a configured registry, with its stored credentials (never shown, never in argv). */
export async function targetFor(ctx: Ctx, def: RegistryDefinition): Promise<TargetRegistry> {
  const credentials = builderCredentials(def, await ctx.registries.secret(def.id));
  // The scheme the client browses with (it may have fallen back to plain HTTP): the builder must agree.
  const scheme = await learnScheme(ctx.clients.get(def.id));
  return targetRegistry(registryHost(def), { ...def, scheme }, credentials);
}

/** docker: plain HTTP is the daemon's decision; say so before a push that would fail without it. */
export function explainDockerPlainHttp(builder: Builder, target: TargetRegistry, show: (text: string) => void): void {
  if (builder.kind !== 'docker' || !dockerNeedsInsecureRegistries(target.registry, target.insecure)) return;
  show(vscode.l10n.t('{0} speaks plain HTTP or has an untrusted certificate: docker reaches it only if the Docker daemon lists it under "insecure-registries" in daemon.json (loopback addresses are allowed without it).', target.registry));
}

/**
 * The image reference to push, every name through the shared reference parser before anything runs. From the UI an
 * invalid name is reported and ends the command (undefined); called with arguments, it throws.
 */
export async function pushReference(ctx: Ctx, def: RegistryDefinition, repository: string, tag: string, interactive: boolean): Promise<Reference | undefined> {
  try {
    return resolveTarget(registryHost(def), repository, tag);
  } catch (err) {
    if (!interactive) throw err;
    await ctx.reportError(err, vscode.l10n.t('Invalid image name'));
    return undefined;
  }
}
