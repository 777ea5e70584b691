// `"credentials": "vscode-github"` in a real extension host: the GitHub token is the one of VS Code's GitHub
// authentication session (src/connections/githubSessionCredentials.ts), and it lands in no setting, no
// SecretStorage entry, no globalState and no log file. The session comes from a test authentication provider
// registered as "github" whose session carries the GitHub stand-in's token (test/support/github-server.ts).
//
// code-server ships the built-in github-authentication extension, and the workbench activates it in THIS
// extension host at startup (it asks for "github" sessions): registering "github" again does not throw, but the
// extension host keeps the existing provider and only logs "An authentication provider with id 'github' is
// already registered". So when the test provider is not consulted, the suite stubs the narrowest seam left:
// `vscode.authentication.getSession` for "github" on the extension's own API object (the test's `vscode` is the
// same object), answered from the same test provider with VS Code's rules (silent: the session or nothing;
// createIfNone: sign in). The stub also records the options, so "asked silently" is checked. Where the
// workbench does route "github" to the test provider, the sign-in goes through the Accounts menu entry VS Code
// adds for the extension (extension tests refuse the modal "wants to sign in" dialog that createIfNone shows).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { testbed } from '../testbed';
import { EXTENSION_ID, addRegistry, child, childLabels, children, extensionApi, item, label, rootOf } from '../tree';
import type { ExtensionApi } from '../../../src/extension';
import { GITHUB_RECORDS_PATH, type GitHubRequestRecord } from '../../support/github-records';
import { waitFor } from '../../support/wait';
import { filesUnder } from '../../support/filesUnder';

let api: ExtensionApi;
const added: string[] = [];
const disposables: vscode.Disposable[] = [];
/** "provider": the workbench routes "github" to the test provider; "seam": vscode.authentication.getSession stubbed. */
let mode: 'provider' | 'seam' = 'provider';
const diag: string[] = [];
const seamCalls: Array<{ scopes: string[]; options: vscode.AuthenticationGetSessionOptions }> = [];


/** What the stand-in recorded (it runs in the harness process: read over loopback). */
async function standInRequests(apiUrl: string): Promise<GitHubRequestRecord[]> {
  const res = await fetch(`${apiUrl}${GITHUB_RECORDS_PATH}`);
  assert.equal(res.status, 200, `stand-in records: HTTP ${res.status}`);
  return (await res.json()) as GitHubRequestRecord[];
}

/** A test GitHub authentication provider: one account (the stand-in's user), the stand-in's token. */
class TestGitHubProvider implements vscode.AuthenticationProvider {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  /** The scopes of every getSessions call, in order. */
  readonly asked: string[][] = [];
  readonly created: string[][] = [];
  private sessions: vscode.AuthenticationSession[] = [];
  constructor(private readonly user: string, private readonly token: string) {}
  async getSessions(scopes: readonly string[] | undefined): Promise<vscode.AuthenticationSession[]> {
    this.asked.push([...(scopes ?? [])]);
    return this.sessions.filter((s) => (scopes ?? []).every((x) => s.scopes.includes(x)));
  }
  async createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    this.created.push([...scopes]);
    const s: vscode.AuthenticationSession = { id: 'regx-test-session', accessToken: this.token, account: { id: this.user, label: this.user }, scopes: [...scopes] };
    this.sessions = [s];
    this.changed.fire({ added: [s], removed: [], changed: [] });
    return s;
  }
  async removeSession(id: string): Promise<void> {
    const removed = this.sessions.filter((s) => s.id === id);
    this.sessions = this.sessions.filter((s) => s.id !== id);
    this.changed.fire({ added: [], removed, changed: [] });
  }
  dispose(): void { this.changed.dispose(); }
}

