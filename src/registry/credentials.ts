// Where credentials come from. The client asks a CredentialProvider per registry host; the extension
// passes its keychain-backed provider, the CLI combines --creds, the environment and Docker's config.json.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFile } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RegistryError } from './errors';

export interface Credentials {
  username?: string;
  password?: string;
  /** OAuth2 refresh token (Docker's "identitytoken"): exchanged at the token realm with grant_type=refresh_token. */
  identityToken?: string;
  /** A bearer token used as is (Docker's "registrytoken"). */
  registryToken?: string;
}

export interface CredentialProvider { get(registry: string): Promise<Credentials | undefined> }

/** Docker Hub's key in config.json and in credential helpers. */
export const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** Normalizes a registry name or config.json key to a bare host[:port] (docker.io for Docker Hub). */
export function registryKey(s: string): string {
  let h = s.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = h.indexOf('/');
  if (slash >= 0) h = h.slice(0, slash);
  h = h.toLowerCase();
  return DOCKER_HUB_ALIASES.has(h) ? 'docker.io' : h;
}

export function hasSecret(c: Credentials | undefined): c is Credentials {
  return !!c && !!(c.password || c.identityToken || c.registryToken);
}

/** A fixed map registry → credentials (keys normalized, so "https://index.docker.io/v1/" and "docker.io" match). */
export class StaticCredentials implements CredentialProvider {
  private readonly map = new Map<string, Credentials>();
  constructor(map: Record<string, Credentials>) {
    for (const [k, v] of Object.entries(map)) this.map.set(registryKey(k), v);
  }
  async get(registry: string): Promise<Credentials | undefined> { return this.map.get(registryKey(registry)); }
}

/** REGX_USERNAME / REGX_PASSWORD, for one registry when `registry` is given, else for every registry. */
export class EnvCredentials implements CredentialProvider {
  constructor(private readonly opts: { registry?: string; env?: NodeJS.ProcessEnv } = {}) {}
  async get(registry: string): Promise<Credentials | undefined> {
    const env = this.opts.env ?? process.env;
    if (this.opts.registry !== undefined && registryKey(this.opts.registry) !== registryKey(registry)) return undefined;
    const username = env.REGX_USERNAME;
    const password = env.REGX_PASSWORD;
    if (!password) return undefined;
    return { username: username ?? '', password };
  }
}

/** The first provider that has credentials for a registry wins. */
export class ChainCredentials implements CredentialProvider {
  private readonly providers: CredentialProvider[];
  constructor(providers: Array<CredentialProvider | undefined>) { this.providers = providers.filter((p): p is CredentialProvider => !!p); }
  async get(registry: string): Promise<Credentials | undefined> {
    for (const p of this.providers) {
      const c = await p.get(registry);
      if (hasSecret(c)) return c;
    }
    return undefined;
  }
}

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string; registrytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

export interface DockerConfigCredentialsOptions {
  /** Path of config.json; default $DOCKER_CONFIG/config.json, else ~/.docker/config.json. */
  configPath?: string;
  env?: NodeJS.ProcessEnv;
  /** Milliseconds a docker-credential-* helper may run. */
  helperTimeoutMs?: number;
  /**
   * Ask again on every call (re-read the config, run the helper again) instead of once per provider: the
   * extension's `"credentials": "docker-helper"` keeps no secret of its own, and a helper's token may rotate.
   */
  fresh?: boolean;
  /** Only `credHelpers` / `credsStore`, never the file's `auths` entries. */
  helpersOnly?: boolean;
}

/**
 * What a credential helper's process gets: the variables helpers are known to read (home and config dirs, the
 * desktop keyring's session bus, cloud SDK settings for ecr-login / gcloud / acr helpers), nothing else, so
 * neither the editor's nor npm's environment (tokens of other tools included) reaches a program named in a config.
 */
