/**
 * "Build and Push Image…": Dockerfile → registry, with the new tag revealed in the tree.
 *
 * Contributions this file needs (H6 owns package.json; listed here so they can be added):
 *   commands:  registryExplorer.buildAndPush  "Build and Push Image…"  (category "Registry Explorer")
 *              registryExplorer.pushLocalImage "Push Local Image…"
 *   menus:
 *     explorer/context, editor/title (group "navigation@90" / "registryExplorer@1"), editor/title/context:
 *       when: resourceLangId == dockerfile || resourceFilename =~ /^(Dockerfile|Containerfile)(\.[^/]*)?$|\.(Dockerfile|Containerfile)$/
 *     view/title of registryExplorer.registries: registryExplorer.pushLocalImage (group "2_build")
 *   settings (all `registryExplorer.`):
 *     builder                auto|docker|podman|buildah (exists)
 *     build.context          string, build context relative to the Dockerfile's folder (default ".")
 *     build.args             object KEY → value, extra --build-arg
 *     build.platforms        string[], e.g. ["linux/amd64","linux/arm64"]
 *     build.envTags          string[], environment tags offered (default dev, staging, prod)
 *     build.isolation        ""|chroot|oci|rootless (podman/buildah `--isolation`)
 *     build.storage          {root?, runroot?, driver?} (podman/buildah global storage options)
 *
 * Programmatic use (tests, other extensions): `registryExplorer.buildAndPush(uri, args)` with
 * args = { registryId, repository, tag, buildArgs?, platforms?, context? } runs without any prompt and
 * returns { reference, digest } (or undefined when cancelled).
 */
import * as vscode from 'vscode';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Ctx, RegistryDefinition } from '../editorContext';
import {
  BuildError, CancelledError, DOCKERFILE_GLOB, buildAndPushImage, isDockerfileName, detectBuilder, gitShortSha, resolveTarget, suggestTags, targetRegistry, learnScheme, dockerNeedsInsecureRegistries,
  type Builder, type BuilderSetting, type BuildRequest, type PushResult, type StorageOptions, type TargetRegistry,
} from '../imageBuild/index';
import { validateRepository, validateTag, type Reference } from '../registry/index';
import { registryHost } from '../connections/clientPool';
import { readSetting } from '../config';
import { requireTrust } from './trust';

/** The build settings, read fresh for every run. */
export interface BuildSettings {
  builder: BuilderSetting;
  context: string;
  args: Record<string, string>;
  platforms: string[];
  envTags: string[];
  isolation?: BuildRequest['isolation'];
  storage?: StorageOptions;
}

export function buildSettings(scope?: vscode.Uri): BuildSettings {
  // Through config.ts: in Restricted Mode the workspace cannot pick the builder, its storage or the context.
  const c = { get: <T>(key: string) => readSetting<T>(key, scope) };
  const b = c.get<string>('builder');
  const iso = c.get<string>('build.isolation');
  const args = c.get<Record<string, unknown>>('build.args') ?? {};
  const storage = c.get<Record<string, unknown>>('build.storage');
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return {
    builder: b === 'docker' || b === 'podman' || b === 'buildah' ? b : 'auto',
    context: c.get<string>('build.context') || '.',
    args: Object.fromEntries(Object.entries(args).filter(([, v]) => typeof v === 'string' || typeof v === 'number').map(([k, v]) => [k, String(v)])),
    platforms: (c.get<unknown[]>('build.platforms') ?? []).filter((p): p is string => typeof p === 'string' && !!p),
    envTags: (c.get<unknown[]>('build.envTags') ?? ['dev', 'staging', 'prod']).filter((p): p is string => typeof p === 'string' && !!p),
    isolation: iso === 'chroot' || iso === 'oci' || iso === 'rootless' ? iso : undefined,
    storage: storage ? { root: str(storage.root), runroot: str(storage.runroot), driver: str(storage.driver) } : undefined,
  };
}

/** How the builder reaches a configured registry, with its stored credentials (never shown, never in argv). */
export async function targetFor(ctx: Ctx, def: RegistryDefinition): Promise<TargetRegistry> {
  const secret = await ctx.registries.secret(def.id);
  const c = secret?.method === 'anonymous' ? undefined : secret?.credentials;
  const username = c?.username ?? def.username;
  // The scheme the client browses with (it may have fallen back to plain HTTP): the builder must agree.
  const scheme = await learnScheme(ctx.clients.get(def.id));
  return targetRegistry(registryHost(def), { ...def, scheme }, c && (c.password || c.identityToken || c.registryToken)
    ? { username, password: c.password ?? c.registryToken, identityToken: c.identityToken } : undefined);
}

