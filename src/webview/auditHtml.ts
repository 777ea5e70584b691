// The audit log page's HTML: the report page's (reportHtml.ts: the same CSP, nonce rule and prelude) with the audit
// page's own stylesheet after the report's. Pure (no 'vscode'), so the browser tests serve exactly what the panel shows.
import { renderReportHtml } from './reportHtml';

export interface AuditHtmlOptions {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  /** The report page's stylesheet (theme variables, base layout), then the audit page's own. */
  styleUris: [string, ...string[]];
  /** The page's language (the host's display language), for screen readers and fonts. */
  lang?: string;
  preludeScript?: string;
}

export function renderAuditHtml(o: AuditHtmlOptions): string {
  const [styleUri, ...extraStyleUris] = o.styleUris;
  return renderReportHtml({ cspSource: o.cspSource, nonce: o.nonce, scriptUri: o.scriptUri, styleUri, extraStyleUris, lang: o.lang, preludeScript: o.preludeScript, title: 'Audit log' });
}
