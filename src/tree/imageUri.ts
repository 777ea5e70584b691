/**
 * Tag rows carry a custom `resourceUri` so FileDecorationProviders (scan badges, src/tree/scanDecorations.ts)
 * can decorate them. Shape: `registry-explorer-image://<registryId>/<repository>@<digest>`; the tag (if any)
 * in the query `?tag=`. Decorate by digest: every tag of the same image gets the same badge.
 */
import * as vscode from 'vscode';

export const IMAGE_URI_SCHEME = 'registry-explorer-image';

export function imageUri(registryId: string, repository: string, digest: string, tag?: string): vscode.Uri {
  return vscode.Uri.from({
    scheme: IMAGE_URI_SCHEME, authority: registryId, path: `/${repository}@${digest}`,
    query: tag ? `tag=${encodeURIComponent(tag)}` : '',
  });
}

export function parseImageUri(uri: vscode.Uri): { registryId: string; repository: string; digest: string; tag?: string } | undefined {
  if (uri.scheme !== IMAGE_URI_SCHEME) return undefined;
  const at = uri.path.lastIndexOf('@');
  if (at < 0) return undefined;
  const tag = new URLSearchParams(uri.query).get('tag') ?? undefined;
  return { registryId: uri.authority, repository: uri.path.slice(1, at), digest: uri.path.slice(at + 1), tag };
}
