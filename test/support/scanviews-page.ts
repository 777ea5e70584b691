// Opens the compare and SBOM pages in the report page harness (report-page.ts: same server, CSP and
// acquireVsCodeApi stand-in), posts what their panels post, and waits for them to render.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { WEBVIEW_MESSAGES, type WebviewStrings } from '../../src/webview/strings';
import { newLoggedPage, type Browser, type PageLog, type PageServer, type Theme } from './report-page';

/** The table the extension sends under VS Code's zh-cn display language (what vscode.l10n.t returns). */
export function zhCnStrings(): WebviewStrings {
  const bundle = JSON.parse(readFileSync(join(__dirname, '../../l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
  return Object.fromEntries(WEBVIEW_MESSAGES.map((m) => [m, bundle[m] ?? m]));
}

export async function openPage(browser: Browser, server: PageServer, which: 'report' | 'compare' | 'sbom', message: Record<string, unknown>, opts: { theme?: Theme; viewport?: { width: number; height: number } } = {}): Promise<{ page: Page; log: PageLog }> {
  const { page, log } = await newLoggedPage(browser, opts.viewport);
  await page.goto(`${server.url}?theme=${opts.theme ?? 'dark'}&page=${which}`);
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  await page.evaluate((m) => window.postMessage(m, '*'), message);
  await page.waitForSelector(which === 'report' ? '#status[data-total]' : '#app[data-ready="true"]');
  return { page, log };
}
