// Driving the VS Code workbench (served by code-server) in Debian's Chromium through playwright-core.
// Selectors are the workbench's own DOM (VS Code 1.139): activity bar items are labelled by their
// container title, tree rows are `.monaco-list-row`s in the side bar, the quick input is one widget.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { waitFor } from './wait';

export const CHROMIUM = process.env.REGX_CHROMIUM || '/usr/bin/chromium';
export const CONTAINER_TITLE = 'Registry Explorer';

export interface Workbench {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Browser console lines (workbench + extension host messages that reach the renderer). */
  consoleLines: string[];
  close(): Promise<void>;
}

export function requireChromium(): string {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (scripts/setup.mjs does), or set REGX_CHROMIUM`);
  }
  return CHROMIUM;
}

export function artifactsDir(): string {
  const dir = process.env.REGX_ARTIFACTS || join(process.cwd(), '.test-artifacts');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Launches headless Chromium; playwright gives every launch a fresh temporary profile (and removes it). `exposeExit` is installed before any navigation
 * (the workbench's smoke-test driver calls `window.codeAutomationExit(code)` when extension tests end).
 */
export async function launchWorkbench(opts: { exposeExit?: (code: number) => void; onConsole?: (line: string) => void } = {}): Promise<Workbench> {
  const executablePath = requireChromium();
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  // code-server compresses every response on the fly (brotli: ~5-10 s for the 19 MB workbench.js on 2 busy
  // cores); over loopback, uncompressed is several times faster.
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, extraHTTPHeaders: { 'Accept-Encoding': 'identity' } });
  // The workbench reads and writes the clipboard for copy commands; allow it for loopback origins.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']).catch(() => undefined);
  if (opts.exposeExit) {
    const onExit = opts.exposeExit;
    await context.exposeFunction('codeAutomationExit', (code: number) => { onExit(Number(code)); });
  }
  const page = await context.newPage();
  const consoleLines: string[] = [];
  page.on('console', (m) => {
    const line = `[${m.type()}] ${m.text()}`;
    consoleLines.push(line);
    if (consoleLines.length > 5000) consoleLines.shift();
    opts.onConsole?.(line);
  });
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  return {
    browser, context, page, consoleLines,
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}

/** Opens the workbench and waits until it is interactive (activity bar rendered). */
export async function openWorkbench(page: Page, url: string, timeoutMs = 60_000): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Clicks our activity-bar container (unless already open) and waits for the side bar to show it. */
export async function openContainer(page: Page, title = CONTAINER_TITLE, timeoutMs = 90_000): Promise<void> {
  const item = page.locator(`.part.activitybar [aria-label^="${title}"]`).first();
  await item.waitFor({ state: 'visible', timeout: timeoutMs });
  const sidebarTitle = page.locator('.part.sidebar .composite.title');
  const current = (await sidebarTitle.textContent({ timeout: 1000 }).catch(() => '')) ?? '';
  if (!(await page.locator('.part.sidebar').isVisible()) || !current.toUpperCase().includes(title.toUpperCase())) {
    await item.click();
  }
  await page.locator('.part.sidebar').waitFor({ state: 'visible', timeout: timeoutMs });
}

/** The side bar's visible tree rows, as their accessible labels (falls back to text). */
export async function treeRows(page: Page): Promise<string[]> {
  const rows = page.locator('.part.sidebar .monaco-list-row');
  const n = await rows.count();
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = rows.nth(i);
    out.push(((await r.getAttribute('aria-label')) || (await r.innerText()) || '').trim());
  }
  return out;
}

/** The side bar tree row whose label (not description) is exactly `label`. */
export function treeRow(page: Page, label: string): Locator {
  const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  return page.locator('.part.sidebar .monaco-list-row').filter({
    has: page.locator('.label-name', { hasText: exact }),
  }).first();
}

/** Labels (not descriptions) of the visible side bar tree rows. */
export async function treeLabels(page: Page): Promise<string[]> {
  return (await page.locator('.part.sidebar .monaco-list-row .label-name').allInnerTexts()).map((s) => s.trim());
}

/** Waits until some visible tree row's text contains `text`. */
export async function waitForRow(page: Page, text: string, timeoutMs = 30_000): Promise<Locator> {
  const row = page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  return row;
}

/** Expands a collapsed tree row (clicking its twistie); no-op when already expanded. */
export async function expandRow(row: Locator): Promise<void> {
  if ((await row.getAttribute('aria-expanded')) !== 'true') {
    await row.locator('.monaco-tl-twistie').click();
  }
}

/** Runs a command by its palette title: F1, type, pick the exact entry. */
export async function runCommand(page: Page, title: string, timeoutMs = 15_000): Promise<void> {
  await page.locator('.monaco-workbench').focus().catch(() => undefined);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(`>${title}`);
  const item = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await item.waitFor({ state: 'visible', timeout: timeoutMs });
  await page.keyboard.press('Enter');
}

/** Waits for the quick input (input box or pick) to show; returns its title/prompt text. */
export async function waitQuickInput(page: Page, timeoutMs = 15_000): Promise<string> {
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout: timeoutMs });
  return ((await widget.innerText()) || '').trim();
}

/**
 * Types `text` into the showing quick input and accepts it with Enter. `expect` (a substring of the
 * widget's title/prompt) makes sure the right step is answered, not a stale one.
 */
export async function answerInput(page: Page, text: string, opts: { expect?: string; timeoutMs?: number } = {}): Promise<void> {
  const timeout = opts.timeoutMs ?? 15_000;
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout });
  if (opts.expect) await widget.filter({ hasText: opts.expect }).waitFor({ state: 'visible', timeout });
  const input = widget.locator('input');
  await input.fill(text);
  await page.keyboard.press('Enter');
}

/** Picks the quick pick item whose label contains `label`. */
export async function pickItem(page: Page, label: string, opts: { expect?: string; timeoutMs?: number } = {}): Promise<void> {
  const timeout = opts.timeoutMs ?? 15_000;
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout });
  if (opts.expect) await widget.filter({ hasText: opts.expect }).waitFor({ state: 'visible', timeout });
  const item = widget.locator('.monaco-list-row', { hasText: label }).first();
  await item.waitFor({ state: 'visible', timeout });
  await item.click();
}

/**
 * Right-clicks `row` and runs the context menu entry titled `title`, exactly once. A mouse click on a
 * Monaco menu entry can be swallowed while the menu still lays out (seen once in a CI dry run), and a
 * click whose action is still queued looks the same as a swallowed one, so no click is used at all:
 * hovering an entry highlights it (the menu's own `focused` state, waited for), and Enter runs the
 * highlighted entry; the menu closes before the command runs, which is the condition waited for last.
 */
export async function contextMenu(page: Page, row: Locator, title: string, timeoutMs = 15_000): Promise<void> {
  const menu = page.locator('.context-view .monaco-menu, .monaco-menu-container');
  const entry = page.locator('.monaco-menu .action-item', { has: page.locator('.action-label', { hasText: title }) }).first();
  // A row the tree redraws while it is clicked (a detail or a mark arriving) can lose the click, and its menu then
  // belongs to nothing: open the menu again until the entry shows (each attempt is a real right-click).
  await waitFor(async () => {
    await row.click({ button: 'right' });
    await menu.first().waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
    if (await entry.isVisible()) return true;
    await page.keyboard.press('Escape');
    return false;
  }, { what: `the context menu with "${title}"`, timeout: timeoutMs * 2 });
  const highlighted = page.locator('.monaco-menu .action-item.focused', { has: page.locator('.action-label', { hasText: title }) });
  let moves = 0;
  await waitFor(async () => {
    if (await highlighted.count() > 0) return true;
    // Two points inside the entry in turn, so every attempt is a real pointer move (a mouseover).
    await entry.hover({ position: moves++ % 2 ? { x: 8, y: 4 } : { x: 12, y: 6 } });
    return false;
  }, { what: `the context menu entry "${title}" to be highlighted`, timeout: timeoutMs });
  await page.keyboard.press('Enter');
  await menu.first().waitFor({ state: 'hidden', timeout: timeoutMs });
}

/** Texts of notifications (the smoke driver hides toasts, so this opens the notification centre). */
export async function notifications(page: Page): Promise<string[]> {
  const center = page.locator('.notifications-center');
  if (!(await center.isVisible().catch(() => false))) {
    await runCommand(page, 'Notifications: Show Notifications').catch(() => undefined);
  }
  const items = page.locator('.notifications-center .notification-list-item-message');
  return (await items.allInnerTexts()).map((s) => s.trim());
}

/** Saves a PNG of the page or one element under the artifacts dir; returns its path. */
export async function screenshot(target: Page | Locator, name: string): Promise<string> {
  const file = join(artifactsDir(), `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await target.screenshot({ path: file });
  return file;
}

/** Waits for the workbench's modal dialog, returns its text, and clicks the button labelled `button`. */
export async function answerDialog(page: Page, button: string, opts: { timeoutMs?: number; screenshot?: string } = {}): Promise<string> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: timeoutMs });
  const text = ((await dialog.innerText()) || '').trim();
  if (opts.screenshot) await screenshot(page, opts.screenshot);
  await dialog.locator('.monaco-button', { hasText: button }).first().click();
  await dialog.waitFor({ state: 'hidden', timeout: timeoutMs });
  return text;
}

/** Waits until no visible tree row has exactly this label. */
export async function waitRowGone(page: Page, label: string, timeoutMs = 30_000): Promise<void> {
  await treeRow(page, label).waitFor({ state: 'detached', timeout: timeoutMs });
}
