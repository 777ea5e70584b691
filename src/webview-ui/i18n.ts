// The page's labels in the display language: the host sends the table (src/webview/strings.ts) in its first
// message; until then, and for any label it lacks, the English text. Labels become text nodes only (dom.ts).
import type { FindingKind } from '../scan/model';
import { formatMessage, readStrings, type WebviewMessage, type WebviewStrings } from '../webview/strings';

let table: WebviewStrings = {};

export function setStrings(raw: unknown): void {
  table = readStrings(raw);
}

export function t(message: WebviewMessage, ...args: (string | number)[]): string {
  return formatMessage(table[message] ?? message, args);
}

const KIND_LABELS: Record<FindingKind, WebviewMessage> = { vulnerability: 'Vulnerability', misconfiguration: 'Misconfiguration', secret: 'Secret', license: 'License' };

/** "Vulnerability", "Misconfiguration", … in the display language. */
export function kindLabel(kind: FindingKind): string {
  return t(KIND_LABELS[kind]);
}
