/**
 * "Build and Push Image…": Dockerfile → registry, with the new tag revealed in the tree.
 *
 * Programmatic use (tests, other extensions): `registryExplorer.buildAndPush(uri, args)` with
 * args = { registryId, repository, tag, buildArgs?, platforms?, context? } runs without any prompt and
 * returns { reference, digest } (or undefined when cancelled); errors are thrown instead of shown.
 */
import * as vscode from 'vscode';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Ctx } from '../../editorContext';
import { buildAndPushImage, GateFailedError, type ScanBeforePush } from '../../imageBuild/index';
import { readTrivyIgnore } from '../../scan/ignoreFile';
import { openReport } from '../../webview/reportPanel';
import { requireTrust } from '../trust';
import { detect, pushReference, targetFor } from './builder';
import { pushInTerminal } from './pushInTerminal';
import { lastChoiceKey, pickBuildTarget, pickDockerfile, type LastChoice } from './pickBuildTarget';

interface BuildArgs {
  registryId: string;
  repository: string;
  tag: string;
  buildArgs?: Record<string, string>;
  platforms?: string[];
  context?: string;
  /** Overrides the setting registryExplorer.build.scanBeforePush for this run. */
  scanBeforePush?: boolean;
}

function isBuildArgs(v: unknown): v is BuildArgs {
  const o = v as Record<string, unknown> | undefined;
  return !!o && typeof o === 'object' && typeof o.registryId === 'string' && typeof o.repository === 'string' && typeof o.tag === 'string';
}

export async function buildAndPush(ctx: Ctx, uri?: vscode.Uri, arg2?: unknown): Promise<{ reference: string; digest?: string } | undefined> {
  const args = isBuildArgs(arg2) ? arg2 : undefined;
  if (!(await requireTrust(vscode.l10n.t('Build and Push')))) return undefined;
  const dockerfile = uri instanceof vscode.Uri ? uri : await pickDockerfile();
  if (!dockerfile) return undefined;
  if (dockerfile.scheme !== 'file') {
    void vscode.window.showWarningMessage(vscode.l10n.t('Only Dockerfiles on the local file system can be built.'));
    return undefined;
  }
  const settings = ctx.config.build(dockerfile);

  // The target: from the arguments, or asked for with suggestions.
  let chosen;
  if (args) {
    const def = ctx.registries.get(args.registryId);
    if (!def) throw new Error(vscode.l10n.t('Unknown registry id {0}', args.registryId));
    chosen = { def, repository: args.repository, tag: args.tag };
  } else {
    chosen = await pickBuildTarget(ctx, dockerfile, settings.envTags);
    if (!chosen) return undefined;
  }
  const { def, repository, tag } = chosen;

  const ref = await pushReference(ctx, def, repository, tag, !args);
  if (!ref) return undefined;
  await ctx.extension.workspaceState.update(lastChoiceKey(dockerfile), { registryId: def.id, repository, tag } satisfies LastChoice);

  const builder = await detect(ctx, settings.builder, !args);
  if (!builder) return undefined;
  const target = await targetFor(ctx, def);
  const dir = dirname(dockerfile.fsPath);
  const ctxSetting = args?.context ?? settings.context;
  const context = isAbsolute(ctxSetting) ? ctxSetting : resolve(join(dir, ctxSetting));
  const title = vscode.l10n.t('Build {0}', ref.familiar());
  const scanBeforePush = await scanSettings(ctx, dockerfile, context, args?.scanBeforePush);

  return pushInTerminal(ctx, {
    title, builder, target, def, repository, interactive: !args,
    intro: vscode.l10n.t('Building {0} with {1} → {2}', vscode.workspace.asRelativePath(dockerfile), builder.kind, ref.toString()),
  }, (hooks) => buildAndPushImage({
    builder, target, storage: settings.storage, signal: hooks.signal, cwd: dir,
    dockerfile: dockerfile.fsPath, context, tags: [ref],
    buildArgs: { ...settings.args, ...args?.buildArgs }, platforms: args?.platforms ?? settings.platforms,
    isolation: settings.isolation, onCommand: hooks.onCommand, onLine: hooks.onLine, scanBeforePush,
  }).catch((err: unknown) => {
    // A failed gate stopped the push: show what it found (ignored findings marked) before the error.
    if (err instanceof GateFailedError) openReport(ctx.extension, err.gate.report, vscode.l10n.t('Scan before push: {0}', ref.familiar()));
    throw err;
  }));
}

/** The scan before push when the setting (or the caller) asks for it, with the .trivyignore of the build context or workspace folder. */
async function scanSettings(ctx: Ctx, dockerfile: vscode.Uri, context: string, override: boolean | undefined): Promise<ScanBeforePush | undefined> {
  const s = ctx.config.scanBeforePush(dockerfile);
  if (!(override ?? s.enabled)) return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(dockerfile)?.uri.fsPath;
  const ignores = await readTrivyIgnore([context, ...(folder ? [folder] : [])]);
  return { trivyPath: ctx.config.trivyPath, policy: { severities: s.severities, ignoreUnfixed: s.ignoreUnfixed, ignores } };
}
