// Text that comes from a registry (repository and tag names, error messages, anything a server chose) is
// shown through printable() wherever it meets a person: the CLI's output, the extension's log channel and
// the tree. Printed raw, an ECMA-48 escape sequence rewrites the terminal (OSC 0 `ESC ]0;…BEL` sets its
// title, CSI `ESC [2J` clears it; C1 0x9B is CSI in one byte), a CR or LF overwrites a line or forges a log
// entry, and Unicode's bidi formatting characters (UAX #9 §2.1–2.4: embeddings, overrides, isolates, marks)
// reorder what is displayed ("Trojan Source", CVE-2021-42574). Each of them is shown as its \uXXXX escape
// instead: visible, unambiguous, and still valid inside a JSON string (RFC 8259 §7), so JSON output can go
// through the same function and parse back to exactly the same value.

/** C0 controls, DEL, C1 controls, the bidi formatting characters (ALM, LRM, RLM, LRE…RLO, LRI…PDI) and U+2028/U+2029. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `s` with every control and bidi formatting character replaced by its `\uXXXX` escape. `keep` lists
 * characters to leave as they are (e.g. "\n" for multi-line JSON or Markdown whose line breaks are the
 * caller's own); text from a server should keep none of them.
 */
export function printable(s: string, keep = ''): string {
  return s.replace(UNPRINTABLE, (c) => (keep.includes(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
