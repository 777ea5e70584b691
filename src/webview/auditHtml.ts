// The audit log page's HTML, pure (no 'vscode'), so the browser tests serve exactly what the panel shows. Same
// CSP as the report page (reportCsp: scripts only with the nonce, styles from the extension, nothing else).
import { escapeAttr, reportCsp } from './reportHtml';

export interface AuditHtmlOptions {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  /** The report page's stylesheet (theme variables, base layout) and the audit page's own. */
  styleUris: string[];
  /** The page's language (the host's display language), for screen readers and fonts. */
  lang?: string;
  preludeScript?: string;
}

export function renderAuditHtml(o: AuditHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(o.nonce)) throw new Error('renderAuditHtml: the nonce must be base64 of at least 12 random bytes');
  const nonce = escapeAttr(o.nonce);
  return `<!DOCTYPE html>
<html lang="${escapeAttr(o.lang && /^[A-Za-z-]{2,20}$/.test(o.lang) ? o.lang : 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(reportCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${o.styleUris.map((u) => `<link rel="stylesheet" href="${escapeAttr(u)}">`).join('\n')}
<title>Audit log</title>
</head>
<body>
<main id="app" aria-busy="true"></main>
${o.preludeScript ? `<script nonce="${nonce}">${o.preludeScript.replace(/<\/script/gi, '<\\/script')}</script>\n` : ''}<script type="module" nonce="${nonce}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}
