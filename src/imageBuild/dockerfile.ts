/**
 * Which files are Dockerfiles: by language id (`dockerfile`) or by name — `Dockerfile`, `Containerfile`,
 * `Dockerfile.dev`, `api.Dockerfile`, `web.Containerfile` (the same patterns the menus use).
 */
export const DOCKERFILE_NAME = /^(Dockerfile|Containerfile)(\.[^/]*)?$|\.(Dockerfile|Containerfile)$/;

/** The glob the palette uses to find Dockerfiles in the workspace. */
export const DOCKERFILE_GLOB = '**/{Dockerfile,Dockerfile.*,*.Dockerfile,Containerfile,Containerfile.*,*.Containerfile}';

export function isDockerfileName(path: string, languageId?: string): boolean {
  return languageId === 'dockerfile' || DOCKERFILE_NAME.test(path.slice(path.lastIndexOf('/') + 1));
}