const HELPER_ENV_NAMES = new Set(['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LC_ALL', 'TMPDIR', 'DOCKER_CONFIG',
  'XDG_RUNTIME_DIR', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'DBUS_SESSION_BUS_ADDRESS', 'DISPLAY', 'GNUPGHOME', 'PASSWORD_STORE_DIR',
  'SYSTEMROOT', 'APPDATA', 'LOCALAPPDATA', 'USERPROFILE', 'PROGRAMDATA', 'PATHEXT', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY',
  'https_proxy', 'http_proxy', 'no_proxy',
  // Trust settings, not secrets: a helper reaching its own service needs the CAs the user configured.
  'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR']);
const HELPER_ENV_PREFIXES = /^(AWS_|CLOUDSDK_|GOOGLE_|AZURE_)/;

export function helperEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && (HELPER_ENV_NAMES.has(k) || HELPER_ENV_PREFIXES.test(k))) out[k] = v;
  return out;
}

const HELPER_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const HELPER_STDOUT_MAX = 64 * 1024;

/**
 * Docker's config.json: `credHelpers[host]` first, then `credsStore`, then the `auths` entry
 * (docker/cli's native store also falls back to the file entry). Helpers run as
 * `docker-credential-<name> get` with the server URL on stdin (docker-credential-helpers protocol).
 */
export class DockerConfigCredentials implements CredentialProvider {
  private config?: Promise<DockerConfigFile | undefined>;
  private readonly cache = new Map<string, Promise<Credentials | undefined>>();
  constructor(private readonly opts: DockerConfigCredentialsOptions = {}) {}

  get path(): string {
    const env = this.opts.env ?? process.env;
    if (this.opts.configPath) return this.opts.configPath;
    const dir = env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
    return join(dir, 'config.json');
  }

  async get(registry: string): Promise<Credentials | undefined> {
    const key = registryKey(registry);
    if (this.opts.fresh) {
      this.config = undefined;
      return this.lookup(key);
    }
    let p = this.cache.get(key);
    if (!p) {
      p = this.lookup(key);
      this.cache.set(key, p);
      p.catch(() => this.cache.delete(key));
    }
    return p;
  }

  private async readConfig(): Promise<DockerConfigFile | undefined> {
    let text: string;
    // node:fs's callback form: node:fs/promises is one more module for every CLI start to load.
    try {
      text = await new Promise<string>((resolve, reject) => readFile(this.path, 'utf8', (e, t) => (e ? reject(e) : resolve(t))));
    } catch { return undefined; }
    try {
      const json: unknown = JSON.parse(text);
      return json && typeof json === 'object' ? (json as DockerConfigFile) : undefined;
    } catch {
      throw new RegistryError(`Docker config ${this.path} is not valid JSON. Fix or remove it.`, { code: 'CONFIG_INVALID' });
    }
  }

  private async lookup(key: string): Promise<Credentials | undefined> {
    this.config ??= this.readConfig();
    const config = await this.config;
    if (!config) return undefined;
    const serverUrl = key === 'docker.io' ? DOCKER_HUB_CONFIG_KEY : key;
    const helpers = config.credHelpers && typeof config.credHelpers === 'object' ? config.credHelpers : {};
    const helper = Object.entries(helpers).find(([k]) => registryKey(k) === key)?.[1] ?? config.credsStore;
    if (typeof helper === 'string' && helper.length > 0) {
      const fromHelper = await runCredentialHelper(helper, serverUrl, { env: this.opts.env, timeoutMs: this.opts.helperTimeoutMs });
      if (hasSecret(fromHelper)) return fromHelper;
    }
    if (this.opts.helpersOnly) return undefined;
    const auths = config.auths && typeof config.auths === 'object' ? config.auths : {};
    const entry = Object.entries(auths).find(([k]) => registryKey(k) === key)?.[1];
    if (!entry || typeof entry !== 'object') return undefined;
    const c: Credentials = {};
    if (typeof entry.auth === 'string' && entry.auth.length > 0) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw new RegistryError(`Docker config ${this.path}: the "auth" entry for ${key} is not base64 of user:password. Run docker login again.`, { code: 'CONFIG_INVALID' });
      c.username = decoded.slice(0, colon);
      c.password = decoded.slice(colon + 1);
    } else {
      if (typeof entry.username === 'string') c.username = entry.username;
      if (typeof entry.password === 'string') c.password = entry.password;
    }
    if (typeof entry.identitytoken === 'string' && entry.identitytoken) c.identityToken = entry.identitytoken;
    if (typeof entry.registrytoken === 'string' && entry.registrytoken) c.registryToken = entry.registrytoken;
    return hasSecret(c) ? c : undefined;
  }
}

