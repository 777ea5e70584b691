// The rules of OCI distribution-spec 1.1 "Listing Referrers" (test/fixtures/oci-referrers/listing-referrers.md),
// as a check of one response: the referrers stand-in runs it on everything it serves, so the stand-in can only
// answer what the spec allows.
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DIGEST = /^sha(256:[a-f0-9]{64}|384:[a-f0-9]{96}|512:[a-f0-9]{128})$/;

export interface ReferrersExchange {
  digest: string;
  artifactType?: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** The manifests the registry holds with this subject (what the list must be made of). */
  referrers: Array<{ digest: string; artifactType?: string; annotations?: Record<string, string> }>;
}

/** Violations of the spec in one referrers response (empty when it conforms). */
export function referrersViolations(x: ReferrersExchange): string[] {
  const v: string[] = [];
  if (!DIGEST.test(x.digest)) {
    if (x.status !== 400) v.push('"a <digest> with an invalid syntax": 400 Bad Request MUST be returned');
    return v;
  }
  if (x.status === 404) v.push('"the registry MUST NOT return a 404 Not Found to a referrers API request"');
  if (x.status !== 200) { v.push(`"this request MUST return a 200 OK" (got ${x.status})`); return v; }
  if (x.headers['content-type'] !== OCI_INDEX) v.push('"The Content-Type header MUST be set to application/vnd.oci.image.index.v1+json"');
  const body = x.body as { schemaVersion?: unknown; mediaType?: unknown; manifests?: unknown };
  if (!body || body.schemaVersion !== 2 || body.mediaType !== OCI_INDEX) v.push('"the response MUST be a JSON body with an image index"');
  if (!Array.isArray(body?.manifests)) { v.push('an image index has "manifests" (an empty list when nothing matches)'); return v; }
  const held = new Map(x.referrers.map((r) => [r.digest, r]));
  for (const d of body.manifests as Array<Record<string, unknown>>) {
    const r = held.get(String(d.digest));
    if (!r) { v.push(`${String(d.digest)} is not a manifest with this subject`); continue; }
    if (r.artifactType !== d.artifactType) v.push(`${r.digest}: "The descriptors MUST include an artifactType field that is set to the value of the artifactType in the image manifest"`);
    if (JSON.stringify(r.annotations ?? {}) !== JSON.stringify(d.annotations ?? {})) v.push(`${r.digest}: "The descriptors MUST include annotations from the image manifest"`);
    if (x.artifactType && x.headers['oci-filters-applied'] === 'artifactType' && d.artifactType !== x.artifactType) v.push(`${r.digest}: filtered out by artifactType but listed`);
  }
  const filtered = x.headers['oci-filters-applied'];
  if (filtered !== undefined && (!x.artifactType || filtered !== 'artifactType')) v.push('"OCI-Filters-Applied" names a filter that was not requested');
  return v;
}
