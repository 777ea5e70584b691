// The report page's HTML, pure (no 'vscode'), so the browser tests serve exactly what the panel shows.
// CSP (VS Code webview guide "Content security policy"): nothing by default; scripts only with the nonce;
// styles from the extension's own files (the elements library styles its shadow roots through
// adoptedStyleSheets, which CSP does not restrict, so no 'unsafe-inline'); images and fonts local only.

export interface ReportHtmlOptions {
  /** webview.cspSource */
  cspSource: string;
  /** Base64 from crypto.randomBytes; a fresh one for every render. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** Stylesheets of a page built on this one (after the report's), e.g. media/audit.css. */
  extraStyleUris?: string[];
  codiconsUri?: string;
  /** Extra nonce'd inline script (tests inject their acquireVsCodeApi stand-in here). */
  preludeScript?: string;
  /** The document's title and language (the compare and SBOM pages use this page too); default "Scan report", "en". */
  title?: string;
  lang?: string;
  loading?: string;
}

export const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function reportCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function renderReportHtml(o: ReportHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(o.nonce)) throw new Error('renderReportHtml: the nonce must be base64 of at least 12 random bytes');
  const nonce = escapeAttr(o.nonce);
  return `<!DOCTYPE html>
<html lang="${escapeAttr(o.lang && /^[A-Za-z-]{2,20}$/.test(o.lang) ? o.lang : 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(reportCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${o.codiconsUri ? `<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${escapeAttr(o.codiconsUri)}">\n` : ''}<link rel="stylesheet" href="${escapeAttr(o.styleUri)}">
${(o.extraStyleUris ?? []).map((u) => `<link rel="stylesheet" href="${escapeAttr(u)}">\n`).join('')}<title>${escapeAttr(o.title ?? 'Scan report')}</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="loading">${escapeAttr(o.loading ?? '…')}</p></main>
${o.preludeScript ? `<script nonce="${nonce}">${o.preludeScript.replace(/<\/script/gi, '<\\/script')}</script>\n` : ''}<script type="module" nonce="${nonce}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}
