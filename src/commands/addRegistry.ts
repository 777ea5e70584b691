/**
 * Add / Edit Registry: URL → kind detected by probing → authentication → connection test → save.
 * Each failure says what happened and what to do; a TLS failure offers to pick a CA file.
 * Tests and other callers can pass an `AddRegistryArgs` object to skip every prompt.
 */
import * as vscode from 'vscode';
import { RegistryClient, HarborClient, StaticCredentials, type Credentials } from '../registry/index';
import type { AuthMethod, Ctx, RegistryDefinition, RegistryKind, StoredSecret } from '../editorContext';
import { clientOptions, registryHost, secretCredentials } from '../connections/clientPool';
import { newRegistryId } from '../connections/store';
import { classifyError, errorMessage } from '../connections/classifyError';
import { hintFor } from './ctxImpl';
import { normalizeUrl } from '../connections/url';
import { detectKind as kindFromUrl } from '../backends/detectKind';
import { promptGitHubDetails, signInWithGitHub, testGitHub } from './addRegistryGitHub';
import { KIND_LABELS, pickKind } from './pickKind';

export interface AddRegistryArgs {
  url: string;
  name?: string;
  kind?: RegistryKind;
  method?: AuthMethod;
  username?: string;
  password?: string;     // password, token or robot secret
  credentials?: Credentials; // as-is (e.g. a Docker identity token); wins over username/password
  caFile?: string;
  insecure?: boolean;
  namespaces?: string[];
  /** GitHub: the REST API base (GitHub Enterprise Server, a test server). */
  apiUrl?: string;
  /** Credentials asked each time from Docker's helper or VS Code's GitHub account instead of stored ones. */
  credentialsFrom?: 'docker-helper' | 'vscode-github';
  /** Skip the connection test (import flows that already tested). */
  skipTest?: boolean;
}

const isArgs = (v: unknown): v is AddRegistryArgs => !!v && typeof v === 'object' && typeof (v as AddRegistryArgs).url === 'string';

function credentialsFor(method: AuthMethod, username: string | undefined, secret: string | undefined): Credentials | undefined {
  switch (method) {
    case 'anonymous': return undefined;
    case 'token': return username ? { username, password: secret } : { registryToken: secret };
    default: return { username, password: secret };
  }
}

/** Probes the URL anonymously: which kind of registry is this? Throws classified errors. */
export async function detectKind(ctx: Ctx, def: RegistryDefinition, signal?: AbortSignal): Promise<RegistryKind> {
  const known = kindFromUrl(def.url);
  if (known) return known;
  const client = new RegistryClient(clientOptions(def, ctx.config, ctx.log));
  try {
    try {
      return (await client.ping({ signal })).kind; // ping itself tells Harbor apart (/api/v2.0/ping)
    } catch (err) {
      // 401 without credentials still proves a registry is there (distribution-spec "Determining support").
      if (classifyError(err) !== 'unauthorized') throw err;
    }
    return (await HarborClient.detect(client, { signal }).catch(() => false)) ? 'harbor' : 'distribution';
  } finally {
    await client.close();
  }
}

/** Tries the stored configuration for real: an authenticated request the user will need anyway. */
export async function testConnection(ctx: Ctx, def: RegistryDefinition, creds: Credentials | undefined, signal?: AbortSignal): Promise<void> {
  const host = registryHost(def);
  // Credentials asked each time (Docker's helper, VS Code's GitHub account) are tested the way they will be used.
  const provider = def.credentials ? secretCredentials(ctx.registries, def) : creds ? new StaticCredentials({ [host]: creds }) : undefined;
  if (def.kind === 'github') return testGitHub(ctx, def, provider, signal);
  const client = new RegistryClient(clientOptions(def, ctx.config, ctx.log, provider));
  try {
    if (def.kind === 'harbor') {
      await new HarborClient(client).projects({ pageSize: 1, signal });
      return;
    }
    await client.ping({ signal });
    if (def.kind === 'distribution') {
      try {
        await client.catalog({ n: 1, signal });
      } catch (err) {
        // Token servers may refuse `registry:catalog:*` to non-admins; the registry itself answered.
        if (classifyError(err) !== 'forbidden') throw err;
      }
    }
  } finally {
    await client.close();
  }
}

