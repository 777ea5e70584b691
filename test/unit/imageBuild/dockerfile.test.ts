import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDockerfileName } from '../../../src/imageBuild/dockerfile';

test('Dockerfile and Containerfile names, by pattern or language id', () => {
  for (const p of ['/w/Dockerfile', '/w/Containerfile', '/w/Dockerfile.dev', '/w/api.Dockerfile', '/w/web.Containerfile', 'Dockerfile']) {
    assert.ok(isDockerfileName(p), p);
  }
  for (const p of ['/w/Dockerfile/x.txt', '/w/dockerfile.md', '/w/MyDockerfile', '/w/README.md', '/w/Dockerfiles']) {
    assert.ok(!isDockerfileName(p), p);
  }
  assert.ok(isDockerfileName('/w/build.txt', 'dockerfile'));
});
