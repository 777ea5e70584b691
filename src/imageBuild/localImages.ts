/**
 * Parses the local image lists of each builder:
 * - docker `images --format '{{json .}}'`: one JSON object per line {Repository, Tag, ID, CreatedSince, Size}
 * - podman `images --format json`: an array of {Id, Names?, RepoTags?, Digest, Size (bytes), Created (unix s)}
 * - buildah `images --json`: an array of {id, names, digest, size (text), createdatraw}
 */
import type { BuilderKind } from './types';

export interface LocalImage {
  id: string;
  /** Names such as "127.0.0.1:5000/app:1"; empty for dangling images. */
  names: string[];
  size?: string;
  created?: string;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function strs(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
function record(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}

function humanBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  let x = n;
  while (x >= 1000 && i < units.length - 1) { x /= 1000; i++; }
  return `${x.toFixed(i ? 1 : 0)} ${units[i]}`;
}

export function parseLocalImages(kind: BuilderKind, stdout: string): LocalImage[] {
  const text = stdout.trim();
  if (!text) return [];
  if (kind === 'docker') {
    const byId = new Map<string, LocalImage>();
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const o = record(JSON.parse(line));
      const id = str(o.ID) ?? '';
      const repo = str(o.Repository);
      const tag = str(o.Tag);
      const img = byId.get(id) ?? { id, names: [], size: str(o.Size), created: str(o.CreatedSince) ?? str(o.CreatedAt) };
      if (repo && repo !== '<none>' && tag && tag !== '<none>') img.names.push(`${repo}:${tag}`);
      byId.set(id, img);
    }
    return [...byId.values()];
  }
  const arr: unknown = JSON.parse(text);
  if (!Array.isArray(arr)) return [];
  return arr.map((raw) => {
    const o = record(raw);
    if (kind === 'podman') {
      const size = typeof o.Size === 'number' ? humanBytes(o.Size) : undefined;
      const created = str(o.CreatedAt) ?? (typeof o.Created === 'number' ? new Date(o.Created * 1000).toISOString() : undefined);
      const names = strs(o.Names).length ? strs(o.Names) : strs(o.RepoTags);
      return { id: str(o.Id) ?? str(o.ID) ?? '', names, size, created };
    }
    return { id: str(o.id) ?? '', names: strs(o.names), size: str(o.size), created: str(o.createdatraw) ?? str(o.createdat) };
  });
}