/** docker: plain HTTP is the daemon's decision; say so before a push that would fail without it. */
export function explainDockerPlainHttp(builder: Builder, target: TargetRegistry, show: (text: string) => void): void {
  if (builder.kind !== 'docker' || !dockerNeedsInsecureRegistries(target.registry, target.insecure)) return;
  show(vscode.l10n.t('{0} speaks plain HTTP or has an untrusted certificate: docker reaches it only if the Docker daemon lists it under "insecure-registries" in daemon.json (loopback addresses are allowed without it).', target.registry));
}

/**
 * The terminal every build writes to: a Pseudoterminal the extension owns, so the exact (masked)
 * commands and the builder's output appear live, and closing it or pressing Ctrl+C cancels the run.
 */
export class BuildTerminal implements vscode.Pseudoterminal {
  private readonly write = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.write.event;
  readonly onDidClose = this.closed.event;
  private pending: string[] = [];
  private opened = false;
  readonly terminal: vscode.Terminal;

  constructor(name: string, private readonly abort: AbortController) {
    this.terminal = vscode.window.createTerminal({ name, pty: this, iconPath: new vscode.ThemeIcon('package') });
  }

  open(): void {
    this.opened = true;
    for (const p of this.pending) this.write.fire(p);
    this.pending = [];
  }
  close(): void { this.abort.abort(); }
  handleInput(data: string): void { if (data === '\x03') this.abort.abort(); }

  private emit(text: string): void {
    const t = text.replace(/\r?\n/g, '\r\n');
    if (this.opened) this.write.fire(t); else this.pending.push(t);
  }
  line(text: string): void { this.emit(`${text}\n`); }
  command(text: string): void { this.emit(`\x1b[1;36m$ ${text}\x1b[0m\n`); }
  info(text: string): void { this.emit(`\x1b[1m${text}\x1b[0m\n`); }
  error(text: string): void { this.emit(`\x1b[1;31m${text}\x1b[0m\n`); }
}

/** After a push: refresh that repository, reveal the tag, offer Scan / Copy reference. */
export async function afterPush(ctx: Ctx, def: RegistryDefinition, repository: string, result: PushResult, interactive: boolean): Promise<void> {
  const ref = result.reference;
  ctx.tree.refreshRepository(def.id, repository);
  try {
    await vscode.commands.executeCommand('registryExplorer.goToTag', { registryId: def.id, repository }, ref.tag);
  } catch (err) {
    ctx.log.warn(`reveal of ${ref.toString()} failed: ${String(err)}`);
  }
  const digest = result.digest ? ` (${result.digest.slice(0, 19)}…)` : '';
  const msg = vscode.l10n.t('Pushed {0}{1}', ref.toString(), digest);
  const scan = vscode.l10n.t('Scan');
  const copy = vscode.l10n.t('Copy reference');
  const show = vscode.window.showInformationMessage(msg, scan, copy).then(async (choice) => {
    if (choice === copy) await vscode.env.clipboard.writeText(ref.toString());
    if (choice === scan) {
      const commands = await vscode.commands.getCommands(true);
      const id = ['registryExplorer.scan', 'registryExplorer.scanImage'].find((c) => commands.includes(c));
      // With the pushed digest, so the scan result is keyed (and badged in the tree) by digest.
      const reference = result.digest ? `${ref.toString()}@${result.digest}` : ref.toString();
      if (id) await vscode.commands.executeCommand(id, { registryId: def.id, reference });
      else void vscode.window.showWarningMessage(vscode.l10n.t('Scanning is not available.'));
    }
  });
  // Programmatic runs (tests) do not wait for a click on the notification.
  if (interactive) await show;
}

