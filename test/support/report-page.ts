// Serves the real report page (renderReportHtml with its CSP, dist/webview/report.js, media/report.css) on
// 127.0.0.1 and drives it in Debian's Chromium with playwright-core. A nonce'd prelude stands in for VS Code:
// it defines acquireVsCodeApi (recording posted messages), applies a theme (body class + --vscode-* variables)
// and records CSP violations.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { ScanReport } from '../../src/scan/model';
import { renderReportHtml } from '../../src/webview/reportHtml';
import { listenLoopback } from './listen';

const root = join(__dirname, '../..');

export type Theme = 'light' | 'dark' | 'high-contrast';

const COMMON = {
  '--vscode-font-family': '"Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-font-weight': 'normal',
  '--vscode-editor-font-family': '"Droid Sans Mono", "monospace", monospace',
  '--vscode-editor-font-size': '12px',
};
/** Values from VS Code's Light+/Dark+ themes for the variables the page and the elements library use. */
export const THEMES: Record<Theme, { bodyClass: string; vars: Record<string, string> }> = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      ...COMMON,
      '--vscode-foreground': '#3b3b3b', '--vscode-editor-background': '#ffffff', '--vscode-descriptionForeground': '#717171',
      '--vscode-panel-border': '#e5e5e5', '--vscode-widget-border': '#e5e5e5', '--vscode-focusBorder': '#005fb8',
      '--vscode-list-hoverBackground': '#f2f2f2', '--vscode-list-activeSelectionBackground': '#e8e8e8', '--vscode-list-activeSelectionForeground': '#000000',
      '--vscode-textLink-foreground': '#005fb8', '--vscode-textLink-activeForeground': '#005fb8',
      '--vscode-charts-red': '#e51400', '--vscode-charts-orange': '#d18616', '--vscode-charts-yellow': '#bf8803', '--vscode-charts-blue': '#1a85ff', '--vscode-charts-green': '#388a34',
      '--vscode-disabledForeground': 'rgba(97, 97, 97, 0.5)', '--vscode-testing-iconPassed': '#388a34',
      '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff', '--vscode-button-secondaryBackground': '#e5e5e5', '--vscode-button-secondaryForeground': '#3b3b3b', '--vscode-button-border': 'rgba(0,0,0,0.1)',
      '--vscode-input-background': '#ffffff', '--vscode-input-foreground': '#3b3b3b', '--vscode-input-border': '#cecece', '--vscode-input-placeholderForeground': '#767676',
      '--vscode-dropdown-background': '#ffffff', '--vscode-dropdown-foreground': '#3b3b3b', '--vscode-dropdown-border': '#cecece',
      '--vscode-checkbox-background': '#f8f8f8', '--vscode-checkbox-border': '#cecece', '--vscode-checkbox-foreground': '#3b3b3b',
      '--vscode-badge-background': '#cccccc', '--vscode-badge-foreground': '#3b3b3b',
      '--vscode-sideBarSectionHeader-background': '#f8f8f8', '--vscode-editorWidget-background': '#f8f8f8', '--vscode-textCodeBlock-background': '#f8f8f8',
      '--vscode-settings-textInputBackground': '#ffffff', '--vscode-settings-textInputForeground': '#3b3b3b', '--vscode-settings-textInputBorder': '#cecece',
      '--vscode-settings-dropdownBackground': '#ffffff', '--vscode-settings-dropdownForeground': '#3b3b3b', '--vscode-settings-dropdownBorder': '#cecece', '--vscode-settings-dropdownListBorder': '#c8c8c8',
      '--vscode-settings-checkboxBackground': '#f8f8f8', '--vscode-settings-checkboxForeground': '#3b3b3b', '--vscode-settings-checkboxBorder': '#cecece',
      '--vscode-editorWidget-border': '#c8c8c8', '--vscode-sideBarTitle-foreground': '#3b3b3b', '--vscode-icon-foreground': '#3b3b3b', '--vscode-sideBar-background': '#f8f8f8',
      '--vscode-button-hoverBackground': '#0258a8', '--vscode-button-secondaryHoverBackground': '#cccccc', '--vscode-widget-shadow': 'rgba(0, 0, 0, 0.16)', '--vscode-list-highlightForeground': '#0066bf',
      '--vscode-editorLineNumber-foreground': '#6e7681', '--vscode-diffEditor-removedLineBackground': 'rgba(255, 0, 0, 0.2)',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      ...COMMON,
      '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1f1f1f', '--vscode-descriptionForeground': '#9d9d9d',
      '--vscode-panel-border': '#2b2b2b', '--vscode-widget-border': '#313131', '--vscode-focusBorder': '#0078d4',
      '--vscode-list-hoverBackground': '#2a2d2e', '--vscode-list-activeSelectionBackground': '#04395e', '--vscode-list-activeSelectionForeground': '#ffffff',
      '--vscode-textLink-foreground': '#4daafc', '--vscode-textLink-activeForeground': '#4daafc',
      '--vscode-charts-red': '#f14c4c', '--vscode-charts-orange': '#d18616', '--vscode-charts-yellow': '#cca700', '--vscode-charts-blue': '#3794ff', '--vscode-charts-green': '#89d185',
      '--vscode-disabledForeground': 'rgba(204, 204, 204, 0.5)', '--vscode-testing-iconPassed': '#73c991',
      '--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff', '--vscode-button-secondaryBackground': '#313131', '--vscode-button-secondaryForeground': '#cccccc', '--vscode-button-border': 'rgba(255,255,255,0.07)',
      '--vscode-input-background': '#313131', '--vscode-input-foreground': '#cccccc', '--vscode-input-border': '#3c3c3c', '--vscode-input-placeholderForeground': '#989898',
      '--vscode-dropdown-background': '#313131', '--vscode-dropdown-foreground': '#cccccc', '--vscode-dropdown-border': '#3c3c3c',
      '--vscode-checkbox-background': '#313131', '--vscode-checkbox-border': '#3c3c3c', '--vscode-checkbox-foreground': '#cccccc',
      '--vscode-badge-background': '#616161', '--vscode-badge-foreground': '#f8f8f8',
      '--vscode-sideBarSectionHeader-background': '#181818', '--vscode-editorWidget-background': '#202020', '--vscode-textCodeBlock-background': '#2b2b2b',
      '--vscode-settings-textInputBackground': '#313131', '--vscode-settings-textInputForeground': '#cccccc', '--vscode-settings-textInputBorder': '#3c3c3c',
      '--vscode-settings-dropdownBackground': '#313131', '--vscode-settings-dropdownForeground': '#cccccc', '--vscode-settings-dropdownBorder': '#3c3c3c', '--vscode-settings-dropdownListBorder': '#454545',
      '--vscode-settings-checkboxBackground': '#313131', '--vscode-settings-checkboxForeground': '#cccccc', '--vscode-settings-checkboxBorder': '#3c3c3c',
      '--vscode-editorWidget-border': '#454545', '--vscode-sideBarTitle-foreground': '#cccccc', '--vscode-icon-foreground': '#cccccc', '--vscode-sideBar-background': '#181818',
      '--vscode-button-hoverBackground': '#026ec1', '--vscode-button-secondaryHoverBackground': '#3c3c3c', '--vscode-widget-shadow': 'rgba(0, 0, 0, 0.36)', '--vscode-list-highlightForeground': '#2aaaff',
      '--vscode-editorLineNumber-foreground': '#6e7681', '--vscode-diffEditor-removedLineBackground': 'rgba(255, 0, 0, 0.2)',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      ...COMMON,
      '--vscode-foreground': '#ffffff', '--vscode-editor-background': '#000000', '--vscode-descriptionForeground': 'rgba(255,255,255,0.7)',
      '--vscode-panel-border': '#6fc3df', '--vscode-contrastBorder': '#6fc3df', '--vscode-contrastActiveBorder': '#f38518', '--vscode-focusBorder': '#f38518',
      '--vscode-list-hoverBackground': 'transparent', '--vscode-list-activeSelectionBackground': 'transparent', '--vscode-list-activeSelectionForeground': '#ffffff',
      '--vscode-textLink-foreground': '#21a6ff', '--vscode-textLink-activeForeground': '#21a6ff',
      '--vscode-charts-red': '#f48771', '--vscode-charts-orange': '#ffa500', '--vscode-charts-yellow': '#ffd700', '--vscode-charts-blue': '#75beff', '--vscode-charts-green': '#89d185',
      '--vscode-button-background': '#000000', '--vscode-button-foreground': '#ffffff', '--vscode-button-border': '#6fc3df',
      '--vscode-input-background': '#000000', '--vscode-input-foreground': '#ffffff', '--vscode-input-border': '#6fc3df',
      '--vscode-dropdown-background': '#000000', '--vscode-dropdown-foreground': '#ffffff', '--vscode-dropdown-border': '#6fc3df',
      '--vscode-settings-textInputBackground': '#000000', '--vscode-settings-textInputForeground': '#ffffff', '--vscode-settings-textInputBorder': '#6fc3df',
      '--vscode-settings-dropdownBackground': '#000000', '--vscode-settings-dropdownForeground': '#ffffff', '--vscode-settings-dropdownBorder': '#6fc3df', '--vscode-settings-dropdownListBorder': '#6fc3df',
      '--vscode-settings-checkboxBackground': '#000000', '--vscode-settings-checkboxForeground': '#ffffff', '--vscode-settings-checkboxBorder': '#6fc3df',
      '--vscode-editorWidget-border': '#6fc3df', '--vscode-sideBarTitle-foreground': '#ffffff', '--vscode-icon-foreground': '#ffffff', '--vscode-sideBar-background': '#000000',
      '--vscode-list-focusOutline': '#f38518', '--vscode-toolbar-hoverOutline': '#f38518', '--vscode-list-highlightForeground': '#21a6ff',
      '--vscode-checkbox-background': '#000000', '--vscode-checkbox-border': '#6fc3df', '--vscode-badge-background': '#000000', '--vscode-badge-foreground': '#ffffff',
    },
  },
};

