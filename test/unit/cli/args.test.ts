import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, int, num, str, flag } from '../../../src/cli/args';
import { FLAGS } from '../../../src/cli/main';
import { UsageError, exitCodeFor, EXIT, CliError } from '../../../src/cli/errors';
import { RegistryError, parseReference } from '../../../src/registry';

test('flags anywhere, --k=v and -- end of options', () => {
  const a = parseArgs(['--json', 'tags', '--limit=5', 'r/x', '-v', '--', '--not-a-flag'], FLAGS);
  assert.equal(a.command, 'tags');
  assert.deepEqual(a.positionals, ['r/x', '--not-a-flag']);
  assert.equal(int(a, 'limit'), 5);
  assert.ok(flag(a, 'json') && flag(a, 'verbose'));
});

test('unknown, repeated, value-less and malformed options are usage errors', () => {
  assert.throws(() => parseArgs(['prune', '--keep-lats', '3'], FLAGS), (e: unknown) => e instanceof UsageError && /--keep-lats/.test(e.message));
  assert.throws(() => parseArgs(['ls', '--limit'], FLAGS), /needs a value/);
  assert.throws(() => parseArgs(['ls', '--json=1'], FLAGS), /takes no value/);
  assert.throws(() => parseArgs(['ls', '--limit', '1', '--limit', '2'], FLAGS), /more than once/);
  assert.throws(() => int(parseArgs(['ls', '--limit', '-3'], FLAGS), 'limit'), /whole number/);
  assert.throws(() => num(parseArgs(['prune', '--keep-days', 'ten'], FLAGS), 'keep-days'), /non-negative number/);
  assert.equal(num(parseArgs(['prune', '--keep-days', '1.5'], FLAGS), 'keep-days'), 1.5);
  assert.equal(str(parseArgs(['x', '--protect', '^v\\d+$'], FLAGS), 'protect'), '^v\\d+$');
});

test('exit codes follow the error kind', () => {
  assert.equal(exitCodeFor(new UsageError('x')), EXIT.usage);
  assert.throws(() => parseReference('UPPER/Case:tag'), (e: unknown) => exitCodeFor(e) === EXIT.usage);
  assert.equal(exitCodeFor(new RegistryError('x', { status: 404, code: 'MANIFEST_UNKNOWN' })), EXIT.notFound);
  assert.equal(exitCodeFor(new RegistryError('x', { status: 401 })), EXIT.auth);
  assert.equal(exitCodeFor(new RegistryError('x', { status: 403 })), EXIT.auth);
  assert.equal(exitCodeFor(new RegistryError('x', { code: 'AUTH_REALM_INSECURE' })), EXIT.auth);
  assert.equal(exitCodeFor(new RegistryError('x', { status: 500 })), EXIT.failed);
  assert.equal(exitCodeFor(new CliError('x', EXIT.notFound)), EXIT.notFound);
  assert.equal(exitCodeFor(new Error('x')), EXIT.failed);
});
