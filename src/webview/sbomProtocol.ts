// Messages between the SBOM panel (sbomPanel.ts) and its page (src/webview-ui/sbom.ts).
import type { Sbom } from '../sbom/model';
import type { WebviewStrings } from './strings';

export type SbomHostMessage = { type: 'sbom'; sbomJson: string; title: string; strings?: WebviewStrings };

export function sbomMessage(sbom: Sbom, title: string, strings?: WebviewStrings): SbomHostMessage {
  return { type: 'sbom', sbomJson: JSON.stringify(sbom), title, ...(strings ? { strings } : {}) };
}

/**
 * Page → host. `json`: save the SBOM document as it was given; `csv`: the packages, those the filter shows
 * (`shown`: their keys) or all of them.
 */
export type SbomPageMessage = { type: 'ready' } | { type: 'export'; format: 'json' | 'csv'; shown?: number[] };

export function isSbomPageMessage(m: unknown): m is SbomPageMessage {
  if (typeof m !== 'object' || m === null) return false;
  const t = (m as { type?: unknown }).type;
  if (t === 'ready') return true;
  if (t !== 'export') return false;
  const { format, shown } = m as { format?: unknown; shown?: unknown };
  return (format === 'json' || format === 'csv') && (shown === undefined || (Array.isArray(shown) && shown.every((k) => Number.isSafeInteger(k) && (k as number) >= 0)));
}
