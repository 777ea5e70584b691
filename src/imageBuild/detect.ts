/**
 * Finds a builder on PATH. The setting (`registryExplorer.builder`) forces one; `auto` prefers docker when
 * its engine answers, then podman, then buildah. A docker client without an engine (as on CI machines
 * with only the CLI) cannot build, so `auto` skips it rather than failing at the first step.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { Builder, BuilderKind, BuilderSetting } from './types';

export const BUILDER_ORDER: readonly BuilderKind[] = ['docker', 'podman', 'buildah'];

/** The absolute path of `name` on PATH, or undefined. Resolved by hand: no shell involved. */
export function which(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (isAbsolute(name)) return isExecutable(name) ? name : undefined;
  if (name.includes('/')) return undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    if (isExecutable(p)) return p;
  }
  return undefined;
}

function isExecutable(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs a probe and resolves true on exit 0 within the timeout. */
export function probe(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 5000): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: timeoutMs, windowsHide: true }, (err) => resolve(!err));
  });
}

export interface DetectOptions {
  env?: NodeJS.ProcessEnv;
  /** Override for tests: answers whether the docker engine is reachable. */
  dockerEngineUp?: (dockerPath: string) => Promise<boolean>;
}

export class BuilderNotFoundError extends Error {
  constructor(setting: BuilderSetting, tried: string[]) {
    super(setting === 'auto'
      ? `No image builder found: install docker (with a running engine), podman or buildah, or set registryExplorer.builder (tried: ${tried.join('; ')})`
      : `${setting} is not on PATH: install it or change registryExplorer.builder`);
    this.name = 'BuilderNotFoundError';
  }
}

export async function detectBuilder(setting: BuilderSetting = 'auto', opts: DetectOptions = {}): Promise<Builder> {
  const env = opts.env ?? process.env;
  const engineUp = opts.dockerEngineUp ??
    ((p: string) => probe(p, ['version', '--format', '{{.Server.Version}}'], env, 4000));
  const kinds = setting === 'auto' ? BUILDER_ORDER : [setting];
  const tried: string[] = [];
  for (const kind of kinds) {
    const path = which(kind, env);
    if (!path) { tried.push(`${kind}: not on PATH`); continue; }
    if (kind === 'docker') {
      if (setting === 'auto' && !(await engineUp(path))) { tried.push('docker: engine not reachable'); continue; }
      const buildx = await probe(path, ['buildx', 'version'], env, 4000);
      return { kind, path, buildx };
    }
    return { kind, path };
  }
  throw new BuilderNotFoundError(setting, tried);
}
