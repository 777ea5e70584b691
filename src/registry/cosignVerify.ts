// Key-based cosign signature verification without cosign (sigstore/cosign specs/SIGNATURE_SPEC.md): a `.sig`
// manifest (tag `sha256-<hex>.sig`, or a referrer of artifact type …cosign.artifact.sig…) has one layer per
// signature; the layer blob is the simple-signing payload and the annotation `dev.cosignproject.cosign/signature`
// holds the base64 signature over those exact bytes. A signature counts when it verifies with one of the given
// public keys AND its payload's `critical.image.docker-manifest-digest` is the image's digest.
import { createHash, createPublicKey, constants, verify as verifySignature, type KeyObject } from 'node:crypto';
import type { RegistryClient } from './client';
import { COSIGN_SIG_ARTIFACT, COSIGN_SIGNATURE_ANNOTATION } from './attachmentKind';
import { manifestIfPresent, signatureLayers } from './attached';
import { RegistryError } from './errors';
import { parseReference, type Reference } from './reference';
import { listReferrers, referrersTag } from './referrers';
import type { CallOptions, Manifest } from './types';

export interface PublicKeyFile { /** Shown in results (a file name). */ name: string; pem: string }

export type VerifyResult =
  | { status: 'verified'; digest: string; key: string; keyId: string; reason: string; note?: string }
  | { status: 'failed'; digest: string; reason: string }
  | { status: 'unsigned'; digest: string; reason: string };

interface LoadedKey { name: string; key: KeyObject; keyId: string }

const MAX_PAYLOAD_BYTES = 1024 * 1024;

