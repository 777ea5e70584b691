/** The extension's LogOutputChannel and the client's request-line sink. No headers, no credentials, no raw control characters. */
import * as vscode from 'vscode';
import { redactUrl, type RequestLogLine } from './registry/index';
import { printable } from './registry/printable';

export function createLog(): vscode.LogOutputChannel {
  return printableLog(vscode.window.createOutputChannel('Registry Explorer', { log: true }));
}

const WRITERS = new Set<PropertyKey>(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

/** An Error as the log shows it (message and stack), escaped; the stack's frames keep their line breaks. */
function printableError(e: Error): Error {
  const shown = new Error(printable(e.message));
  shown.name = printable(e.name);
  shown.stack = e.stack === undefined ? undefined : printable(e.stack.replace(e.message, shown.message), '\n');
  return shown;
}

/**
 * The channel with every message through printable(): the log's chokepoint, whoever writes to it (tree
 * nodes, commands, the request logger). A registry's text then cannot forge an entry with CR/LF, rewrite a
 * terminal it is copied into, or reorder what is shown with bidi controls. Everything else is the channel's own.
 */
export function printableLog(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  const clean = (a: unknown): unknown => (typeof a === 'string' ? printable(a) : a instanceof Error ? printableError(a) : a);
  return new Proxy(channel, {
    get(target, prop) {
      const v: unknown = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      const fn = v as (...args: unknown[]) => unknown;
      return WRITERS.has(prop) ? (...args: unknown[]) => fn.apply(target, args.map(clean)) : fn.bind(target);
    },
  });
}

export function requestLogger(log: vscode.LogOutputChannel): (line: RequestLogLine) => void {
  return (l) => {
    // The client's redactUrl (the one redaction of the project): the line is already redacted by the client;
    // this keeps a URL from any other source to the same rules.
    const text = `${l.method} ${redactUrl(l.url)} ${l.status ?? '-'} ${Math.round(l.ms)}ms${l.error ? ` ${l.error}` : ''}`;
    if (l.error || (l.status !== undefined && l.status >= 500)) log.warn(text);
    else log.info(text);
  };
}
