import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { displayCommand, maskSecrets, shellQuote } from '../../../src/imageBuild/mask';

describe('masked command display', () => {
  test('secrets are masked everywhere, longest first', () => {
    assert.equal(maskSecrets('a pw and pw2 and pw', ['pw', 'pw2']), 'a ******** and ******** and ********');
  });
  test('quoting makes hostile arguments visible as single words', () => {
    assert.equal(shellQuote("it's $(x)"), `'it'\\''s $(x)'`);
    assert.equal(shellQuote('127.0.0.1:5000/app:1'), '127.0.0.1:5000/app:1');
    assert.equal(shellQuote(''), "''");
  });
  test('env, command, stdin', () => {
    const s = displayCommand({ command: '/usr/bin/docker', args: ['login', '--username=u', '--password-stdin', 'r:5000'],
      env: { DOCKER_CONFIG: '/tmp/x y' }, stdin: 'hunter2', label: 'login' }, ['hunter2']);
    assert.equal(s, "DOCKER_CONFIG='/tmp/x y' /usr/bin/docker login --username=u --password-stdin r:5000 <<< ********");
    assert.ok(!s.includes('hunter2'));
  });
});
