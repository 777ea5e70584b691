// What an artifact attached to an image is, from the types it declares: cosign's artifact and layer media types
// (sigstore/cosign specs/SIGNATURE_SPEC.md, ATTESTATION_SPEC.md, SBOM_SPEC.md), in-toto / DSSE envelopes,
// CycloneDX and SPDX media types (IANA registrations), Notary v2 signatures, and Harbor accessory types
// (`signature.cosign`, `signature.notation`, `sbom.harbor`, … in Harbor's src/pkg/accessory/model).

export type AttachmentKind = 'signature' | 'attestation' | 'sbom' | 'other';

export const COSIGN_SIG_ARTIFACT = 'application/vnd.dev.cosign.artifact.sig.v1+json';
export const COSIGN_ATT_ARTIFACT = 'application/vnd.dev.cosign.artifact.att.v1+json';
export const COSIGN_SBOM_ARTIFACT = 'application/vnd.dev.cosign.artifact.sbom.v1+json';
/** The layer of a `.sig` manifest: the simple-signing payload, its signature in an annotation. */
export const COSIGN_SIMPLESIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json';
export const COSIGN_SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
export const COSIGN_CERTIFICATE_ANNOTATION = 'dev.sigstore.cosign/certificate';
export const COSIGN_BUNDLE_ANNOTATION = 'dev.sigstore.cosign/bundle';

const SIGNATURE = [COSIGN_SIG_ARTIFACT, COSIGN_SIMPLESIGNING, 'application/vnd.cncf.notary.signature', 'signature.cosign', 'signature.notation'];
const ATTESTATION = [COSIGN_ATT_ARTIFACT, 'application/vnd.dsse.envelope.v1+json', 'application/vnd.in-toto+json'];
const SBOM = [
  COSIGN_SBOM_ARTIFACT, 'application/vnd.cyclonedx+json', 'application/vnd.cyclonedx+xml', 'application/vnd.cyclonedx',
  'application/spdx+json', 'text/spdx', 'application/vnd.syft+json', 'sbom.harbor',
];

/** The kind for one declared type (artifactType, config or layer media type, Harbor accessory type), if it says. */
export function kindOfType(type: string | undefined): AttachmentKind | undefined {
  if (!type) return undefined;
  const t = type.toLowerCase().split(';')[0].trim();
  if (SIGNATURE.includes(t) || t.startsWith('signature.')) return 'signature';
  if (ATTESTATION.includes(t) || /in-toto|dsse/.test(t)) return 'attestation';
  if (SBOM.includes(t) || /cyclonedx|spdx|\bsbom\b/.test(t)) return 'sbom';
  return undefined;
}

/** The first type that says what the artifact is wins (artifactType before its layers). */
export function classify(...types: Array<string | undefined>): AttachmentKind {
  for (const t of types) {
    const k = kindOfType(t);
    if (k) return k;
  }
  return 'other';
}

/** Cosign's tag suffixes (`sha256-<hex>.sig` …) and what each holds. */
export const COSIGN_TAG_SUFFIXES: ReadonlyArray<{ suffix: 'sig' | 'att' | 'sbom'; kind: AttachmentKind; artifactType: string }> = [
  { suffix: 'sig', kind: 'signature', artifactType: COSIGN_SIG_ARTIFACT },
  { suffix: 'att', kind: 'attestation', artifactType: COSIGN_ATT_ARTIFACT },
  { suffix: 'sbom', kind: 'sbom', artifactType: COSIGN_SBOM_ARTIFACT },
];

const ATTACHMENT_TAG = /^(sha256|sha384|sha512)-([a-f0-9]{64}|[a-f0-9]{96}|[a-f0-9]{128})(?:\.(sig|att|sbom))?$/;

/** A tag that names attachments rather than an image: cosign's `sha256-<hex>.sig/.att/.sbom`, or the referrers tag `sha256-<hex>`. */
export function parseAttachmentTag(tag: string): { digest: string; suffix?: 'sig' | 'att' | 'sbom' } | undefined {
  const m = ATTACHMENT_TAG.exec(tag);
  return m ? { digest: `${m[1]}:${m[2]}`, suffix: m[3] as 'sig' | 'att' | 'sbom' | undefined } : undefined;
}

export const isAttachmentTag = (tag: string | undefined): boolean => !!tag && !!parseAttachmentTag(tag);

/**
 * From a tag list: for each subject digest, which attachment tags it has (no request: the names say it). The
 * tree uses it for the "signed" mark without asking the registry anything per tag.
 */
export function attachmentTagsByDigest(tags: Iterable<string>): Map<string, Set<'sig' | 'att' | 'sbom' | 'referrers'>> {
  const out = new Map<string, Set<'sig' | 'att' | 'sbom' | 'referrers'>>();
  for (const t of tags) {
    const p = parseAttachmentTag(t);
    if (!p) continue;
    let s = out.get(p.digest);
    if (!s) out.set(p.digest, (s = new Set()));
    s.add(p.suffix ?? 'referrers');
  }
  return out;
}
