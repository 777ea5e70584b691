// Severity badges on tag rows, through a FileDecorationProvider over the tree's image URIs
// (`registry-explorer-image://<registryId>/<repository>@<digest>`, src/tree/imageUri.ts).
//
// registerScanDecorations(context) returns the one ScanResults of the extension (created on first call):
// record() after a scan (src/commands/scan.ts), recordHarborOverview() from Harbor's scan_overview (no rescan),
// get() / saveReport() / loadReport() for the badge and Show Scan Report.
//
// Results are kept per manifest digest (a digest names immutable content, so every tag of the same image
// shares the badge) in globalState, so badges survive a reload; a rescan replaces the entry. Full reports
// go to globalStorageUri/scan-reports/<hex>.json so "Show Scan Report" reopens them without scanning.
import * as vscode from 'vscode';
import { scanBadge, storedScanFromHarborOverview, type StoredScan } from '../scan/badge';
import type { ScanReport } from '../scan/model';
import { IMAGE_URI_SCHEME, parseImageUri } from './imageUri';
import { printable } from '../registry/printable';

const STATE_KEY = 'registryExplorer.scanResults';
const MAX_ENTRIES = 2000;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

const COLORS: Record<string, string | undefined> = {
  CRITICAL: 'list.errorForeground',
  HIGH: 'list.errorForeground',
  MEDIUM: 'list.warningForeground',
};

export class ScanResults implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private readonly registration: vscode.Disposable;
  private results: Record<string, StoredScan>;
  /** Which URIs the tree asked about per digest, so a new result refreshes exactly those rows. */
  private readonly seen = new Map<string, Map<string, vscode.Uri>>();

  constructor(private readonly context: vscode.ExtensionContext) {
    this.results = { ...(context.globalState.get<Record<string, StoredScan>>(STATE_KEY) ?? {}) };
    this.registration = vscode.window.registerFileDecorationProvider(this);
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== IMAGE_URI_SCHEME) return undefined;
    const digest = parseImageUri(uri)?.digest;
    if (!digest) return undefined;
    let uris = this.seen.get(digest);
    if (!uris) this.seen.set(digest, (uris = new Map()));
    uris.set(uri.toString(), uri);
    const stored = this.results[digest];
    if (!stored) return undefined;
    const b = scanBadge(stored);
    // The scanner's name and the scan time come from Harbor's scan_overview: shown through printable().
    return new vscode.FileDecoration(b.badge, printable(b.tooltip), b.severity && COLORS[b.severity] ? new vscode.ThemeColor(COLORS[b.severity]!) : undefined);
  }

  get(digest: string): StoredScan | undefined {
    return this.results[digest];
  }

  async record(digest: string, scan: StoredScan): Promise<void> {
    if (!DIGEST.test(digest)) return;
    delete this.results[digest]; // re-insert: keys keep insertion order, oldest first
    this.results[digest] = scan;
    const keys = Object.keys(this.results);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES))) delete this.results[k];
    await this.context.globalState.update(STATE_KEY, this.results);
    this.fire(digest);
  }

  /**
   * Harbor already scanned (its artifact list carries scan_overview): show that without scanning again.
   * A full report we fetched ourselves is newer information and wins over an overview of the same scan.
   */
  async recordHarborOverview(digest: string, overview: Parameters<typeof storedScanFromHarborOverview>[0]): Promise<void> {
    const next = storedScanFromHarborOverview(overview);
    const cur = this.results[digest];
    if (cur && cur.source !== 'harbor-overview' && cur.time >= next.time) return;
    // The tree reports overviews on every refresh: write only when something shown would change.
    const shown = (x: StoredScan) => JSON.stringify([x.source, x.counts, x.total, x.fixable, x.status, x.scanner]);
    if (cur && shown(cur) === shown(next)) return;
    await this.record(digest, next);
  }

  async saveReport(digest: string, report: ScanReport): Promise<void> {
    const dir = vscode.Uri.joinPath(this.context.globalStorageUri, 'scan-reports');
    await vscode.workspace.fs.createDirectory(dir);
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, reportFileName(digest)), Buffer.from(JSON.stringify(report), 'utf8'));
  }

  async loadReport(digest: string): Promise<ScanReport | undefined> {
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.context.globalStorageUri, 'scan-reports', reportFileName(digest)));
      return JSON.parse(Buffer.from(bytes).toString('utf8')) as ScanReport;
    } catch {
      return undefined;
    }
  }

  private fire(digest: string): void {
    const uris = [...(this.seen.get(digest)?.values() ?? [])];
    this.changed.fire(uris.length ? uris : undefined);
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
    instances.delete(this.context);
  }
}

function reportFileName(digest: string): string {
  return `${digest.replace(/[^A-Za-z0-9]+/g, '-')}.json`;
}

// One instance per extension context (not a mutable global: keyed by the context that owns it).
const instances = new WeakMap<vscode.ExtensionContext, ScanResults>();

export function registerScanDecorations(context: vscode.ExtensionContext): ScanResults {
  let r = instances.get(context);
  if (!r) {
    r = new ScanResults(context);
    instances.set(context, r);
    context.subscriptions.push(r);
  }
  return r;
}