/** Runs `task` with a progress notification and the build terminal; both cancel the same run. */
export async function runInTerminal<T>(ctx: Ctx, title: string, task: (term: BuildTerminal, signal: AbortSignal) => Promise<T>, interactive = true): Promise<T | undefined> {
  const ac = new AbortController();
  const term = new BuildTerminal(title, ac);
  term.terminal.show(true);
  try {
    return await ctx.withProgress(title, async (signal) => {
      signal.addEventListener('abort', () => ac.abort(), { once: true });
      return task(term, ac.signal);
    }, { cancellable: true });
  } catch (err) {
    if (err instanceof CancelledError || ac.signal.aborted) {
      term.error(vscode.l10n.t('Cancelled: the builder and its processes were stopped.'));
      return undefined;
    }
    term.error(err instanceof Error ? err.message : String(err));
    // Programmatic callers (tests, other extensions) get the error itself; people get a message.
    if (!interactive) throw err;
    await ctx.reportError(err, err instanceof BuildError ? vscode.l10n.t('Build and push failed') : vscode.l10n.t('{0} failed', title));
    return undefined;
  }
}

export async function detect(ctx: Ctx, setting: BuilderSetting, interactive = true): Promise<Builder | undefined> {
  try {
    return await detectBuilder(setting);
  } catch (err) {
    if (!interactive) throw err;
    await ctx.reportError(err, vscode.l10n.t('No image builder'));
    return undefined;
  }
}

interface BuildArgs {
  registryId: string;
  repository: string;
  tag: string;
  buildArgs?: Record<string, string>;
  platforms?: string[];
  context?: string;
}

interface LastChoice { registryId: string; repository: string; tag: string }

function isBuildArgs(v: unknown): v is BuildArgs {
  const o = v as Record<string, unknown> | undefined;
  return !!o && typeof o === 'object' && typeof o.registryId === 'string' && typeof o.repository === 'string' && typeof o.tag === 'string';
}

export function isDockerfile(uri: vscode.Uri, languageId?: string): boolean {
  return isDockerfileName(uri.path, languageId);
}

async function pickDockerfile(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active && active.uri.scheme === 'file' && isDockerfile(active.uri, active.languageId)) return active.uri;
  const found = await vscode.workspace.findFiles(DOCKERFILE_GLOB, '**/node_modules/**', 200);
  if (found.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No Dockerfile or Containerfile in this workspace.'));
    return undefined;
  }
  if (found.length === 1) return found[0];
  const pick = await vscode.window.showQuickPick(found.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })),
    { title: vscode.l10n.t('Choose a Dockerfile') });
  return pick?.uri;
}

const lastKey = (uri: vscode.Uri) => `registryExplorer.build.last:${uri.toString()}`;

async function pickTargetRegistry(ctx: Ctx, last?: LastChoice): Promise<RegistryDefinition | undefined> {
  const defs = ctx.registries.list();
  if (defs.length === 0) return ctx.pickRegistry();
  const ordered = [...defs].sort((a, b) => Number(b.id === last?.registryId) - Number(a.id === last?.registryId));
  const pick = await vscode.window.showQuickPick(ordered.map((d) => ({
    label: d.name, description: d.url, detail: d.id === last?.registryId ? vscode.l10n.t('last used for this Dockerfile') : undefined, def: d,
  })), { title: vscode.l10n.t('Push to which registry?'), matchOnDescription: true });
  return pick?.def;
}

/** A quick pick of known values that also accepts a typed one, validated as the user types. */
async function pickOrTypeValidated(title: string, placeholder: string, items: vscode.QuickPickItem[], validate: (v: string) => string | undefined): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick();
  qp.title = title;
  qp.placeholder = placeholder;
  qp.items = items;
  return new Promise<string | undefined>((resolveFn) => {
    let done = false;
    const finish = (v: string | undefined) => { if (!done) { done = true; resolveFn(v); qp.dispose(); } };
    qp.onDidChangeValue((v) => {
      const err = v ? validate(v) : undefined;
      qp.items = v && !items.some((i) => i.label === v)
        ? [{ label: v, description: err ? `⚠ ${err}` : vscode.l10n.t('(new)') }, ...items] : items;
    });
    qp.onDidAccept(() => {
      const v = qp.selectedItems[0]?.label ?? qp.value;
      if (!v || validate(v)) return;   // stay open on an invalid name
      finish(v);
    });
    qp.onDidHide(() => finish(undefined));
    qp.show();
  });
}

const errText = (fn: () => void): string | undefined => {
  try { fn(); return undefined; } catch (e) { return e instanceof Error ? e.message : String(e); }
};

async function existingRepositories(ctx: Ctx, def: RegistryDefinition): Promise<string[]> {
  const live = (ctx.tree as unknown as { liveRepositories?: () => Array<{ registryId: string; info: { repository: string } }> }).liveRepositories?.() ?? [];
  const names = new Set(live.filter((r) => r.registryId === def.id).map((r) => r.info.repository));
  if (def.kind === 'distribution') {
    try { for (const n of (await ctx.clients.get(def.id).catalog({ n: ctx.config.pageSize })).items) names.add(n); }
    catch (err) { ctx.log.warn(`catalog for the build target failed: ${String(err)}`); }
  }
  return [...names].sort();
}

