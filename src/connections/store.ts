/**
 * Registry definitions live in the user setting `registryExplorer.registries` (no secrets: `npm start`
 * pre-seeds it). Secrets live only in SecretStorage (the OS keychain on desktop), keyed by registry id.
 */
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import type { RegistryDefinition, RegistryStore, StoredSecret } from '../editorContext';
import { SECTION, type Config } from '../config';

const secretKey = (id: string): string => `${SECTION}.secret.${id}`;
/** Fields a definition may carry; anything else (e.g. a pasted "password") is dropped before writing. */
const ALLOWED: (keyof RegistryDefinition)[] = ['id', 'name', 'url', 'kind', 'username', 'caFile', 'insecure', 'namespaces',
  'repositories', 'credentials', 'apiUrl'];

export function sanitizeDefinition(def: RegistryDefinition): RegistryDefinition {
  const out: Partial<RegistryDefinition> = {};
  const keep = <K extends keyof RegistryDefinition>(k: K) => { if (def[k] !== undefined && def[k] !== '') out[k] = def[k]; };
  ALLOWED.forEach(keep);
  // The same fields as `def`, minus empty ones: the required ones are set whenever `def` was a definition.
  return out as RegistryDefinition;
}

export function newRegistryId(): string {
  return `r-${randomUUID().slice(0, 13)}`;
}

export class SettingsRegistryStore implements RegistryStore, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly subs: vscode.Disposable[] = [this.emitter];

  constructor(private readonly config: Config, private readonly secrets: vscode.SecretStorage) {
    this.subs.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (config.affects(e, 'registries')) this.emitter.fire();
    }));
  }

  list(): readonly RegistryDefinition[] {
    return this.config.registries;
  }

  get(id: string): RegistryDefinition | undefined {
    return this.list().find((r) => r.id === id);
  }

  async save(def: RegistryDefinition, secret?: StoredSecret | null): Promise<void> {
    // Secret first: if the keychain refuses, no half-configured registry appears.
    if (secret) await this.secrets.store(secretKey(def.id), JSON.stringify(secret));
    else if (secret === null) await this.secrets.delete(secretKey(def.id));
    const clean = sanitizeDefinition(def);
    const list = this.list().filter((r) => r.id !== def.id);
    const i = this.list().findIndex((r) => r.id === def.id);
    if (i >= 0) list.splice(i, 0, clean); else list.push(clean);
    await this.write(list);
  }

  async remove(id: string): Promise<void> {
    await this.secrets.delete(secretKey(id));
    await this.write(this.list().filter((r) => r.id !== id));
  }

  async secret(id: string): Promise<StoredSecret | undefined> {
    const raw = await this.secrets.get(secretKey(id));
    if (!raw) return undefined;
    try {
      const v = JSON.parse(raw) as StoredSecret;
      return v && typeof v === 'object' && v.credentials ? v : undefined;
    } catch {
      return undefined;
    }
  }

  private async write(list: RegistryDefinition[]): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update('registries', list, vscode.ConfigurationTarget.Global);
  }

  dispose(): void {
    this.subs.forEach((d) => d.dispose());
  }
}
