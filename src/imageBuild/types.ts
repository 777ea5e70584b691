/**
 * Shared types of the build-and-push pipeline. Everything under src/imageBuild runs in plain Node
 * (no `vscode` import) so the unit and integration tests drive it directly.
 */

export type BuilderKind = 'docker' | 'podman' | 'buildah';
/** The `registryExplorer.builder` setting. */
export type BuilderSetting = 'auto' | BuilderKind;

/** A builder found on PATH. */
export interface Builder {
  kind: BuilderKind;
  /** Absolute path of the executable (resolved from PATH, never through a shell). */
  path: string;
  /** docker only: `docker buildx version` answered, so `docker buildx build` is used. */
  buildx?: boolean;
}

/**
 * Where podman/buildah keep images. Root-less and CI setups need `vfs` and private roots;
 * ignored for docker (its daemon owns the store).
 */
export interface StorageOptions {
  root?: string;
  runroot?: string;
  driver?: string;
}

/** How the builder reaches the target registry. */
export interface RegistryAccess {
  /** Host[:port] as in references, e.g. "127.0.0.1:5000". */
  registry: string;
  /** Plain HTTP or TLS without verification (`--tls-verify=false`). */
  insecure?: boolean;
  /** A directory holding `*.crt` CA files (podman/buildah `--cert-dir`). */
  certDir?: string;
  /** A containers-auth.json file (podman/buildah `--authfile`). */
  authFile?: string;
}

/** One child process to run: never a shell string. */
export interface Invocation {
  command: string;
  args: string[];
  /** Extra environment (merged over process.env). */
  env?: Record<string, string>;
  /** Written to stdin, then stdin is closed (e.g. `--password-stdin`). */
  stdin?: string;
  /** What the step does, for messages ("build", "push", "login", "tag"). */
  label: string;
}

export interface BuildRequest {
  dockerfile: string;                 // absolute path
  context: string;                    // absolute directory
  /** Full normalized references, every one validated by parseReference. */
  tags: string[];
  buildArgs?: Record<string, string>;
  platforms?: string[];               // "linux/amd64", "linux/arm64/v8"
  /** Extra options for the build; e.g. `--isolation chroot` for buildah/podman without an OCI runtime. */
  isolation?: 'chroot' | 'oci' | 'rootless';
  noCache?: boolean;
  pull?: boolean;
}
