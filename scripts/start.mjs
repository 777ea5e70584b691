// `npm start`: build the .vsix, start a local real registry seeded with sample images, and open VS Code with
// the extension installed and that registry already added.
//   - `code` on PATH and a display: desktop VS Code with its own temp user-data and extensions dirs;
//   - otherwise (this machine, CI, SSH): code-server on 127.0.0.1 (installed into the cache on first use).
// Ctrl+C stops everything (registry, code-server) and removes the temp dirs.
// Flags: --code-server (force code-server), --port N (code-server port; default 8080 if free),
//        --smoke (start, check the tree shows the demo registry in headless Chromium, screenshot, stop).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createServer } from 'node:net';
import { cleanEnv } from './child-env.mjs';
import { packageVsix as packageWith } from './vsix.mjs';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const args = process.argv.slice(2);

// The demo registry and the code-server helpers are the project's TypeScript test support: run under tsx.
if (!process.env.REGX_START_CHILD) {
  // All set-up first, as `npm test` does: Debian packages (as root; otherwise the one apt-get line) and
  // code-server with Node 24 in the cache folder. Nothing to run by hand before `npm start`.
  const setup = spawnSync(process.execPath, [join(root, 'scripts', 'setup.mjs')], { stdio: 'inherit', env: cleanEnv(), cwd: root });
  if (setup.status !== 0) {
    console.error('npm start: set-up failed (see above); nothing was started.');
    process.exit(setup.status ?? 1);
  }
  // Ctrl+C reaches both processes (one process group): the child cleans up; this one just waits for it.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => undefined);
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...process.argv.slice(1)], {
    stdio: 'inherit', env: cleanEnv({ REGX_START_CHILD: '1' }), cwd: root,
  });
  process.exit(r.status ?? (r.signal === 'SIGINT' ? 130 : 1));
}

const cleanups = [];
let stopping = false;
async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  while (cleanups.length) {
    const fn = cleanups.pop();
    try { await fn(); } catch (e) { console.error(`stop: ${e?.message ?? e}`); }
  }
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { console.log('\nstopping…'); void stopAll(0); });
}

function onPath(bin) {
  return (process.env.PATH || '').split(delimiter).some((d) => {
    try { return statSync(join(d, bin)).isFile(); } catch { return false; }
  });
}
const hasDisplay = () => process.platform === 'darwin' || process.platform === 'win32' ||
  Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

function portFree(port) {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

function packageVsix(outDir) {
  console.log('building the extension (production bundle) and packaging the .vsix…');
  const b = spawnSync(process.execPath, [join(root, 'esbuild.mjs'), '--production'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('esbuild.mjs --production failed');
  const vsix = packageWith(join(outDir, 'registry-explorer.vsix'));
  console.log(`packaged ${vsix} (${(statSync(vsix).size / 1024).toFixed(0)} KiB)`);
  return vsix;
}

async function main() {
  const useCodeServer = args.includes('--code-server') || args.includes('--smoke') || !(onPath('code') && hasDisplay());
  const portArg = args.indexOf('--port');
  const wantPort = portArg >= 0 ? Number(args[portArg + 1]) : 8080;

  const work = mkdtempSync(join(tmpdir(), 'regx-start-'));
  cleanups.push(() => rmSync(work, { recursive: true, force: true, maxRetries: 3 }));
  const vsix = packageVsix(work);

  const { startDemoRegistry } = await import('../test/support/demo.ts');
  console.log('starting the demo registry (CNCF distribution) and pushing sample images…');
  const reg = await startDemoRegistry('plain');
  cleanups.push(() => reg.stop());
  console.log(`demo registry: ${reg.url} (${reg.repositories.join(', ')})`);

  const workspace = join(work, 'workspace');
  mkdirSync(workspace, { recursive: true });
  writeFileSync(join(workspace, 'README.md'), `# Registry Explorer demo\n\nThe demo registry runs at ${reg.url}.\n` +
    'Open the Registry Explorer view in the activity bar. Try: push with `skopeo copy --dest-tls-verify=false ' +
    `oci:DIR:TAG docker://${reg.registry}/repo:tag\`.\n`);
  const settings = {
    'registryExplorer.registries': [
      { id: 'demo-local', name: 'Demo registry', url: reg.url, kind: 'distribution' },
    ],
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
    // A quiet first screen: no AI chat side panel, no update checks (the demo runs offline).
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
  };
  const userDataDir = join(work, 'user-data');
  const extensionsDir = join(work, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  if (!useCodeServer) {
    const base = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
    const i = spawnSync('code', [...base, '--install-extension', vsix, '--force'], { stdio: 'inherit' });
    if (i.status !== 0) throw new Error('code --install-extension failed');
    console.log('\nopening VS Code with the extension installed and the demo registry added.');
    console.log('Close the window or press Ctrl+C here to stop the registry and clean up.\n');
    const c = spawn('code', [...base, '--new-window', '--wait', workspace], { stdio: 'inherit' });
    c.once('exit', () => { void stopAll(0); });
    return;
  }

  const cs = await import('../test/support/codeserver.ts');
  cs.installVsix(vsix, { extensionsDir, userDataDir });
  const port = Number.isInteger(wantPort) && wantPort > 0 && await portFree(wantPort) ? wantPort : undefined;
  const server = await cs.startCodeServer({ folder: workspace, userDataDir, extensionsDir, port });
  cleanups.push(() => server.stop());
  const url = server.workbenchUrl();

  if (args.includes('--smoke')) {
    const wb = await import('../test/support/workbench.ts');
    const w = await wb.launchWorkbench();
    cleanups.push(() => w.close());
    try {
      await wb.openWorkbench(w.page, url);
      await wb.openContainer(w.page);
      await wb.expandRow(await wb.waitForRow(w.page, 'Demo registry', 60_000));
      await wb.waitForRow(w.page, 'team/web', 60_000);
      const rows = await wb.treeLabels(w.page);
      const shot = await wb.screenshot(w.page, 'start-smoke');
      console.log(`smoke: tree rows ${JSON.stringify(rows)}; screenshot ${shot}`);
    } catch (e) {
      console.error(`smoke failed; screenshot ${await wb.screenshot(w.page, 'start-smoke-failed')}`);
      throw e;
    }
    await stopAll(0);
    return;
  }

  console.log(`\nRegistry Explorer is running in code-server (VS Code in the browser):\n\n    ${url}\n`);
  console.log(`Demo registry: ${reg.url}  (already added in the Registry Explorer view)`);
  console.log('Stop: press Ctrl+C here (stops code-server and the registry, removes the temp files).\n');
}

main().catch((e) => {
  console.error(`npm start failed: ${e?.stack ?? e}`);
  void stopAll(1);
});
