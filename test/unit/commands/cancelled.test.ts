// What counts as a cancel the user asked for (src/commands/cancelled.ts): the copy, delete and scan commands
// show an information message for it instead of the error pop-up. Run against the `vscode` stand-in.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { installFakeVscode } from '../scan/fakeVscode';

const rec = installFakeVscode();
const { isCancelled, showCancelled } = require('../../../src/commands/cancelled') as typeof import('../../../src/commands/cancelled');
const { RegistryError } = require('../../../src/registry/errors') as typeof import('../../../src/registry/errors');
const { CancelledError } = require('../../../src/imageBuild/runner') as typeof import('../../../src/imageBuild/runner');
const { ScanError } = require('../../../src/scan/errors') as typeof import('../../../src/scan/errors');

describe('cancelled operations', () => {
  test('an AbortSignal\'s reason, the client\'s ABORTED and the scanner\'s "cancelled" are cancels', () => {
    const ac = new AbortController();
    ac.abort();
    assert.equal(isCancelled(ac.signal.reason), true);
    assert.equal(isCancelled(new RegistryError('cancelled', { code: 'ABORTED', cause: ac.signal.reason })), true);
    assert.equal(isCancelled(Object.assign(new Error('scan cancelled'), { code: 'cancelled' })), true);
    assert.equal(isCancelled(new Error('wrapped', { cause: ac.signal.reason })), true);
  });

  test('the three cancel types of the client, the scanner and the builder are cancels', () => {
    assert.equal(isCancelled(new RegistryError('cancelled', { code: 'ABORTED' })), true);
    assert.equal(isCancelled(new ScanError('cancelled', 'The scan was cancelled.')), true);
    assert.equal(isCancelled(new CancelledError()), true);
    assert.equal(isCancelled(new ScanError('trivy-failed', 'exit 1')), false);
  });

  test('failures are not cancels', () => {
    assert.equal(isCancelled(new RegistryError('denied', { status: 401 })), false);
    assert.equal(isCancelled(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })), false);
    assert.equal(isCancelled(new Error('boom')), false);
    assert.equal(isCancelled(undefined), false);
  });

  test('the cancelled message is shown as information and logged', () => {
    const logged: string[] = [];
    const ctx = { log: { info: (m: string) => logged.push(m) } };
    showCancelled(ctx as never, 'Copy to r/app:x cancelled.');
    assert.deepEqual(rec.info.slice(-1), ['Copy to r/app:x cancelled.']);
    assert.deepEqual(logged, ['Copy to r/app:x cancelled.']);
  });
});