/** A short, stable key id: the SHA-256 of the key's SubjectPublicKeyInfo (DER), first 16 hex digits. */
export function keyId(key: KeyObject): string {
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function loadPublicKey(k: PublicKeyFile): LoadedKey {
  let key: KeyObject;
  try {
    key = createPublicKey(k.pem);
  } catch (e) {
    throw new RegistryError(`${k.name} is not a PEM public key (${e instanceof Error ? e.message : String(e)})`, { code: 'KEY_INVALID' });
  }
  const t = key.asymmetricKeyType;
  if (t !== 'ec' && t !== 'rsa' && t !== 'rsa-pss' && t !== 'ed25519') {
    throw new RegistryError(`${k.name}: ${t ?? 'unknown'} keys are not supported (ECDSA P-256/P-384, RSA or Ed25519)`, { code: 'KEY_INVALID' });
  }
  return { name: k.name, key, keyId: keyId(key) };
}

/**
 * Whether `signature` over `payload` was made by `key`, as cosign signs (sigstore/sigstore pkg/signature
 * LoadVerifier): ECDSA with ASN.1 DER signatures over SHA-256 (SHA-384 also accepted for P-384, which
 * LoadDefaultVerifier picks), RSA PKCS#1 v1.5 with SHA-256 (and RSA-PSS, which sigstore's RSAPSSVerifier
 * accepts), Ed25519 over the payload itself.
 */
export function signatureMatches(key: KeyObject, payload: Buffer, signature: Buffer): boolean {
  const t = key.asymmetricKeyType;
  const tryVerify = (alg: string | null, options: Partial<{ padding: number; saltLength: number }> = {}): boolean => {
    try { return verifySignature(alg, payload, { key, ...options }, signature); } catch { return false; }
  };
  if (t === 'ed25519') return tryVerify(null);
  if (t === 'ec') return tryVerify('sha256') || (key.asymmetricKeyDetails?.namedCurve === 'secp384r1' && tryVerify('sha384'));
  if (t === 'rsa') return tryVerify('sha256') || tryVerify('sha256', { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO });
  if (t === 'rsa-pss') return tryVerify('sha256', { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO });
  return false;
}

interface Payload { digest?: string; dockerReference?: string; type?: string }

function readPayload(bytes: Buffer): Payload {
  try {
    const j = JSON.parse(bytes.toString('utf8')) as { critical?: { image?: Record<string, unknown>; identity?: Record<string, unknown>; type?: unknown } };
    const d = j.critical?.image?.['docker-manifest-digest'];
    const r = j.critical?.identity?.['docker-reference'];
    return { digest: typeof d === 'string' ? d : undefined, dockerReference: typeof r === 'string' ? r : undefined, type: typeof j.critical?.type === 'string' ? j.critical.type : undefined };
  } catch { return {}; }
}

/** The cosign signature manifests of `digest`: the `.sig` tag, and referrers of cosign's signature type. */
async function signatureManifests(client: RegistryClient, ref: Reference, digest: string, opts: CallOptions): Promise<Manifest[]> {
  const [tagged, referrers] = await Promise.all([
    manifestIfPresent(client, ref.withTag(`${referrersTag(digest)}.sig`), opts),
    listReferrers(client, ref, digest, { signal: opts.signal, artifactType: COSIGN_SIG_ARTIFACT }),
  ]);
  const out = tagged ? [tagged] : [];
  for (const d of referrers.descriptors) {
    if (d.digest === tagged?.digest) continue;
    out.push(await client.getManifest(ref.withDigest(d.digest), opts));
  }
  return out;
}

/** Verifies `ref` (a tag is resolved to its digest first) against the public keys. */
export async function verifyCosign(client: RegistryClient, ref: Reference, keys: readonly PublicKeyFile[], opts: CallOptions = {}): Promise<VerifyResult> {
  if (!keys.length) throw new RegistryError('no public key given: set registryExplorer.cosign.keys or pass --key FILE', { code: 'KEY_MISSING' });
  const loaded = keys.map(loadPublicKey);
  const digest = await client.resolveDigest(ref, opts);
  const manifests = await signatureManifests(client, ref, digest, opts);
  const layers = manifests.flatMap(signatureLayers);
  if (!layers.length) return { status: 'unsigned', digest, reason: `${ref.familiar()} is not signed: no cosign signature is attached to ${digest}` };
  let otherDigest: { key: string; digest: string } | undefined;
  for (const layer of layers) {
    const sig = Buffer.from(layer.annotations![COSIGN_SIGNATURE_ANNOTATION], 'base64');
    if (layer.size > MAX_PAYLOAD_BYTES) continue;
    const payload = await client.getBlob(ref.repository, layer.digest, { signal: opts.signal, maxBodyBytes: MAX_PAYLOAD_BYTES });
    for (const k of loaded) {
      if (!signatureMatches(k.key, payload, sig)) continue;
      const p = readPayload(payload);
      if (p.digest !== digest) { otherDigest ??= { key: k.name, digest: p.digest ?? 'no digest' }; continue; }
      return { status: 'verified', digest, key: k.name, keyId: k.keyId, reason: `signed by ${k.name} (key ${k.keyId})`, note: referenceNote(ref, p.dockerReference) };
    }
  }
  if (otherDigest) {
    return { status: 'failed', digest, reason: `the signature by ${otherDigest.key} covers ${otherDigest.digest}, not ${digest}` };
  }
  const names = loaded.map((k) => `${k.name} (${k.keyId})`).join(', ');
  return { status: 'failed', digest, reason: `none of the ${layers.length} signature(s) on ${ref.familiar()} was made by ${names}` };
}

/**
 * cosign itself only checks the digest claim; the payload's docker-reference says where the image was signed.
 * A different host is normal for a mirrored or copied image; a different repository is worth saying.
 */
function referenceNote(ref: Reference, signedFor: string | undefined): string | undefined {
  if (!signedFor) return undefined;
  try {
    const r = parseReference(signedFor);
    if (r.repository !== ref.repository) return `signed for ${signedFor}`;
  } catch {
    return `signed for an unreadable reference`;
  }
  return undefined;
}