function failureText(kind: ReturnType<typeof classifyError>, err: unknown, url: string, anonymous = false): string {
  switch (kind) {
    case 'dns': return vscode.l10n.t('Cannot resolve the host of {0}. Check the spelling.', url);
    case 'notFound': return vscode.l10n.t('{0} answered, but it is not a container registry (GET /v2/ returned 404). Check the URL.', url);
    // Without credentials a 401 means "sign in", not "wrong password".
    case 'unauthorized': return anonymous
      ? vscode.l10n.t('{0} needs credentials: it refused an anonymous request (401). Enter a user name and password or a token.', url)
      : vscode.l10n.t('The registry rejected the credentials (401). Check the user name and password or token.');
    case 'tls': return vscode.l10n.t('TLS failed for {0}: {1}', url, errorMessage(err));
    default: return `${errorMessage(err)} ${hintFor(kind) ?? ''}`.trim();
  }
}

/** withTlsRecovery's answer when the user chose to enter or correct the credentials after a 401. */
const CHANGE_CREDENTIALS = Symbol('change credentials');

/**
 * Runs `attempt`; on TLS failure offers a CA file (or insecure for loopback/testing) and tries again.
 * With `credentials` ('anonymous' or 'sent'), a 401 offers to enter or correct them instead of a Retry that
 * would send the same ones again.
 */
async function withTlsRecovery<T>(ctx: Ctx, def: RegistryDefinition, interactive: boolean, attempt: () => Promise<T>,
  credentials?: 'anonymous' | 'sent'): Promise<T | undefined | typeof CHANGE_CREDENTIALS> {
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      const kind = classifyError(err);
      const text = failureText(kind, err, def.url, credentials === 'anonymous');
      ctx.log.warn(`add registry ${def.url}: ${errorMessage(err)}`);
      if (!interactive) throw new Error(text, { cause: err });
      const pickCa = vscode.l10n.t('Choose CA File…');
      const retryBtn = vscode.l10n.t('Retry');
      const showLog = vscode.l10n.t('Show Log');
      const credsBtn = credentials === 'anonymous' ? vscode.l10n.t('Enter Credentials…') : vscode.l10n.t('Change Credentials…');
      const buttons = kind === 'tls' ? [pickCa, retryBtn, showLog]
        : kind === 'unauthorized' && credentials ? [credsBtn, showLog] : [retryBtn, showLog];
      const choice = await vscode.window.showErrorMessage(text, { modal: false }, ...buttons);
      if (choice === pickCa) {
        const files = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: vscode.l10n.t('Use as CA'), filters: { [vscode.l10n.t('Certificates')]: ['pem', 'crt', 'cer'] } });
        if (!files?.length) return undefined;
        def.caFile = files[0].fsPath;
        continue;
      }
      if (choice === retryBtn) continue;
      if (choice === credsBtn && kind === 'unauthorized' && credentials) return CHANGE_CREDENTIALS;
      if (choice === showLog) ctx.log.show(true);
      return undefined;
    }
  }
}

/** A quick pick that opens with `active` highlighted (showQuickPick cannot preselect in a single pick). */
function pickWithActive<T extends vscode.QuickPickItem>(items: T[], title: string, placeholder: string, active?: T): Promise<T | undefined> {
  const qp = vscode.window.createQuickPick<T>();
  qp.title = title;
  qp.placeholder = placeholder;
  qp.ignoreFocusOut = true;
  qp.items = items;
  if (active) qp.activeItems = [active];
  return new Promise<T | undefined>((resolve) => {
    let done = false;
    const finish = (v: T | undefined) => { if (!done) { done = true; resolve(v); qp.dispose(); } };
    qp.onDidAccept(() => finish(qp.selectedItems[0] ?? qp.activeItems[0]));
    qp.onDidHide(() => finish(undefined));
    qp.show();
  });
}

