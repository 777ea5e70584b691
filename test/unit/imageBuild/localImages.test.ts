import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLocalImages } from '../../../src/imageBuild/localImages';

const fx = (n: string) => readFileSync(join(__dirname, '../../fixtures/build', n), 'utf8');

describe('local image lists', () => {
  test('docker: one JSON object per line, tags of one id merged, <none> dropped', () => {
    const imgs = parseLocalImages('docker', fx('docker-images.jsonl'));
    assert.deepEqual(imgs.map((i) => [i.id, i.names]), [
      ['0fbfe1d31e7c', ['127.0.0.1:5000/base:1', 'base:latest']],
      ['77cc86ef85e3', []],
    ]);
    assert.equal(imgs[0]?.size, '1.99MB');
  });
  test('podman --format json (captured from podman 4.3)', () => {
    const imgs = parseLocalImages('podman', fx('podman-images.json'));
    assert.deepEqual(imgs.map((i) => [i.id.slice(0, 12), i.names]), [['f95ce0168c57', ['127.0.0.1:5999/app:1']], ['0fbfe1d31e7c', ['127.0.0.1:5999/base:1']]]);
    assert.equal(imgs[0]?.size, '2.0 MB');
    assert.match(imgs[0]?.created ?? '', /^2026-11-27T23:04/);
  });
  test('buildah --json (captured from buildah 1.28)', () => {
    const imgs = parseLocalImages('buildah', fx('buildah-images.json'));
    assert.deepEqual(imgs.map((i) => [i.id, i.names]), [['0fbfe1d31e7c', ['127.0.0.1:5999/base:1']], ['77cc86ef85e3', ['127.0.0.1:5999/app:1']]]);
    assert.equal(imgs[0]?.size, '1.99 MB');
  });
  test('empty output', () => {
    assert.deepEqual(parseLocalImages('podman', ''), []);
    assert.deepEqual(parseLocalImages('docker', '\n'), []);
  });
});