suite('github session', function () {
  this.timeout(120_000);
  let provider: TestGitHubProvider;
  let id: string;
  const gh = () => { const g = testbed().github; assert.ok(g, 'testbed has no GitHub server'); return g; };

  suiteSetup(async () => {
    api = await extensionApi();
    provider = new TestGitHubProvider(gh().user, gh().token);
    disposables.push(provider);
    // What holds "github" before the test provider registers (see the header): reported, not asserted.
    const builtin = vscode.extensions.getExtension('vscode.github-authentication');
    diag.push(`built-in vscode.github-authentication: ${builtin ? `present, active here: ${builtin.isActive}, kind ${JSON.stringify(builtin.extensionKind)}` : 'not visible in this host'}`);
    try { diag.push(`accounts of "github" before registering: ${(await vscode.authentication.getAccounts('github')).length}`); }
    catch (e) { diag.push(`getAccounts("github") before registering threw: ${e instanceof Error ? e.message : String(e)}`); }
    disposables.push(vscode.authentication.registerAuthenticationProvider('github', 'GitHub (test)', provider, { supportsMultipleAccounts: false }));
    // The registration is one message to the workbench, handled on arrival: a round trip sent after it.
    await vscode.commands.executeCommand('setContext', 'registryExplorer.test.githubProvider', true);
    const answered = await waitFor(async () => {
      const before = provider.asked.length;
      await vscode.authentication.getSession('github', ['read:packages'], { silent: true });
      return provider.asked.length > before || undefined;
    }, { what: 'the test GitHub provider answering getSession', timeout: 15_000, interval: 250 }).catch((e: unknown) => { diag.push(String(e)); return false; });
    if (!answered) {
      // The workbench does not route "github" to this provider: stub at the API seam the extension calls (the
      // test's `vscode` is the extension's API object), answering from the same provider with VS Code's rules
      // (silent: a session or nothing; createIfNone: sign in).
      mode = 'seam';
      const auth = vscode.authentication as unknown as { getSession: (...a: unknown[]) => Thenable<vscode.AuthenticationSession | undefined> };
      const original = auth.getSession;
      auth.getSession = async (...a: unknown[]) => {
        const [providerId, scopes, options] = a as [string, readonly string[], vscode.AuthenticationGetSessionOptions | undefined];
        if (providerId !== 'github') return original.apply(vscode.authentication, a);
        seamCalls.push({ scopes: [...scopes], options: { ...options } });
        const [s] = await provider.getSessions(scopes);
        if (s) return s;
        return options?.createIfNone ? provider.createSession(scopes) : undefined;
      };
      disposables.push({ dispose: () => { auth.getSession = original; } });
      const logsRoot = dirname(dirname(dirname(api.ctx.extension.logUri.fsPath)));
      const said = filesUnder(logsRoot).some((f) => readFileSync(f, 'utf8').includes("An authentication provider with id 'github' is already registered"));
      diag.push(`a log says "github" was already registered: ${said}`);
    }
    diag.push(`mode: ${mode}`);
    console.log(`[github session] ${diag.join(' | ')}`);
  });
  suiteTeardown(async () => {
    for (const r of added) await api.ctx.registries.remove(r).catch(() => undefined);
    for (const d of disposables.reverse()) d.dispose();
  });

  test('no session: the tree says how to sign in (no stack), and no token goes out', async () => {
    const g = gh();
    // Other suites use the same stand-in: only what this test makes counts.
    const before = (await standInRequests(g.apiUrl)).length;
    id = await addRegistry({ url: g.url, name: 't-github-session', kind: 'github', method: 'token', username: g.user, credentialsFrom: 'vscode-github',
      namespaces: ['acme'], apiUrl: g.apiUrl, skipTest: true }, added);
    const def = api.ctx.registries.get(id)!;
    assert.equal(def.credentials, 'vscode-github');
    assert.equal(def.username, g.user);
    assert.equal(def.apiUrl, g.apiUrl);

    provider.asked.length = 0;
    seamCalls.length = 0;
    const root = await rootOf(id);
    assert.deepEqual(await childLabels(root), [g.user, 'acme']);
    const kids = await childLabels(await child(root, g.user));
    assert.equal(kids.length, 1, JSON.stringify(kids));
    const row = (await children(await child(root, g.user)))[0];
    const it = await item(row);
    const text = await label(row);
    assert.match(text, /^Not signed in to GitHub in VS Code: use Edit Registry and choose "VS Code GitHub account" to sign in \(read:packages\)\./, text);
    assert.match(text, /HTTP 401, GitHub: Requires authentication\)$/, text);
    assert.ok(!/\n|\s+at\s+\S+\s+\(|Error:/.test(text), `a stack or error dump in the row: ${text}`);
    assert.match(String(it.contextValue), /error-auth/); // the inline Reconnect of authentication failures
    // The extension asked VS Code for the GitHub session with read:packages (silently: the provider had none).
    assert.ok(provider.asked.some((s) => s.length === 1 && s[0] === 'read:packages'), JSON.stringify(provider.asked));
    assert.ok(provider.asked.every((s) => s.includes('read:packages')), JSON.stringify(provider.asked));
    if (mode === 'seam') assert.ok(seamCalls.length > 0 && seamCalls.every((c) => c.options.silent === true && !c.options.createIfNone), JSON.stringify(seamCalls));
    const reqs = (await standInRequests(g.apiUrl)).slice(before).filter((r) => r.path === `/users/${g.user}/packages`);
    assert.ok(reqs.length > 0, 'the stand-in saw no package list request');
    assert.ok(reqs.every((r) => r.auth === 'none'), JSON.stringify(reqs));
  });

  test('signed in: the tree lists the packages with the session token; the token is stored nowhere and logged nowhere', async () => {
    const g = gh();
    assert.ok(id, 'the first test added no registry');
    if (mode === 'provider') {
      // A request that is not silent: VS Code adds "Sign in with GitHub (test) to use Registry Explorer" to the
      // Accounts menu (the test's `vscode` is the extension's API object: the request is the extension's).
      assert.equal(await vscode.authentication.getSession('github', ['read:packages'], {}), undefined);
      let signIn: string | undefined;
      await waitFor(async () => (signIn = (await vscode.commands.getCommands()).find((c) => /^github:.+:signIn\d+$/.test(c))), { what: 'the Accounts menu sign-in entry', timeout: 30_000, interval: 250 });
      assert.equal(signIn!.split(':')[1].toLowerCase(), EXTENSION_ID.toLowerCase(), signIn);
      await vscode.commands.executeCommand(signIn!); // the menu entry: createSession, then the extension may use the account
    } else {
      // What Add Registry's "VS Code GitHub account" asks (addRegistryGitHub.ts: createIfNone).
      assert.ok(await vscode.authentication.getSession('github', ['read:packages'], { createIfNone: true }));
    }
    assert.deepEqual(provider.created, [['read:packages']]);
    seamCalls.length = 0;

    // The tags the stand-in serves now (another suite may have retagged or deleted versions of the same package).
    const versions = await fetch(`${g.apiUrl}/users/${g.user}/packages/container/app/versions`, { headers: { authorization: `Bearer ${g.token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' } });
    assert.equal(versions.status, 200);
    const served = ((await versions.json()) as Array<{ metadata?: { container?: { tags?: string[] } } }>).flatMap((v) => v.metadata?.container?.tags ?? []).sort();
    assert.ok(served.length > 0, 'the stand-in serves no tag of app');
    provider.asked.length = 0;
    const startAt = (await standInRequests(g.apiUrl)).length;
    api.ctx.tree.refreshRegistry(id);
    const user = await waitFor(async () => {
      const u = await child(await rootOf(id), g.user);
      return (await childLabels(u)).includes('app') ? u : undefined;
    }, { what: `${g.user}'s packages in the tree`, timeout: 30_000 });
    assert.deepEqual(await childLabels(user), ['app']);
    assert.deepEqual((await childLabels(await child(user, 'app'))).sort(), served);
    assert.deepEqual(await childLabels(await child(await child(await rootOf(id), 'acme'), 'tool')), ['latest']);

    // The session was asked for read:packages, and the stand-in saw its token on every request since.
    assert.ok(provider.asked.length > 0, 'the extension did not ask for the session');
    assert.ok(provider.asked.every((s) => s.includes('read:packages')), JSON.stringify(provider.asked));
    // Through the seam the options are visible too: the tree only ever asks silently.
    if (mode === 'seam') assert.ok(seamCalls.length > 0 && seamCalls.every((c) => c.options.silent === true && !c.options.createIfNone), JSON.stringify(seamCalls));
    const since = (await standInRequests(g.apiUrl)).slice(startAt);
    const ops = since.map((r) => r.operationId);
    assert.ok(ops.includes('packages/list-packages-for-user'), JSON.stringify(ops));
    assert.ok(since.some((r) => r.path.startsWith(`/users/${g.user}/packages/container/app/versions`)), JSON.stringify(since.map((r) => r.path)));
    assert.ok(since.some((r) => r.path.startsWith('/orgs/acme/packages')), JSON.stringify(since.map((r) => r.path)));
    assert.ok(since.every((r) => r.auth === 'token'), JSON.stringify(since));

    // Settings: the entry names the credential source, never a token (the configuration and settings.json).
    const def = api.ctx.registries.get(id)!;
    assert.equal(def.credentials, 'vscode-github');
    const entry = (vscode.workspace.getConfiguration('registryExplorer').get<Array<Record<string, unknown>>>('registries') ?? []).find((r) => r.id === id);
    assert.ok(entry, 'the registry is not in the settings');
    assert.equal(entry.credentials, 'vscode-github');
    assert.ok(!JSON.stringify(entry).includes(g.token), 'token found in the registry entry');
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('registryExplorer')).includes(g.token), 'token found in the settings');
    const settingsFile = join(dirname(dirname(api.ctx.extension.globalStorageUri.fsPath)), 'settings.json');
    const settingsText = readFileSync(settingsFile, 'utf8');
    assert.ok(settingsText.includes(id), `${settingsFile} does not hold the registry`);
    assert.ok(!settingsText.includes(g.token), `token found in ${settingsFile}`);

    // SecretStorage: nothing for this registry; no entry of the extension holds the token unless it is another
    // registry's stored token (the GitHub suite's, when the whole suite runs).
    assert.equal(await api.ctx.registries.secret(id), undefined);
    assert.equal(await api.ctx.extension.secrets.get(`registryExplorer.secret.${id}`), undefined);
    const keysOf = (api.ctx.extension.secrets as { keys?: () => Thenable<string[]> }).keys;
    if (keysOf) {
      for (const k of await keysOf.call(api.ctx.extension.secrets)) {
        if (!(await api.ctx.extension.secrets.get(k))?.includes(g.token)) continue;
        const owner = /^registryExplorer\.secret\.(.+)$/.exec(k)?.[1];
        assert.ok(owner && owner !== id && api.ctx.registries.get(owner)?.credentials !== 'vscode-github', `token found in SecretStorage under ${k}`);
      }
    }
    const state = JSON.stringify(api.ctx.extension.globalState.keys().map((k) => api.ctx.extension.globalState.get(k)));
    assert.ok(!state.includes(g.token), 'token found in globalState');

    // Logs: every log file of this code-server instance.
    api.ctx.log.info('github session suite: checking logs');
    const logsRoot = dirname(dirname(dirname(api.ctx.extension.logUri.fsPath)));
    const files = filesUnder(logsRoot);
    assert.ok(files.length > 0, `no log files under ${logsRoot}`);
    for (const f of files) assert.ok(!readFileSync(f, 'utf8').includes(g.token), `token found in ${f}`);
  });
});