export interface PageServer {
  url: string;
  stop(): Promise<void>;
}

/** Serves the page for one theme at `/?theme=…`; the report is posted afterwards (as the host does on 'ready'). */
export async function startPageServer(): Promise<PageServer> {
  const script = join(root, 'dist/webview/report.js');
  if (!existsSync(script)) throw new Error(`${script} is missing: run "node esbuild.mjs" first (npm test builds it).`);
  const files: Record<string, [string, string]> = {
    '/dist/webview/report.js': [script, 'text/javascript'],
    '/media/report.css': [join(root, 'media/report.css'), 'text/css'],
    // The compare and SBOM pages (scanviews-page.ts): same HTML and style, their own bundle (`/?page=sbom`).
    '/dist/webview/compare.js': [join(root, 'dist/webview/compare.js'), 'text/javascript'],
    '/dist/webview/sbom.js': [join(root, 'dist/webview/sbom.js'), 'text/javascript'],
  };
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (u.pathname === '/') {
      const theme = THEMES[(u.searchParams.get('theme') as Theme) ?? 'dark'] ?? THEMES.dark;
      const origin = `http://${req.headers.host}`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        renderReportHtml({
          cspSource: origin,
          nonce: randomBytes(18).toString('base64'),
          scriptUri: `${origin}/dist/webview/${['compare', 'sbom'].includes(u.searchParams.get('page') ?? '') ? u.searchParams.get('page') : 'report'}.js`,
          styleUri: `${origin}/media/report.css`,
          preludeScript: prelude(theme),
        }),
      );
      return;
    }
    if (u.pathname === '/favicon.ico') {
      res.writeHead(204).end(); // the browser asks on its own; not part of the page
      return;
    }
    const f = files[u.pathname];
    if (!f) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': f[1], 'cache-control': 'no-store' });
    res.end(readFileSync(f[0]));
  });
  const port = await listenLoopback(server);
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function prelude(theme: { bodyClass: string; vars: Record<string, string> }): string {
  const json = JSON.stringify(theme).replace(/</g, '\\u003c');
  return `(() => {
  const theme = ${json};
  window.__posted = [];
  window.__violations = [];
  // Like VS Code, state outlives a reload of the page (here: sessionStorage of the tab).
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => { window.__posted.push(JSON.parse(JSON.stringify(m))); },
    getState: () => { const s = sessionStorage.getItem('vscode-state'); return s === null ? undefined : JSON.parse(s); },
    setState: (s) => { sessionStorage.setItem('vscode-state', JSON.stringify(s)); window.__state = s; },
  });
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  for (const [k, v] of Object.entries(theme.vars)) document.documentElement.style.setProperty(k, v);
  const apply = () => document.body.classList.add(theme.bodyClass);
  if (document.body) apply(); else document.addEventListener('DOMContentLoaded', apply);
})();`;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.REGX_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}: apt-get install chromium (scripts/setup.mjs does).`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'regx-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** For a describe block: starts the page server and the browser before its tests and stops both after them. */
export function usePageHarness(): { readonly server: PageServer; readonly browser: Browser } {
  const h = {} as { server: PageServer; browser: Browser };
  before(async () => {
    h.server = await startPageServer();
    h.browser = await launchBrowser();
  });
  after(async () => {
    await h.browser?.close();
    await h.server?.stop();
  });
  return h;
}

export interface PageLog {
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
}

/** Opens the page, waits for its 'ready', posts the report as the host would, and waits for it to render. */
/** A new page whose console errors, page errors and dialogs (dismissed) are recorded for the test to assert on. */
export async function newLoggedPage(browser: Browser, viewport?: { width: number; height: number }): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const log: PageLog = { consoleErrors: [], pageErrors: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') log.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => log.pageErrors.push(String(e)));
  page.on('dialog', (d) => {
    log.dialogs.push(d.message());
    void d.dismiss();
  });
  return { page, log };
}

export async function openReportPage(browser: Browser, server: PageServer, report: ScanReport, opts: { theme?: Theme; title?: string; viewport?: { width: number; height: number } } = {}): Promise<{ page: Page; log: PageLog }> {
  const { page, log } = await newLoggedPage(browser, opts.viewport);
  await page.goto(`${server.url}?theme=${opts.theme ?? 'dark'}`);
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  await postReport(page, report, opts.title ?? report.artifact.name);
  return { page, log };
}

export async function postReport(page: Page, report: ScanReport, title: string): Promise<void> {
  await page.evaluate(([json, t]) => window.postMessage({ type: 'report', reportJson: json, title: t }, '*'), [JSON.stringify(report), title] as const);
  await page.waitForSelector('#status[data-total]');
}

export async function posted(page: Page): Promise<{ type: string; url?: string; format?: string }[]> {
  return page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted);
}

export function artifactsDir(): string {
  return process.env.REGX_ARTIFACTS ?? join(root, '.test-artifacts');
}

/** A deterministic Trivy report with `n` vulnerabilities over a few targets (for size tests and the bench). */
export function generateTrivyReport(n: number, seed = 42): Record<string, unknown> {
  let x = seed >>> 0;
  const rand = () => ((x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
  const sev = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
  const targets = ['app.tar (debian 12.5)', 'usr/lib/node_modules/package-lock.json', 'app/requirements.txt', 'Java', 'go.sum'];
  const results = targets.map((Target) => ({ Target, Class: 'os-pkgs', Type: 'debian', Vulnerabilities: [] as unknown[] }));
  for (let i = 0; i < n; i++) {
    const s = sev[Math.min(4, Math.floor(rand() ** 1.3 * 5))];
    const pkg = `pkg-${Math.floor(rand() * 400)}`;
    const fixed = rand() < 0.6 ? `${1 + Math.floor(rand() * 5)}.${Math.floor(rand() * 20)}.${Math.floor(rand() * 9)}` : undefined;
    const score = Math.round(rand() * 100) / 10;
    results[i % targets.length].Vulnerabilities.push({
      VulnerabilityID: `CVE-20${10 + Math.floor(rand() * 16)}-${10000 + i}`,
      PkgName: pkg,
      InstalledVersion: `0.${Math.floor(rand() * 50)}.${Math.floor(rand() * 9)}`,
      ...(fixed ? { FixedVersion: fixed, Status: 'fixed' } : { Status: 'affected' }),
      Severity: s,
      Title: `${pkg}: generated issue number ${i} in the parser`,
      Description: `A generated description for finding ${i}. `.repeat(4),
      PrimaryURL: `https://avd.aquasec.com/nvd/cve-${i}`,
      References: [`https://example.com/advisory/${i}`],
      CVSS: { nvd: { V3Score: score, V3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' } },
    });
  }
  return { SchemaVersion: 2, ArtifactName: `generated/${n}-findings:latest`, ArtifactType: 'container_image', CreatedAt: '2026-01-01T00:00:00Z', Trivy: { Version: '0.74.0' }, Results: results };
}