async function existingTags(ctx: Ctx, def: RegistryDefinition, repository: string): Promise<string[]> {
  try { return (await ctx.clients.get(def.id).tags(repository)).items; } catch { return []; }
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
  const settings = buildSettings(dockerfile);
  const last = ctx.extension.workspaceState.get<LastChoice>(lastKey(dockerfile));

  // 1. target: registry, repository, tag (from args, or prompts with suggestions)
  const def = args ? ctx.registries.get(args.registryId) : await pickTargetRegistry(ctx, last);
  if (!def) {
    if (args) throw new Error(vscode.l10n.t('Unknown registry id {0}', args.registryId));
    return undefined;
  }
  let repository = args?.repository;
  if (!repository) {
    const repos = await existingRepositories(ctx, def);
    const lastRepo = last?.registryId === def.id ? last.repository : undefined;
    const items = [...(lastRepo ? [{ label: lastRepo, description: vscode.l10n.t('last used') }] : []),
      ...repos.filter((r) => r !== lastRepo).map((label) => ({ label }))];
    repository = await pickOrTypeValidated(vscode.l10n.t('Repository in {0}', def.name), vscode.l10n.t('an existing repository, or type a new name (e.g. team/app)'),
      items, (v) => errText(() => validateRepository(v)));
    if (!repository) return undefined;
  }
  let tag = args?.tag;
  if (!tag) {
    const folder = vscode.workspace.getWorkspaceFolder(dockerfile)?.uri.fsPath ?? dirname(dockerfile.fsPath);
    const [tags, sha] = await Promise.all([existingTags(ctx, def, repository), gitShortSha(folder)]);
    const sameRepo = last?.registryId === def.id && last.repository === repository;
    const suggestions = suggestTags({ existingTags: tags, gitSha: sha, envTags: settings.envTags, last: sameRepo ? last.tag : undefined });
    tag = await pickOrTypeValidated(vscode.l10n.t('Tag for {0}', repository), vscode.l10n.t('pick a suggestion or type a tag'),
      suggestions.map((s) => ({ label: s.tag, description: s.detail })), (v) => errText(() => validateTag(v)));
    if (!tag) return undefined;
  }

  // 2. every name through the shared reference parser before anything runs
  let ref: Reference;
  try {
    ref = resolveTarget(registryHost(def), repository, tag);
  } catch (err) {
    if (args) throw err;
    await ctx.reportError(err, vscode.l10n.t('Invalid image name'));
    return undefined;
  }
  await ctx.extension.workspaceState.update(lastKey(dockerfile), { registryId: def.id, repository, tag } satisfies LastChoice);

  const builder = await detect(ctx, settings.builder, !args);
  if (!builder) return undefined;
  const target = await targetFor(ctx, def);
  const dir = dirname(dockerfile.fsPath);
  const ctxSetting = args?.context ?? settings.context;
  const context = isAbsolute(ctxSetting) ? ctxSetting : resolve(join(dir, ctxSetting));
  const title = vscode.l10n.t('Build {0}', ref.familiar());

  const result = await runInTerminal(ctx, title, async (term, signal) => {
    term.info(vscode.l10n.t('Building {0} with {1} → {2}', vscode.workspace.asRelativePath(dockerfile), builder.kind, ref.toString()));
    explainDockerPlainHttp(builder, target, (t) => term.info(t));
    const r = await buildAndPushImage({
      builder, target, storage: settings.storage, signal, cwd: dir,
      dockerfile: dockerfile.fsPath, context, tags: [ref],
      buildArgs: { ...settings.args, ...args?.buildArgs }, platforms: args?.platforms ?? settings.platforms,
      isolation: settings.isolation,
      onCommand: (c) => { term.command(c); ctx.log.info(`$ ${c}`); },
      onLine: (l) => term.line(l),
    });
    term.info(vscode.l10n.t('Pushed {0}{1}', r.reference.toString(), r.digest ? ` ${r.digest}` : ''));
    return r;
  }, !args);
  if (!result) return undefined;
  await afterPush(ctx, def, repository, result, !args);
  return { reference: result.reference.toString(), digest: result.digest };
}
