// The stand-in Trivy (test/support/fake-trivy/trivy) as the extension's Trivy for an in-host suite: it becomes
// registryExplorer.trivy.path, and FAKE_TRIVY_RECORD (set on process.env, which the extension host's Trivy
// runs inherit) names a fresh file where it records its argv and TRIVY_* environment.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './tree';

export interface StandInTrivy {
  recordFile: string;
  /** The argv of its last run. */
  argv(): string[];
  /** Sets FAKE_TRIVY_REPORT (the report it prints for `--format json`). */
  prints(reportFile: string): void;
  restore(): Promise<void>;
}

export async function useStandInTrivy(): Promise<StandInTrivy> {
  const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
  const stand = join(root, 'test', 'support', 'fake-trivy', 'trivy');
  assert.ok(existsSync(stand), `stand-in trivy missing: ${stand}`);
  const tmp = mkdtempSync(join(tmpdir(), 'regx-host-trivy-'));
  const recordFile = join(tmp, 'trivy-record.json');
  await vscode.workspace.getConfiguration('registryExplorer').update('trivy.path', stand, vscode.ConfigurationTarget.Global);
  process.env.FAKE_TRIVY_RECORD = recordFile;
  return {
    recordFile,
    argv: () => (JSON.parse(readFileSync(recordFile, 'utf8')) as { argv: string[] }).argv,
    prints: (file) => { process.env.FAKE_TRIVY_REPORT = file; },
    restore: async () => {
      delete process.env.FAKE_TRIVY_RECORD;
      delete process.env.FAKE_TRIVY_REPORT;
      await vscode.workspace.getConfiguration('registryExplorer').update('trivy.path', undefined, vscode.ConfigurationTarget.Global);
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
