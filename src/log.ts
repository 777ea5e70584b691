/** The extension's LogOutputChannel and the client's request-line sink. No headers, no credentials. */
import * as vscode from 'vscode';
import type { RequestLogLine } from './registry/index';

export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Registry Explorer', { log: true });
}

/** Strips userinfo and credential-looking query parameters, in case a URL ever carries them. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    for (const k of [...u.searchParams.keys()]) {
      if (/token|password|secret|signature/i.test(k)) u.searchParams.set(k, 'REDACTED');
    }
    return u.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}

export function requestLogger(log: vscode.LogOutputChannel): (line: RequestLogLine) => void {
  return (l) => {
    const text = `${l.method} ${redactUrl(l.url)} ${l.status ?? '-'} ${Math.round(l.ms)}ms${l.error ? ` ${l.error}` : ''}`;
    if (l.error || (l.status !== undefined && l.status >= 500)) log.warn(text);
    else log.info(text);
  };
}
