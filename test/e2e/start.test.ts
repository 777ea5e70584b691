// `npm start`, the README's first command, run as a user runs it: through npm (so npm's own variables are in
// the environment, as they were when the nested code-server install broke), on a free port. It must print the
// address, the editor must answer there with the extension and the demo registry in its tree, and Ctrl+C
// (SIGINT to the process group) must stop code-server and the registry. The screenshot is the README's.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../support/registry';
import { expandRow, launchWorkbench, openContainer, openWorkbench, screenshot, waitForRow, type Workbench } from '../support/workbench';

const root = join(__dirname, '..', '..');

/** Resolves with the first match of `re` in the child's output, or rejects when the child exits first. */
function waitForOutput(child: ChildProcess, re: RegExp, timeoutMs: number, out: { text: string }): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const m = re.exec(out.text);
      if (m) { cleanup(); resolve(m); }
    };
    const onExit = (code: number | null, sig: string | null): void => {
      cleanup();
      reject(new Error(`npm start exited (${code ?? sig}) before printing ${re}:\n${out.text.slice(-4000)}`));
    };
    const timer = setTimeout(() => { cleanup(); reject(new Error(`npm start printed no ${re} within ${timeoutMs} ms:\n${out.text.slice(-4000)}`)); }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

function groupAlive(pgid: number): boolean {
  try { process.kill(-pgid, 0); return true; } catch { return false; }
}

/** Polls `cond` until it holds; fails with `what` after `timeoutMs` (an upper bound, not a pause). */
async function waitUntil(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(what);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('npm start', () => {
  let child: ChildProcess | undefined;
  let wb: Workbench | undefined;
  after(async () => {
    await wb?.close();
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* the group is gone already */ }
    }
  });

  test('prints the address, the editor answers there with the demo registry, Ctrl+C stops everything', async () => {
    const port = await freePort();
    const out = { text: '' };
    // `npm start`, not `node scripts/start.mjs`: npm's environment is part of what is tested.
    child = spawn('npm', ['start', '--', '--code-server', '--port', String(port)], {
      cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DISPLAY: '' },
    });
    child.stdout!.on('data', (b: Buffer) => { out.text += b.toString(); });
    child.stderr!.on('data', (b: Buffer) => { out.text += b.toString(); });
    // The last line start prints once everything is up.
    await waitForOutput(child, /Stop: press Ctrl\+C/, 10 * 60_000, out);
    const m = /running in code-server[^\n]*\n\s*\n\s*(http:\/\/127\.0\.0\.1:(\d+)\/\S*)/.exec(out.text);
    assert.ok(m, `no address in:\n${out.text}`);
    const url = m[1]!;
    assert.equal(Number(m[2]), port, 'the --port asked for');
    const registryUrl = /Demo registry: (http:\/\/127\.0\.0\.1:\d+)/.exec(out.text)?.[1];
    assert.ok(registryUrl, `no demo registry address in:\n${out.text}`);

    // The editor answers at the printed address, and shows the extension with the demo registry added.
    const res = await fetch(url);
    assert.equal(res.status, 200);
    wb = await launchWorkbench();
    await openWorkbench(wb.page, url);
    await openContainer(wb.page);
    await expandRow(await waitForRow(wb.page, 'Demo registry', 60_000));
    await waitForRow(wb.page, 'team/web', 60_000);
    await screenshot(wb.page, 'npm-start');
    await wb.close();
    wb = undefined;

    // Ctrl+C: the terminal sends SIGINT to the foreground process group.
    // npm itself dies of the SIGINT at once; start.mjs, in the same process group, cleans up and exits. The
    // condition is the whole group gone (code-server's own children are in a group of their own, checked below).
    process.kill(-child.pid!, 'SIGINT');
    await waitUntil(() => !groupAlive(child!.pid!), 60_000, `npm start's process group still running after Ctrl+C:\n${out.text.slice(-2000)}`);
    assert.match(out.text, /stopping…/);
    await assert.rejects(fetch(url), 'code-server still answers after Ctrl+C');
    await assert.rejects(fetch(`${registryUrl}/v2/`), 'the demo registry still answers after Ctrl+C');
  });
});
