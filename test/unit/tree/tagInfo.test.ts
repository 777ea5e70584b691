import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { fromHarborArtifact, fromHubTag, fromImageDetails, isIndexMediaType } from '../../../src/tree/tagInfo';

/** As a server sends it: JSON, partial or malformed (the adapters are typed by the API models, the wire is not). */
const wire = (o: unknown) => JSON.parse(JSON.stringify(o));

describe('tagInfo adapters', () => {
  test('a Harbor artifact with two tags gives two rows with the same details and each other as siblings', () => {
    const rows = fromHarborArtifact(wire({
      digest: 'sha256:aa', manifest_media_type: 'application/vnd.oci.image.manifest.v1+json', size: 1234,
      push_time: '2026-01-01T00:00:00Z', extra_attrs: { architecture: 'amd64', os: 'linux', created: '2025-12-31T00:00:00Z' },
      tags: [{ name: 'v1' }, { name: 'latest' }],
      scan_overview: { 'application/vnd.security.vulnerability.report; version=1.1': { scan_status: 'Success', summary: { total: 3, summary: { Critical: 1, High: 2 } } } },
    }));
    assert.equal(rows.length, 2);
    assert.deepEqual(rows.map((r) => r.tag), ['v1', 'latest']);
    assert.deepEqual(rows[0].otherTags, ['latest']);
    assert.equal(rows[0].size, 1234);
    assert.equal(rows[0].created, '2025-12-31T00:00:00Z');
    assert.equal(rows[0].pushed, '2026-01-01T00:00:00Z');
    assert.deepEqual(rows[0].platforms, [{ os: 'linux', architecture: 'amd64', variant: undefined }]);
    assert.equal(rows[0].isIndex, false);
    assert.deepEqual(rows[1].scan, { status: 'Success', total: 3, critical: 1, high: 2, medium: undefined, low: undefined });
  });

  test('a Harbor index lists its child platforms; an untagged artifact is one row without tag', () => {
    const [row] = fromHarborArtifact(wire({
      digest: 'sha256:ii', manifest_media_type: 'application/vnd.oci.image.index.v1+json', tags: null,
      references: [{ child_digest: 'sha256:c1', platform: { os: 'linux', architecture: 'amd64' } }, { child_digest: 'sha256:c2', platform: { os: 'linux', architecture: 'arm64' } }],
    }));
    assert.equal(row.tag, undefined);
    assert.equal(row.isIndex, true);
    assert.deepEqual(row.platforms?.map((p) => p.digest), ['sha256:c1', 'sha256:c2']);
  });

  test('a Docker Hub tag maps images to platforms', () => {
    const t = fromHubTag(wire({ name: '3.19', digest: 'sha256:idx', full_size: 3_000_000, tag_last_pushed: '2026-02-01T00:00:00Z',
      images: [{ os: 'linux', architecture: 'amd64', digest: 'sha256:a', size: 3_000_000 }, { os: 'linux', architecture: 'arm', variant: 'v7', digest: 'sha256:b', size: 2_900_000 }] }));
    assert.equal(t.tag, '3.19');
    assert.equal(t.digest, 'sha256:idx');
    assert.equal(t.isIndex, true);
    assert.equal(t.platforms?.length, 2);
    assert.equal(t.pushed, '2026-02-01T00:00:00Z');
  });

  test('missing fields degrade to undefined, never throw', () => {
    assert.deepEqual(fromHarborArtifact(wire(null)).length, 1);
    assert.equal(fromHubTag(wire('junk')).tag, undefined);
  });

  test('v2 details keep the digest and platforms', () => {
    const t = fromImageDetails('1.0', { digest: 'sha256:d', mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json', size: 10, created: '2026-01-01T00:00:00Z', platforms: [{ os: 'linux', architecture: 'amd64' }] });
    assert.equal(t.isIndex, true);
    assert.equal(t.digest, 'sha256:d');
    assert.ok(isIndexMediaType('application/vnd.oci.image.index.v1+json'));
    assert.ok(!isIndexMediaType('application/vnd.oci.image.manifest.v1+json'));
  });
});