/**
 * Runs `docker-credential-<name> get`. Returns undefined when the helper has nothing for the server
 * ("credentials not found"); throws a RegistryError (without the helper's output, which may hold secrets)
 * when the helper is missing, times out or answers garbage.
 */
export function runCredentialHelper(name: string, serverUrl: string, opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Credentials | undefined> {
  if (!HELPER_NAME_RE.test(name)) {
    return Promise.reject(new RegistryError(`credential helper name ${JSON.stringify(name)} is not valid`, { code: 'CREDENTIAL_HELPER' }));
  }
  const program = `docker-credential-${name}`;
  return new Promise((resolve, reject) => {
    let child: ChildProcessWithoutNullStreams;
    try {
      // Loaded here, not at the top: most runs never call a credential helper, and every CLI start pays for
      // what it loads.
      const { spawn } = require('node:child_process') as typeof import('node:child_process');
      child = spawn(program, ['get'], { env: helperEnv(opts.env ?? process.env), stdio: ['pipe', 'pipe', 'pipe'], shell: false });
    } catch (e) {
      reject(new RegistryError(`could not run ${program}: ${(e as Error).message}`, { code: 'CREDENTIAL_HELPER' }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    let settled = false;
    const finish = (err: RegistryError | undefined, value?: Credentials) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err); else resolve(value);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new RegistryError(`${program} did not answer within ${opts.timeoutMs ?? 10_000} ms`, { code: 'CREDENTIAL_HELPER', temporary: true }));
    }, opts.timeoutMs ?? 10_000);
    child.stdout.on('data', (b: Buffer) => {
      size += b.length;
      if (size > HELPER_STDOUT_MAX) { tooBig = true; child.kill('SIGKILL'); return; }
      chunks.push(b);
    });
    child.stderr.resume();
    child.on('error', (e: NodeJS.ErrnoException) => {
      finish(new RegistryError(e.code === 'ENOENT'
        ? `credential helper ${program} is not installed (named in Docker's config.json). Install it or remove it from the config.`
        : `could not run ${program}: ${e.message}`, { code: 'CREDENTIAL_HELPER' }));
    });
    child.on('close', (code) => {
      if (tooBig) return finish(new RegistryError(`${program} printed more than ${HELPER_STDOUT_MAX} bytes`, { code: 'CREDENTIAL_HELPER' }));
      const out = Buffer.concat(chunks).toString('utf8').trim();
      if (code !== 0) {
        // The helpers print "credentials not found in native keychain" when they hold nothing for the server.
        if (/credentials not found/i.test(out)) return finish(undefined, undefined);
        return finish(new RegistryError(`${program} get failed (exit ${code})`, { code: 'CREDENTIAL_HELPER' }));
      }
      let json: unknown;
      try { json = JSON.parse(out); } catch { return finish(new RegistryError(`${program} get printed something that is not JSON`, { code: 'CREDENTIAL_HELPER' })); }
      const o = (json && typeof json === 'object' ? json : {}) as { Username?: unknown; Secret?: unknown };
      const username = typeof o.Username === 'string' ? o.Username : '';
      const secret = typeof o.Secret === 'string' ? o.Secret : '';
      if (!secret) return finish(undefined, undefined);
      // docker/cli: a Username of "<token>" means Secret is an identity token.
      finish(undefined, username === '<token>' ? { identityToken: secret } : { username, password: secret });
    });
    child.stdin.on('error', () => { /* helper exited before reading stdin: reported by 'close' */ });
    child.stdin.end(serverUrl);
  });
}
