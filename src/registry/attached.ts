// What is attached to an image digest: the referrers (API or tag schema, referrers.ts) and the tags cosign writes
// next to it (`sha256-<hex>.sig`, `.att`, `.sbom`: sigstore/cosign specs/SIGNATURE_SPEC.md "Tag-based
// discovery"), each classified (attachmentKind.ts) with what its manifest tells: signer (a keyless certificate's
// identity), date, the number of signatures.
import { X509Certificate } from 'node:crypto';
import type { RegistryClient } from './client';
import {
  classify, COSIGN_BUNDLE_ANNOTATION, COSIGN_CERTIFICATE_ANNOTATION, COSIGN_SIGNATURE_ANNOTATION, COSIGN_TAG_SUFFIXES,
  kindOfType, type AttachmentKind,
} from './attachmentKind';
import { RegistryError } from './errors';
import type { Reference } from './reference';
import { listReferrers, referrersTag } from './referrers';
import { parseJson } from './transport/body';
import type { CallOptions, Descriptor, Manifest } from './types';

export interface Attachment {
  kind: AttachmentKind;
  digest: string;
  mediaType: string;
  artifactType?: string;
  size?: number;
  /** How it was found: the referrers API, the referrers tag schema, a cosign tag, Harbor's accessories. */
  source: 'referrers' | 'tag-schema' | 'cosign-tag' | 'harbor';
  /** The cosign tag it is stored under. */
  tag?: string;
  /** Who signed: a keyless certificate's subject (e-mail or URI) where the manifest carries one. */
  signer?: string;
  /** `org.opencontainers.image.created`, or the transparency log time of a cosign bundle. */
  created?: string;
  /** Signatures (or attestations) in a cosign manifest: one layer each. */
  count?: number;
}

export interface AttachedOptions extends CallOptions {
  /** The repository's tags, when the caller has listed them: cosign tags not among them are not asked for. */
  knownTags?: ReadonlySet<string>;
}

const CREATED = 'org.opencontainers.image.created';

/** Everything attached to what `ref` names (its digest, or the digest its tag points at). */
export async function listAttached(client: RegistryClient, ref: Reference, opts: AttachedOptions = {}): Promise<Attachment[]> {
  const digest = await client.resolveDigest(ref, opts);
  const [referrers, tagged] = await Promise.all([
    listReferrers(client, ref, digest, { signal: opts.signal, knownTags: opts.knownTags }),
    Promise.all(COSIGN_TAG_SUFFIXES.map(async (s) => {
      const tag = `${referrersTag(digest)}.${s.suffix}`;
      if (opts.knownTags && !opts.knownTags.has(tag)) return undefined;
      const m = await manifestIfPresent(client, ref.withTag(tag), opts);
      return m && fromCosignManifest(m, tag, s.kind);
    })),
  ]);
  const out: Attachment[] = tagged.filter((a): a is Attachment => !!a);
  const seen = new Set(out.map((a) => a.digest));
  for (const d of referrers.descriptors) {
    if (seen.has(d.digest)) continue;
    seen.add(d.digest);
    out.push(fromDescriptor(d, referrers.source === 'api' ? 'referrers' : 'tag-schema'));
  }
  return out;
}

export async function manifestIfPresent(client: RegistryClient, ref: Reference, opts: CallOptions): Promise<Manifest | undefined> {
  try {
    return await client.getManifest(ref, opts);
  } catch (e) {
    if (e instanceof RegistryError && e.status === 404) return undefined;
    throw e;
  }
}

export function fromDescriptor(d: Descriptor, source: Attachment['source']): Attachment {
  return {
    kind: classify(d.artifactType, d.mediaType), digest: d.digest, mediaType: d.mediaType, artifactType: d.artifactType, size: d.size,
    source, created: d.annotations?.[CREATED],
  };
}

function fromCosignManifest(m: Manifest, tag: string, kind: AttachmentKind): Attachment {
  const layers = m.layers ?? [];
  const a: Attachment = {
    kind: kindOfType(m.artifactType) ?? kind, digest: m.digest, mediaType: m.mediaType, artifactType: m.artifactType, size: m.size,
    source: 'cosign-tag', tag, count: layers.length, created: m.annotations?.[CREATED],
  };
  for (const l of layers) {
    const ann = l.annotations ?? {};
    a.created ??= ann[CREATED] ?? bundleTime(ann[COSIGN_BUNDLE_ANNOTATION]);
    a.signer ??= certificateIdentity(ann[COSIGN_CERTIFICATE_ANNOTATION]);
  }
  return a;
}

/** The Rekor integrated time of a cosign bundle annotation (`Payload.integratedTime`, Unix seconds). */
function bundleTime(bundle: string | undefined): string | undefined {
  if (!bundle) return undefined;
  try {
    const t = (JSON.parse(bundle) as { Payload?: { integratedTime?: unknown } }).Payload?.integratedTime;
    return typeof t === 'number' && Number.isFinite(t) ? new Date(t * 1000).toISOString() : undefined;
  } catch { return undefined; }
}

/** A Fulcio certificate names its signer in the subjectAltName (an e-mail or a URI such as a CI workflow). */
export function certificateIdentity(pem: string | undefined): string | undefined {
  if (!pem) return undefined;
  try {
    const san = new X509Certificate(pem).subjectAltName ?? '';
    const m = /(?:email|URI):([^,]+)/.exec(san);
    return m?.[1]?.trim();
  } catch { return undefined; }
}

/** Signature layers of a cosign `.sig` manifest: those carrying the signature annotation. */
export function signatureLayers(m: Manifest): Descriptor[] {
  return (m.layers ?? []).filter((l) => typeof l.annotations?.[COSIGN_SIGNATURE_ANNOTATION] === 'string');
}

const MAX_SBOM_BYTES = 64 * 1024 * 1024;

/**
 * The SBOM attached to `ref`, parsed (CycloneDX or SPDX JSON), or undefined when none is attached. The first SBOM
 * attachment's first JSON layer is read (cosign `.sbom` images and SBOM referrers hold the document as a layer).
 */
export async function fetchAttachedSbom(client: RegistryClient, ref: Reference, opts: AttachedOptions = {}): Promise<unknown> {
  const sbom = (await listAttached(client, ref, opts)).find((a) => a.kind === 'sbom');
  return sbom ? readSbomDocument(client, ref, sbom, opts) : undefined;
}

/** The parsed document of one SBOM attachment (its first JSON layer). */
export async function readSbomDocument(client: RegistryClient, ref: Reference, sbom: Attachment, opts: CallOptions = {}): Promise<unknown> {
  const m = await client.getManifest(ref.withDigest(sbom.digest), opts);
  const layer = (m.layers ?? []).find((l) => /json/i.test(l.mediaType)) ?? m.layers?.[0];
  if (!layer) return undefined;
  const bytes = await client.getBlob(ref.repository, layer.digest, { ...opts, maxBodyBytes: MAX_SBOM_BYTES });
  return parseJson(bytes, `SBOM ${layer.digest} of ${ref.name}`);
}
