/**
 * Command lines per builder, as argument arrays (never a shell string): every user-controlled value
 * (path, tag, build argument) is exactly one element of argv, so shell metacharacters mean nothing.
 * Paths are absolute, so none can start with `-` and be read as an option.
 *
 * How each builder is told about TLS and credentials differs:
 * - podman/buildah take them per command: `--tls-verify=false`, `--cert-dir DIR` (a directory of *.crt),
 *   `--authfile FILE` (containers-auth.json; see containers-auth.json(5)).
 * - docker's daemon owns TLS: insecure registries and CAs are daemon configuration
 *   (`insecure-registries`, /etc/docker/certs.d/HOST/ca.crt), so no flag exists; credentials come from
 *   `$DOCKER_CONFIG/config.json`, which we point at a private directory.
 */
import type { Builder, BuildRequest, Invocation, RegistryAccess, StorageOptions } from './types';

export class BuildOptionError extends Error {
  constructor(message: string) { super(message); this.name = 'BuildOptionError'; }
}

export interface CommandOptions {
  access?: RegistryAccess;
  storage?: StorageOptions;
  /** docker: the private DOCKER_CONFIG directory holding the login for this run. */
  dockerConfig?: string;
}

/** `--root/--runroot/--storage-driver` go before the subcommand (they are global options). */
export function storageArgs(builder: Builder, storage?: StorageOptions): string[] {
  if (builder.kind === 'docker' || !storage) return [];
  const out: string[] = [];
  if (storage.root) out.push('--root', storage.root);
  if (storage.runroot) out.push('--runroot', storage.runroot);
  if (storage.driver) out.push('--storage-driver', storage.driver);
  return out;
}

function registryArgs(builder: Builder, access?: RegistryAccess): string[] {
  if (builder.kind === 'docker' || !access) return [];
  const out: string[] = [];
  if (access.insecure) out.push('--tls-verify=false');
  else if (access.certDir) out.push('--cert-dir', access.certDir);
  if (access.authFile) out.push('--authfile', access.authFile);
  return out;
}

function dockerEnv(opts: CommandOptions): Record<string, string> | undefined {
  return opts.dockerConfig ? { DOCKER_CONFIG: opts.dockerConfig } : undefined;
}

function withEnv(inv: Invocation, env: Record<string, string> | undefined): Invocation {
  return env ? { ...inv, env } : inv;
}

const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;
const BUILD_ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Validates what the reference parser does not cover. Throws BuildOptionError naming the bad value. */
export function validateBuildRequest(req: BuildRequest): void {
  if (!req.dockerfile.startsWith('/')) throw new BuildOptionError(`The Dockerfile path must be absolute: ${JSON.stringify(req.dockerfile)}`);
  if (!req.context.startsWith('/')) throw new BuildOptionError(`The build context must be an absolute directory: ${JSON.stringify(req.context)}`);
  for (const p of [req.dockerfile, req.context]) {
    if (p.includes('\0')) throw new BuildOptionError('A path contains a NUL character');
  }
  if (req.tags.length === 0) throw new BuildOptionError('Nothing to tag: give at least one image reference');
  for (const [k, v] of Object.entries(req.buildArgs ?? {})) {
    if (!BUILD_ARG_NAME.test(k)) throw new BuildOptionError(`Invalid build argument name ${JSON.stringify(k)}: use letters, digits and _`);
    if (v.includes('\0')) throw new BuildOptionError(`Build argument ${k} contains a NUL character`);
  }
  for (const p of req.platforms ?? []) {
    if (!PLATFORM.test(p)) throw new BuildOptionError(`Invalid platform ${JSON.stringify(p)}: expected os/arch[/variant], e.g. linux/arm64`);
  }
}

/** True when the build itself produces a multi-platform manifest list (pushed differently). */
export function isMultiPlatform(req: BuildRequest): boolean {
  return (req.platforms?.length ?? 0) > 1;
}

/**
 * The build. docker with buildx and several platforms pushes from the build (`--push`): the classic
 * image store cannot hold a multi-platform image. podman/buildah collect the platforms in a
 * manifest list (`--manifest`), pushed afterwards with `manifest push --all`.
 */