interface AuthAnswer { method: AuthMethod; username?: string; secret?: string; changeKind?: boolean; session?: boolean; helper?: boolean }

/** Steps 2–3: how to sign in, then user name and secret. `previous` preselects what the user chose last. */
async function promptAuth(title: string, def: RegistryDefinition, previous: { method?: AuthMethod; username?: string }, old: StoredSecret | undefined): Promise<AuthAnswer | undefined> {
  type Item = { label: string; description?: string; method: AuthMethod; changeKind?: boolean; session?: boolean; helper?: boolean };
  const items: Item[] = def.kind === 'github' ? [
    { label: vscode.l10n.t('GitHub token'), description: vscode.l10n.t('user name and a personal access token with read:packages'), method: 'token' },
    { label: vscode.l10n.t('VS Code GitHub account'), description: vscode.l10n.t('sign in with GitHub in VS Code; nothing is stored'), method: 'token', session: true },
  ] : [
    { label: vscode.l10n.t('Anonymous'), description: vscode.l10n.t('pull public images only'), method: 'anonymous' },
    { label: vscode.l10n.t('User name and password'), method: 'password' },
    { label: vscode.l10n.t('Access token'), description: vscode.l10n.t('personal access token, optionally with a user name'), method: 'token' },
  ];
  if (def.kind === 'harbor') items.push({ label: vscode.l10n.t('Harbor robot account'), description: 'robot$…', method: 'robot' });
  // Docker's credential helper (credHelpers / credsStore), asked each time: nothing is stored here.
  items.push({ label: vscode.l10n.t('Docker credential helper'), description: vscode.l10n.t('asked each time, as docker login set it up; nothing is stored'), method: 'password', helper: true });
  // The kind came from the URL or a probe; a registry behind a proxy or a test server may need another.
  items.push({ label: vscode.l10n.t('Change kind…'), description: vscode.l10n.t('now: {0}', vscode.l10n.t(KIND_LABELS[def.kind] ?? def.kind)), method: 'anonymous', changeKind: true });
  const picked = await pickWithActive(items, `${title} (2/4) · ${def.kind}`, vscode.l10n.t('How to sign in'), items.find((i) => i.method === previous.method && !i.changeKind));
  if (!picked) return undefined;
  const method = picked.method;
  if (picked.changeKind) return { method, changeKind: true };
  if (picked.helper) return { method, helper: true };
  if (picked.session) {
    const s = await signInWithGitHub();
    return s ? { method, username: s.username, session: true } : undefined;
  }
  if (method === 'anonymous') return { method };
  const username = await vscode.window.showInputBox({
    title: `${title} (3/4)`, prompt: method === 'robot' ? vscode.l10n.t('Robot account name (robot$project+name)') : def.kind === 'github' ? vscode.l10n.t('GitHub user name') : vscode.l10n.t('User name'),
    value: previous.username ?? (method === 'robot' ? 'robot$' : ''), ignoreFocusOut: true,
  });
  if (username === undefined) return undefined;
  let secret = await vscode.window.showInputBox({
    title: `${title} (3/4)`, password: true, ignoreFocusOut: true,
    prompt: method === 'password' ? vscode.l10n.t('Password') : method === 'robot' ? vscode.l10n.t('Robot secret') : vscode.l10n.t('Token'),
    placeHolder: old ? vscode.l10n.t('Leave empty to keep the saved secret') : undefined,
  });
  if (secret === undefined) return undefined;
  if (!secret && old) secret = old.credentials.password ?? old.credentials.registryToken ?? old.credentials.identityToken;
  return { method, username, secret };
}

export async function addRegistry(ctx: Ctx, arg?: unknown): Promise<string | undefined> {
  return editOrAdd(ctx, undefined, isArgs(arg) ? arg : undefined);
}

