/** The extension's LogOutputChannel and the client's request-line sink. No headers, no credentials. */
import * as vscode from 'vscode';
import { redactUrl, type RequestLogLine } from './registry/index';

export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Registry Explorer', { log: true });
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