export function buildInvocation(builder: Builder, req: BuildRequest, opts: CommandOptions = {}): Invocation {
  validateBuildRequest(req);
  const platforms = req.platforms ?? [];
  const buildArgs = Object.entries(req.buildArgs ?? {}).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]);
  if (builder.kind === 'docker') {
    if (!builder.buildx && platforms.length > 1) {
      throw new BuildOptionError('Building for several platforms with docker needs buildx (docker buildx version failed)');
    }
    const args = builder.buildx ? ['buildx', 'build', '--progress=plain'] : ['build'];
    args.push('-f', req.dockerfile);
    for (const t of req.tags) args.push('-t', t);
    args.push(...buildArgs);
    if (platforms.length) args.push('--platform', platforms.join(','));
    if (req.noCache) args.push('--no-cache');
    if (req.pull) args.push('--pull');
    if (builder.buildx) args.push(platforms.length > 1 ? '--push' : '--load');
    args.push(req.context);
    return withEnv({ command: builder.path, args, label: 'build' }, dockerEnv(opts));
  }
  const args = [...storageArgs(builder, opts.storage), builder.kind === 'buildah' ? 'bud' : 'build'];
  if (req.isolation) args.push('--isolation', req.isolation);
  args.push(...registryArgs(builder, opts.access));
  args.push('-f', req.dockerfile);
  if (platforms.length > 1) {
    args.push('--manifest', req.tags[0] as string);
  } else {
    for (const t of req.tags) args.push('-t', t);
  }
  args.push(...buildArgs);
  if (platforms.length) args.push('--platform', platforms.join(','));
  if (req.noCache) args.push('--no-cache');
  if (req.pull) args.push('--pull');
  args.push(req.context);
  return { command: builder.path, args, label: 'build' };
}

/**
 * Pushes one reference. `digestFile` (podman/buildah) receives the pushed manifest digest;
 * docker prints it instead (`<tag>: digest: sha256:… size: N`, see parsePushedDigest).
 * `list` pushes a manifest list and every image in it.
 */
export function pushInvocation(builder: Builder, ref: string, opts: CommandOptions & { digestFile?: string; list?: string } = {}): Invocation {
  if (builder.kind === 'docker') {
    return withEnv({ command: builder.path, args: ['push', ref], label: 'push' }, dockerEnv(opts));
  }
  const args = [...storageArgs(builder, opts.storage)];
  if (opts.list) args.push('manifest', 'push', '--all');
  else args.push('push');
  args.push(...registryArgs(builder, opts.access));
  if (opts.digestFile) args.push('--digestfile', opts.digestFile);
  if (opts.list) args.push(opts.list, `docker://${ref}`);
  else args.push(ref, `docker://${ref}`);
  return { command: builder.path, args, label: 'push' };
}

/** Adds `target` as a name of the local image `source` (an id or a name). */
export function tagInvocation(builder: Builder, source: string, target: string, opts: CommandOptions = {}): Invocation {
  if (source.startsWith('-')) throw new BuildOptionError(`Invalid image name ${JSON.stringify(source)}`);
  const args = [...storageArgs(builder, opts.storage), 'tag', source, target];
  return withEnv({ command: builder.path, args, label: 'tag' }, builder.kind === 'docker' ? dockerEnv(opts) : undefined);
}

/** Lists local images in a machine-readable form (see localImages.ts for the parsers). */
export function imagesInvocation(builder: Builder, opts: CommandOptions = {}): Invocation {
  switch (builder.kind) {
    case 'docker': return { command: builder.path, args: ['images', '--format', '{{json .}}'], label: 'images' };
    case 'podman': return { command: builder.path, args: [...storageArgs(builder, opts.storage), 'images', '--format', 'json'], label: 'images' };
    case 'buildah': return { command: builder.path, args: [...storageArgs(builder, opts.storage), 'images', '--json'], label: 'images' };
  }
}

/**
 * `docker login` with the password on stdin (`--password-stdin`), writing into `configDir`
 * (DOCKER_CONFIG) so nothing lands in the user's ~/.docker. The username is not a secret.
 */
export function dockerLoginInvocation(builder: Builder, server: string, username: string, password: string, configDir: string): Invocation {
  if (builder.kind !== 'docker') throw new BuildOptionError('docker login is only for docker');
  return {
    command: builder.path,
    // `--username=<u>` as one element: a name starting with `-` cannot become an option.
    args: ['login', `--username=${username}`, '--password-stdin', server],
    env: { DOCKER_CONFIG: configDir },
    stdin: password,
    label: 'login',
  };
}

/** docker push ends with `<tag>: digest: sha256:<hex> size: <n>`. */
export function parsePushedDigest(line: string): string | undefined {
  return /digest: (sha256:[0-9a-f]{64})\b/.exec(line)?.[1];
}

/**
 * Writes a built image to a tar archive Trivy reads with `image --input` (scan before push): docker
 * `save` (docker-archive), podman `save --format oci-archive`, buildah `push IMAGE oci-archive:PATH`.
 */
export function archiveInvocation(builder: Builder, ref: string, file: string, opts: CommandOptions = {}): Invocation {
  if (!file.startsWith('/')) throw new BuildOptionError(`The archive path must be absolute: ${JSON.stringify(file)}`);
  switch (builder.kind) {
    case 'docker': return withEnv({ command: builder.path, args: ['save', '-o', file, ref], label: 'save' }, dockerEnv(opts));
    case 'podman': return { command: builder.path, args: [...storageArgs(builder, opts.storage), 'save', '--format', 'oci-archive', '-o', file, ref], label: 'save' };
    case 'buildah': return { command: builder.path, args: [...storageArgs(builder, opts.storage), 'push', ref, `oci-archive:${file}`], label: 'save' };
  }
}