export async function editRegistry(ctx: Ctx, arg?: unknown, args?: unknown): Promise<string | undefined> {
  const def = await ctx.pickRegistry(arg, { title: vscode.l10n.t('Edit which registry?') });
  if (!def) return undefined;
  return editOrAdd(ctx, def, isArgs(args) ? args : undefined);
}

async function editOrAdd(ctx: Ctx, existing: RegistryDefinition | undefined, args: AddRegistryArgs | undefined): Promise<string | undefined> {
  const interactive = !args;
  const title = existing ? vscode.l10n.t('Edit Registry') : vscode.l10n.t('Add Registry');
  // 1. URL
  let url = args ? normalizeUrl(args.url) : undefined;
  if (!args) {
    const input = await vscode.window.showInputBox({
      title: `${title} (1/4)`, prompt: vscode.l10n.t('Registry URL, e.g. https://registry.example.com, 127.0.0.1:5000 or docker.io'),
      value: existing?.url ?? '', ignoreFocusOut: true,
      validateInput: (v) => (normalizeUrl(v) ? undefined : vscode.l10n.t('Enter a host[:port] or an http(s) URL without a path.')),
    });
    if (input === undefined) return undefined;
    url = normalizeUrl(input);
  }
  if (!url) throw new Error(vscode.l10n.t('Invalid registry URL: {0}', args?.url ?? ''));
  const def: RegistryDefinition = {
    id: existing?.id ?? newRegistryId(), name: args?.name ?? existing?.name ?? '', url, kind: args?.kind ?? existing?.kind ?? 'distribution',
    caFile: args?.caFile ?? existing?.caFile, insecure: args?.insecure ?? existing?.insecure, namespaces: args?.namespaces ?? existing?.namespaces,
    repositories: existing?.repositories, apiUrl: args?.apiUrl ?? existing?.apiUrl, credentials: args?.credentialsFrom ?? existing?.credentials,
  };
  // 2. Kind by probing (anonymous: 401 with a challenge is still "a registry").
  if (!args?.kind) {
    const kind = await withTlsRecovery(ctx, def, interactive, () =>
      ctx.withProgress(vscode.l10n.t('Contacting {0}…', url!), (signal) => detectKind(ctx, def, signal)));
    if (!kind || kind === CHANGE_CREDENTIALS) return undefined;
    if (existing && existing.url === url && kind !== existing.kind) {
      // Same URL: the stored kind was chosen or detected before (a Docker Hub test server, a Harbor behind a
      // proxy that hides /api answer like plain v2); detection does not overrule it, but the user hears of it.
      const note = vscode.l10n.t('{0} answers like a {1} registry; keeping its kind {2}. Change the URL to detect the kind again.', url, kind, existing.kind);
      ctx.log.info(note);
      if (interactive) void vscode.window.showInformationMessage(note);
    } else {
      if (existing && kind !== existing.kind) {
        const note = vscode.l10n.t('The new URL is a {0} registry (was {1}).', kind, existing.kind);
        ctx.log.info(note);
        if (interactive) void vscode.window.showInformationMessage(note);
      }
      def.kind = kind;
    }
  }
  // 3. Authentication, and 4. a connection test with it; a 401 goes back to 3 with the answers kept.
  let method: AuthMethod = args?.method ?? (args ? (args.password || args.credentials ? 'password' : 'anonymous') : 'anonymous');
  let username = args?.username ?? existing?.username;
  let secret = args?.password;
  const old = existing && interactive ? await ctx.registries.secret(existing.id) : undefined;
  let previous: AuthMethod | undefined = old?.method;
  let creds: Credentials | undefined;
  for (;;) {
    if (interactive) {
      const answer = await promptAuth(title, def, { method: previous, username }, old);
      if (!answer) return undefined;
      if (answer.changeKind) {
        def.kind = (await pickKind(def.kind)) ?? def.kind;
        continue;
      }
      // VS Code's GitHub account or Docker's credential helper: asked each time; a typed secret replaces them.
      def.credentials = answer.session ? 'vscode-github' : answer.helper ? 'docker-helper' : undefined;
      ({ method, secret } = answer);
      if (answer.username !== undefined) username = answer.username;
      previous = method;
    }
    def.username = method === 'anonymous' ? undefined : username || undefined;
    creds = def.credentials ? undefined : args?.credentials ?? credentialsFor(method, def.username, secret);
    if (interactive && def.kind === 'github' && !(await promptGitHubDetails(def, title))) return undefined;
    if (args?.credentials) def.username = args.credentials.username;
    if (args?.skipTest) break;
    const c = creds;
    const ok = await withTlsRecovery(ctx, def, interactive, async () => {
      await ctx.withProgress(vscode.l10n.t('Testing the connection to {0}…', url!), (signal) => testConnection(ctx, def, c, signal));
      return true;
    }, c ? 'sent' : 'anonymous');
    if (ok === true) break;
    if (ok !== CHANGE_CREDENTIALS) return undefined;
    // Anonymous was refused: offer a sign-in method rather than anonymous again.
    if (method === 'anonymous') previous = 'password';
  }
  if (!def.name) {
    const host = registryHost(def);
    const fallback = def.kind === 'dockerhub' ? 'Docker Hub' : host;
    def.name = args ? fallback : (await vscode.window.showInputBox({ title: `${title} (4/4)`, prompt: vscode.l10n.t('Display name'), value: fallback, ignoreFocusOut: true })) ?? '';
    if (!def.name) return undefined;
  }
  const stored: StoredSecret | null = creds ? { method, credentials: creds } : null;
  await ctx.registries.save(def, stored);
  ctx.clients.invalidate(def.id);
  ctx.tree.refreshRegistry(def.id);
  if (interactive) void vscode.window.showInformationMessage(vscode.l10n.t('Registry "{0}" saved.', def.name));
  return def.id;
}

