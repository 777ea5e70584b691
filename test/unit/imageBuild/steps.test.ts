import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { StepTracker } from '../../../src/imageBuild/steps';

function track(lines: string[]): string | undefined {
  const t = new StepTracker();
  for (const l of lines) t.feed(l);
  const s = t.failedStep();
  return s ? StepTracker.describe(s) : undefined;
}

describe('which step failed', () => {
  test('buildah/podman', () => {
    assert.equal(track(['STEP 1/3: FROM 127.0.0.1:5000/base:1', 'STEP 2/3: RUN echo hi', 'hi', 'STEP 3/3: RUN exit 3',
      'subprocess exited with status 3', 'Error: building at STEP "RUN exit 3": exit status 3']), 'step 3/3 (RUN exit 3)');
  });
  test('docker classic builder', () => {
    assert.equal(track(['Step 1/2 : FROM alpine', ' ---> abc', 'Step 2/2 : RUN false', ' ---> Running in x',
      "The command '/bin/sh -c false' returned a non-zero code: 1"]), 'step 2/2 (RUN false)');
  });
  test('docker BuildKit plain progress: the vertex that reports ERROR, not the last one started', () => {
    assert.equal(track(['#5 [1/3] FROM docker.io/library/alpine', '#6 [2/3] RUN make', '#7 [3/3] COPY . /app', '#6 0.3 make: *** oops',
      '#6 ERROR: process "/bin/sh -c make" did not complete successfully: exit code: 2', 'ERROR: failed to solve']), 'step 2/3 (RUN make)');
    assert.equal(track(['#8 [stage-1 2/4] RUN go build', '#8 ERROR: exit code: 1']), 'step 2/4 (RUN go build)');
  });
  test('no step output', () => {
    assert.equal(track(['Error: no such file']), undefined);
  });
});
