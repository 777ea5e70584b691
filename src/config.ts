/** Typed view of the extension's settings (rust-analyzer style): one place that knows the keys. */
import * as vscode from 'vscode';
import type { RegistryDefinition } from './editorContext';
import type { BuilderSetting, BuildRequest, StorageOptions } from './imageBuild/index';
import { SEVERITIES, type Severity } from './scan/model';

export const SECTION = 'registryExplorer';

export type TagSort = 'semver' | 'date' | 'name';

/**
 * Settings that name a program, a file or how a program runs. A workspace's own settings.json could point
 * them at something in the (untrusted) repository, so in Restricted Mode only the user's values count.
 * Keep in step with `capabilities.untrustedWorkspaces.restrictedConfigurations` in package.json.
 */
export const RESTRICTED_SETTINGS: readonly string[] = [
  'trivy.path', 'trivy.serverUrl', 'builder', 'pullClient', 'build.context', 'build.args', 'build.isolation', 'build.storage', 'registries',
  'cosign.keys',
];

/**
 * Reads `registryExplorer.<key>`. For a restricted key in an untrusted workspace, workspace and folder values
 * are ignored (`inspect()`), leaving the user's (or, in a remote window, the remote machine's) value or the default.
 */
export function readSetting<T>(key: string, scope?: vscode.Uri): T | undefined {
  const cfg = vscode.workspace.getConfiguration(SECTION, scope);
  if (vscode.workspace.isTrusted || !RESTRICTED_SETTINGS.includes(key)) return cfg.get<T>(key);
  const i = cfg.inspect<T>(key);
  return i?.globalValue ?? i?.defaultValue;
}

/** The build settings (Build and Push, Push Local Image), read fresh for every run. */
export interface BuildSettings {
  builder: BuilderSetting;
  context: string;
  args: Record<string, string>;
  platforms: string[];
  envTags: string[];
  isolation?: BuildRequest['isolation'];
  storage?: StorageOptions;
}

export class Config {
  private readonly cfg = { get: <T>(key: string): T | undefined => readSetting<T>(key) };
  get pageSize(): number {
    return clampInt(this.cfg.get<number>('pageSize'), 100, 1, 1000);
  }
  get detailConcurrency(): number {
    return clampInt(this.cfg.get<number>('detailConcurrency'), 32, 1, 64);
  }
  get tagSort(): TagSort {
    const v = this.cfg.get<string>('tagSort');
    return v === 'date' || v === 'name' ? v : 'semver';
  }
  get pullClient(): 'docker' | 'podman' {
    return this.cfg.get<string>('pullClient') === 'podman' ? 'podman' : 'docker';
  }
  /**
   * Overall deadline of one registry request in seconds (auth, retries, redirects and the body together;
   * the client's idle timeouts apply on top). 0 = no deadline. Default 120, as the CLI's --timeout.
   */
  get requestTimeoutMs(): number {
    const v = this.cfg.get<number>('requestTimeout');
    if (v === 0) return 0;
    return clampInt(v, 120, 1, 3600) * 1000;
  }
  get trivyPath(): string {
    return this.cfg.get<string>('trivy.path') || 'trivy';
  }
  get trivyServerUrl(): string | undefined {
    return this.cfg.get<string>('trivy.serverUrl')?.trim() || undefined;
  }
  get registries(): RegistryDefinition[] {
    const raw = this.cfg.get<unknown>('registries');
    return Array.isArray(raw) ? raw.filter(isDefinition) : [];
  }
  /**
   * The build settings for a Dockerfile (`scope`: folder settings of a multi-root workspace apply). Restricted
   * keys go through readSetting: in Restricted Mode the workspace cannot pick the builder, its storage or the context.
   */
  build(scope?: vscode.Uri): BuildSettings {
    const get = <T>(key: string) => readSetting<T>(key, scope);
    const b = get<string>('builder');
    const iso = get<string>('build.isolation');
    const args = get<Record<string, unknown>>('build.args') ?? {};
    const storage = get<Record<string, unknown>>('build.storage');
    const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
    const names = (v: unknown[] | undefined) => (v ?? []).filter((p): p is string => typeof p === 'string' && !!p);
    return {
      builder: b === 'docker' || b === 'podman' || b === 'buildah' ? b : 'auto',
      context: get<string>('build.context') || '.',
      args: Object.fromEntries(Object.entries(args).filter(([, v]) => typeof v === 'string' || typeof v === 'number').map(([k, v]) => [k, String(v)])),
      platforms: names(get<unknown[]>('build.platforms')),
      envTags: names(get<unknown[]>('build.envTags') ?? ['dev', 'staging', 'prod']),
      isolation: iso === 'chroot' || iso === 'oci' || iso === 'rootless' ? iso : undefined,
      storage: storage ? { root: str(storage.root), runroot: str(storage.runroot), driver: str(storage.driver) } : undefined,
    };
  }
  /**
   * The scan before push of Build and Push (`build.scanBeforePush`, `build.scanGate.*`): off by default; the gate
   * stops on HIGH and CRITICAL unless the setting names other severities (unknown words are dropped).
   */
  scanBeforePush(scope?: vscode.Uri): { enabled: boolean; severities: Severity[]; ignoreUnfixed: boolean } {
    const get = <T>(key: string) => readSetting<T>(key, scope);
    const words = (get<unknown[]>('build.scanGate.severities') ?? ['HIGH', 'CRITICAL']).filter((w): w is string => typeof w === 'string').map((w) => w.toUpperCase());
    return {
      enabled: get<boolean>('build.scanBeforePush') === true,
      severities: SEVERITIES.filter((sev) => words.includes(sev)),
      ignoreUnfixed: get<boolean>('build.scanGate.ignoreUnfixed') === true,
    };
  }
  /** VS Code's own proxy settings (`http.proxy`, `http.proxyStrictSSL`). */
  get proxy(): { proxy?: string; strictSSL: boolean } {
    const http = vscode.workspace.getConfiguration('http');
    const proxy = http.get<string>('proxy') || undefined;
    return { proxy, strictSSL: http.get<boolean>('proxyStrictSSL') ?? true };
  }
  /** Show cosign's `sha256-<hex>.sig/.att/.sbom` and referrers-schema tags as rows (hidden by default). */
  get showAttachmentTags(): boolean {
    return this.cfg.get<boolean>('showAttachmentTags') === true;
  }
  /** Cosign public key files (PEM) for Verify Signature; machine-scoped and restricted (they name files). */
  get cosignKeys(): string[] {
    const v = this.cfg.get<unknown[]>('cosign.keys');
    return Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string' && !!p.trim()) : [];
  }
  /** Keyless verification (`cosign verify`): the certificate identity and OIDC issuer to require. */
  get cosignKeyless(): { identity?: string; issuer?: string } {
    return { identity: this.cfg.get<string>('cosign.identity')?.trim() || undefined, issuer: this.cfg.get<string>('cosign.issuer')?.trim() || undefined };
  }
  affects(e: vscode.ConfigurationChangeEvent, key?: string): boolean {
    return e.affectsConfiguration(key ? `${SECTION}.${key}` : SECTION);
  }
}

function clampInt(v: number | undefined, dflt: number, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return dflt;
  return Math.min(max, Math.max(min, Math.floor(v)));
}

function isDefinition(v: unknown): v is RegistryDefinition {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  // Any kind string: backendFor.ts is the one place that knows kinds (an unknown one, e.g. from a newer version,
  // is listed as plain distribution), so a new kind needs no change here.
  return typeof o.id === 'string' && typeof o.url === 'string' && typeof o.kind === 'string' && o.kind.length > 0;
}