export async function renameRegistry(ctx: Ctx, arg?: unknown, name?: unknown): Promise<void> {
  const def = await ctx.pickRegistry(arg, { title: vscode.l10n.t('Rename which registry?') });
  if (!def) return;
  const next = typeof name === 'string' ? name : await vscode.window.showInputBox({ title: vscode.l10n.t('Rename Registry'), value: def.name });
  if (!next?.trim()) return;
  await ctx.registries.save({ ...def, name: next.trim() });
}

export async function removeRegistry(ctx: Ctx, arg?: unknown, confirmed?: unknown): Promise<void> {
  const def = await ctx.pickRegistry(arg, { title: vscode.l10n.t('Remove which registry?') });
  if (!def) return;
  if (confirmed !== true) {
    const remove = vscode.l10n.t('Remove');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Remove "{0}" ({1}) from Registry Explorer? Its saved credentials are deleted too. Nothing is deleted on the registry.', def.name, def.url),
      { modal: true }, remove);
    if (answer !== remove) return;
  }
  ctx.clients.invalidate(def.id);
  await ctx.registries.remove(def.id);
}

export async function reconnect(ctx: Ctx, arg?: unknown): Promise<void> {
  const def = await ctx.pickRegistry(arg, { title: vscode.l10n.t('Reconnect which registry?') });
  if (!def) return;
  ctx.clients.invalidate(def.id);
  try {
    const secret = await ctx.registries.secret(def.id);
    await ctx.withProgress(vscode.l10n.t('Reconnecting to {0}…', def.name), (signal) => testConnection(ctx, def, secret?.credentials, signal));
    ctx.tree.refreshRegistry(def.id);
  } catch (err) {
    const kind = classifyError(err);
    if (kind === 'unauthorized') {
      const edit = vscode.l10n.t('Update Credentials');
      if (await vscode.window.showErrorMessage(failureText(kind, err, def.url, !(await ctx.registries.secret(def.id))?.credentials), edit) === edit) await editRegistry(ctx, def.id);
      return;
    }
    await ctx.reportError(err, vscode.l10n.t('Reconnect to {0} failed', def.name));
    ctx.tree.refreshRegistry(def.id);
  }
}
