// The packaged extension installed into code-server and opened in Chromium: what the browser e2e tests of the
// explorer start from. The workbench honours a development-path payload only with the smoke-test driver, which
// also skips modal dialogs; these tests want the real dialogs, so they install the packaged .vsix.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installVsix, packageVsix, startCodeServer, type CodeServer } from './codeserver';
import { launchWorkbench, openWorkbench, screenshot, type Workbench } from './workbench';

/** User settings that keep the workbench quiet: no welcome page, telemetry, update checks, AI or secondary bar. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false, 'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export interface ExtensionWorkbench {
  server: CodeServer;
  wb: Workbench;
  /** The test's own folder (the .vsix, the extensions, the workspace); removed by close(). */
  tmp: string;
  /** Screenshot (when named), then close the browser, stop code-server and remove `tmp`. */
  close(finalScreenshot?: string): Promise<void>;
}

export async function openExtensionWorkbench(prefix: string, opts: { viewport?: { width: number; height: number }; settings?: Record<string, unknown> } = {}): Promise<ExtensionWorkbench> {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  try {
    const extensionsDir = join(tmp, 'extensions');
    installVsix(packageVsix(tmp), { extensionsDir });
    const folder = join(tmp, 'workspace');
    mkdirSync(folder, { recursive: true });
    server = await startCodeServer({ folder, extensionsDir, settings: { ...QUIET_SETTINGS, ...opts.settings } });
    wb = await launchWorkbench();
    if (opts.viewport) await wb.page.setViewportSize(opts.viewport).catch(() => undefined);
    await openWorkbench(wb.page, server.workbenchUrl());
  } catch (e) {
    await wb?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  const [s, w] = [server, wb];
  return {
    server: s, wb: w, tmp,
    async close(finalScreenshot) {
      if (finalScreenshot) await screenshot(w.page, finalScreenshot).catch(() => undefined);
      await w.close();
      await s.stop();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
