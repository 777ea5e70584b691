import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectKind } from '../../../src/backends/detectKind';

test('detectKind: well-known hosts name their kind; anything else is probed', () => {
  assert.equal(detectKind('https://docker.io'), 'dockerhub');
  assert.equal(detectKind('registry-1.docker.io'), 'dockerhub');
  assert.equal(detectKind('https://ghcr.io'), 'github');
  assert.equal(detectKind('GHCR.IO'), 'github');
  assert.equal(detectKind('https://ghcr.io.example.com'), undefined);
  assert.equal(detectKind('https://docker.example.com'), undefined);
  assert.equal(detectKind('http://127.0.0.1:5000'), undefined);
  assert.equal(detectKind('::not a url'), undefined);
});
