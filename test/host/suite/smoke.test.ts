// First in-host check: the extension under development is loaded by the real extension host,
// activates, and contributes its commands. The rest of the suite builds on this.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testbed } from '../testbed';
import { EXTENSION_ID as ID } from '../tree';

suite('smoke', () => {
  test('the extension is present and activates', async () => {
    const ext = vscode.extensions.getExtension(ID);
    assert.ok(ext, `extension ${ID} not found; loaded: ${vscode.extensions.all.map((e) => e.id).filter((i) => !i.startsWith('vscode.')).join(', ')}`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('its commands are registered', async () => {
    const ext = vscode.extensions.getExtension(ID);
    assert.ok(ext);
    const contributed = ((ext.packageJSON as { contributes?: { commands?: Array<{ command: string }> } }).contributes?.commands ?? [])
      .map((c) => c.command);
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  test('the testbed reaches the extension host through REGX_TESTBED', () => {
    const tb = testbed();
    assert.ok(tb.registries.plain?.url.startsWith('http://127.0.0.1:'), JSON.stringify(tb.registries.plain));
  });
});
