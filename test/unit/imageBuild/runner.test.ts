import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../../support/wait';
import { readFileSync } from 'node:fs';
import { CancelledError, runProcess } from '../../../src/imageBuild/runner';

describe('process runner', () => {
  test('streams lines of stdout and stderr, keeps the exit code, feeds stdin', async () => {
    const lines: string[] = [];
    const r = await runProcess({ command: '/bin/sh', args: ['-c', 'read x; echo "got $x"; echo err >&2; printf "no newline"; exit 3'], stdin: 'hello\n', label: 't' },
      { onLine: (l, s) => lines.push(`${s}:${l}`) });
    assert.equal(r.code, 3);
    assert.equal(r.cancelled, false);
    assert.deepEqual(lines.sort(), ['stderr:err', 'stdout:got hello', 'stdout:no newline']);
  });
  test('cancel kills the whole process group, not only the leader', async () => {
    const ac = new AbortController();
    let grandchild = 0;
    const r = await runProcess({ command: '/bin/sh', args: ['-c', 'sleep 60 & echo $!; wait'], label: 't' }, {
      signal: ac.signal, onLine: (l) => { grandchild = Number(l); ac.abort(); },
    });
    assert.equal(r.cancelled, true);
    assert.ok(grandchild > 0);
    // Gone: no such process, or a zombie waiting for a reaper.
    await waitFor(() => {
      try { return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${grandchild}/stat`, 'utf8')); } catch { return true; }
    }, { what: `the grandchild ${grandchild} to be gone`, timeout: 5_000 });
  });
  test('an already aborted signal runs nothing', async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(runProcess({ command: '/bin/true', args: [], label: 't' }, { signal: ac.signal }), CancelledError);
  });
  test('a missing executable rejects with ENOENT', async () => {
    await assert.rejects(runProcess({ command: '/nonexistent/builder', args: [], label: 't' }), /ENOENT/);
  });
});
