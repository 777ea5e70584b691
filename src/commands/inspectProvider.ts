/**
 * Read-only JSON documents for manifests, indexes and image configs: scheme `registry-explorer:`.
 * URI: registry-explorer:/<repository>:<tag> · <what>?registry=<id>&repo=<repository>&ref=<tag|digest>&what=<manifest|config>
 * (with a digest: <repository>@sha256-<12 hex>). The path only gives the editor a readable tab title, which is
 * its last segment ("app:1.0 · manifest", the folders show as the tab's description); the query says what to
 * fetch. No ".json" suffix: inspect() sets the language to jsonc itself.
 */
import * as vscode from 'vscode';
import { Reference, type Manifest } from '../registry/index';
import type { ClientPool, RegistryStore } from '../editorContext';
import { registryHost } from '../connections/clientPool';
import { formatSize } from '../tree/format';

export const INSPECT_SCHEME = 'registry-explorer';
export type InspectWhat = 'manifest' | 'config';

export function inspectUri(registryId: string, ref: Reference, what: InspectWhat): vscode.Uri {
  const r = ref.digest ?? ref.tagOrDefault();
  // A tag and its config share the tag; the kind of document goes into the title so their tabs differ.
  const label = ref.digest && !ref.tag ? `@${ref.digest.replace(':', '-').slice(0, 19)}` : `:${ref.tagOrDefault()}`;
  return vscode.Uri.from({
    scheme: INSPECT_SCHEME, path: `/${ref.repository}${label} · ${what}`,
    query: new URLSearchParams({ registry: registryId, repo: ref.repository, ref: r, what }).toString(),
  });
}

export class InspectProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly registries: RegistryStore, private readonly clients: ClientPool) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const q = new URLSearchParams(uri.query);
    const def = this.registries.get(q.get('registry') ?? '');
    if (!def) throw new Error(vscode.l10n.t('The registry of this document is no longer configured.'));
    const r = q.get('ref') ?? 'latest';
    const repo = q.get('repo') ?? '';
    const ref = new Reference(registryHost(def), repo, r.includes(':') ? undefined : r, r.includes(':') ? r : undefined);
    const ac = new AbortController();
    const sub = token.onCancellationRequested(() => ac.abort());
    try {
      const client = this.clients.get(def.id);
      const manifest = await client.getManifest(ref, { signal: ac.signal });
      if (q.get('what') === 'config') {
        if (!manifest.config) return JSON.stringify({ note: vscode.l10n.t('An index has no config; inspect one of its platforms.'), manifests: manifest.manifests }, null, 2);
        const blob = await client.getBlob(repo, manifest.config.digest, { signal: ac.signal });
        return prettyJson(blob.toString('utf8'));
      }
      return renderManifest(manifest);
    } finally {
      sub.dispose();
    }
  }
}

/**
 * The manifest exactly as served (pretty-printed), followed by a summary block as JSON comments
 * (the document's language is jsonc) listing layers and sizes.
 */
export function renderManifest(m: Manifest): string {
  const body = prettyJson(m.bytes.toString('utf8'));
  const lines = [`// digest: ${m.digest}`, `// media type: ${m.mediaType}`, `// manifest size: ${m.size} B`];
  if (m.layers?.length) {
    const total = m.layers.reduce((s, l) => s + l.size, 0);
    lines.push(`// layers: ${m.layers.length}, ${formatSize(total)} compressed`);
    m.layers.forEach((l, i) => lines.push(`//   ${i + 1}. ${l.digest}  ${formatSize(l.size)}  ${l.mediaType}`));
  }
  if (m.manifests?.length) {
    lines.push(`// platforms: ${m.manifests.length}`);
    for (const d of m.manifests) lines.push(`//   ${[d.platform?.os, d.platform?.architecture, d.platform?.variant].filter(Boolean).join('/') || d.artifactType || '?'}  ${d.digest}  ${formatSize(d.size)}`);
  }
  return `${lines.join('\n')}\n${body}\n`;
}

function prettyJson(text: string): string {
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; }
}
