// Classification of attached artifacts by their declared types, and the attachment tag names the tree hides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attachmentTagsByDigest, classify, isAttachmentTag, parseAttachmentTag } from '../../../src/registry/attachmentKind';

const HEX = 'ab'.repeat(32);

test('kinds from cosign, in-toto/DSSE, CycloneDX/SPDX, Notary and Harbor accessory types', () => {
  assert.equal(classify('application/vnd.dev.cosign.artifact.sig.v1+json'), 'signature');
  assert.equal(classify(undefined, 'application/vnd.dev.cosign.simplesigning.v1+json'), 'signature');
  assert.equal(classify('application/vnd.cncf.notary.signature'), 'signature');
  assert.equal(classify('signature.cosign'), 'signature');
  assert.equal(classify('application/vnd.dev.cosign.artifact.att.v1+json'), 'attestation');
  assert.equal(classify('application/vnd.dsse.envelope.v1+json'), 'attestation');
  assert.equal(classify('application/vnd.in-toto+json'), 'attestation');
  assert.equal(classify('application/vnd.cyclonedx+json'), 'sbom');
  assert.equal(classify('application/spdx+json'), 'sbom');
  assert.equal(classify('sbom.harbor'), 'sbom');
  assert.equal(classify('application/vnd.example.thing', 'application/vnd.oci.image.manifest.v1+json'), 'other');
  assert.equal(classify(), 'other');
});

test('attachment tags: cosign suffixes and the referrers tag schema; other tags are images', () => {
  assert.deepEqual(parseAttachmentTag(`sha256-${HEX}.sig`), { digest: `sha256:${HEX}`, suffix: 'sig' });
  assert.deepEqual(parseAttachmentTag(`sha256-${HEX}`), { digest: `sha256:${HEX}`, suffix: undefined });
  for (const t of ['latest', `sha256-${HEX}.sig2`, `sha256-${HEX.slice(2)}.sig`, `SHA256-${HEX}.sig`, `sha256-${HEX}.att.sig`]) assert.equal(isAttachmentTag(t), false, t);
  const m = attachmentTagsByDigest(['v1', `sha256-${HEX}.sig`, `sha256-${HEX}.sbom`, `sha256-${'cd'.repeat(32)}.att`]);
  assert.deepEqual([...m.get(`sha256:${HEX}`)!].sort(), ['sbom', 'sig']);
  assert.deepEqual([...m.get(`sha256:${'cd'.repeat(32)}`)!], ['att']);
});
