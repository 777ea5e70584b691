/**
 * Import from Docker: registries listed in ~/.docker/config.json (`auths`, `credHelpers`; with `credsStore`
 * docker login still writes an empty `auths` entry), credentials resolved through
 * DockerConfigCredentials (inline auth, credsStore, credHelpers). Credentials go to SecretStorage only.
 */
import * as vscode from 'vscode';
import { requireTrust } from './trust';
import { readFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { DockerConfigCredentials } from '../registry/index';
import type { Ctx } from '../editorContext';
import { addRegistry } from './addRegistry';
import { registryHost } from '../connections/clientPool';
import { dockerConfigHosts } from '../connections/url';

export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.DOCKER_CONFIG || path.join(os.homedir(), '.docker'), 'config.json');
}

export async function importFromDocker(ctx: Ctx, arg?: unknown): Promise<string[]> {
  const opts = (arg && typeof arg === 'object' ? arg : {}) as { configPath?: string; hosts?: string[] };
  // Credential helpers (docker-credential-*) named in the Docker config are programs run on this machine.
  if (!(await requireTrust(vscode.l10n.t('Import Registries from Docker')))) return [];
  const file = opts.configPath ?? dockerConfigPath();
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Cannot read {0}', file));
    return [];
  }
  const known = new Set(ctx.registries.list().map((d) => registryHost(d)));
  const hosts = dockerConfigHosts(json).filter((h) => !known.has(h));
  if (!hosts.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No new registries found in {0}.', file));
    return [];
  }
  const chosen = opts.hosts ?? (await vscode.window.showQuickPick(hosts.map((h) => ({ label: h, picked: true })), {
    canPickMany: true, title: vscode.l10n.t('Import registries from Docker'),
  }))?.map((p) => p.label);
  if (!chosen?.length) return [];
  const provider = new DockerConfigCredentials({ configPath: file });
  const added: string[] = [];
  const failed: string[] = [];
  for (const host of chosen) {
    try {
      const creds = await provider.get(host);
      const isLocal = /^(127\.|localhost|\[::1\])/.test(host);
      const id = await addRegistry(ctx, {
        url: host === 'docker.io' ? 'https://docker.io' : `${isLocal ? 'http' : 'https'}://${host}`,
        method: creds ? (creds.registryToken && !creds.password ? 'token' : 'password') : 'anonymous',
        credentials: creds,
        kind: host === 'docker.io' ? 'dockerhub' : undefined,
      });
      if (id) added.push(id);
    } catch (err) {
      failed.push(host);
      ctx.log.warn(`import ${host}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (failed.length) {
    const showLog = vscode.l10n.t('Show Log');
    void vscode.window.showWarningMessage(vscode.l10n.t('Imported {0}; could not connect to: {1}.', added.length, failed.join(', ')), showLog)
      .then((c) => { if (c === showLog) ctx.log.show(true); });
  } else {
    void vscode.window.showInformationMessage(vscode.l10n.t('Imported {0} registries from Docker.', added.length));
  }
  return added;
}
