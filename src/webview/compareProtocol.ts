// Messages between the compare panel (comparePanel.ts) and its page (src/webview-ui/compare.ts). The page only
// says 'ready' (its PageMessage); the host answers with the comparison as JSON text (see protocol.ts on why text).
import type { ScanDiff } from '../scan/diff';
import type { WebviewStrings } from './strings';

export type CompareHostMessage = { type: 'compare'; diffJson: string; title: string; strings?: WebviewStrings };

export function compareMessage(diff: ScanDiff, title: string, strings?: WebviewStrings): CompareHostMessage {
  return { type: 'compare', diffJson: JSON.stringify(diff), title, ...(strings ? { strings } : {}) };
}
