// Reads a CycloneDX or SPDX JSON document into the SBOM model. Plain Node, tolerant of missing fields (every
// field is optional in practice, whatever the schemas say), strict about what the document is.
//   CycloneDX: JSON schema 1.4–1.7 (https://cyclonedx.org/docs/1.6/json/): `bomFormat: "CycloneDX"`,
//     `components[]` (nested `components[]` too), `licenses[]` of `{license: {id|name}}` or `{expression}`,
//     `metadata.component` is the subject (not a package), `metadata.tools` an array (≤1.4) or
//     `{components: [...]}` (1.5+).
//   SPDX: 2.2/2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/): `spdxVersion: "SPDX-2.x"`, `packages[]` with
//     `versionInfo`, `licenseDeclared` / `licenseConcluded` (NOASSERTION and NONE are no license),
//     `externalRefs[]` with `referenceType: "purl"`. The packages the document DESCRIBES (the image or the
//     directory itself) are its subject, as CycloneDX's metadata.component is, and are not listed.
import { compact, isObject, objects, str, type Json } from '../scan/read';
import { SbomError, type Sbom, type SbomPackage } from './model';

const fail = (m: string) => new SbomError(m);

export function parseSbom(doc: unknown): Sbom {
  if (!isObject(doc)) throw fail('An SBOM is a JSON object (CycloneDX or SPDX).');
  if (doc.bomFormat === 'CycloneDX') return parseCycloneDx(doc);
  if (typeof doc.spdxVersion === 'string' && doc.spdxVersion.startsWith('SPDX-')) return parseSpdx(doc);
  throw fail('Not a CycloneDX JSON document (bomFormat "CycloneDX") nor an SPDX JSON document (spdxVersion "SPDX-2.x").');
}

/** Parses text; the message says when it is not JSON at all. */
export function parseSbomText(text: string): Sbom {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw fail(`The SBOM is not JSON (${(e as Error).message}).`);
  }
  return parseSbom(doc);
}

const noLicense = new Set(['NOASSERTION', 'NONE']);

function cdxLicenses(v: unknown): string[] {
  const out: string[] = [];
  for (const l of objects(v, 'licenses', fail)) {
    const expr = str(l.expression);
    if (expr) out.push(expr);
    const lic = isObject(l.license) ? l.license : undefined;
    const name = lic ? (str(lic.id) ?? str(lic.name)) : undefined;
    if (name) out.push(name);
  }
  return [...new Set(out)];
}

function cdxTool(meta: Json | undefined): string | undefined {
  const tools = meta?.tools;
  const list = Array.isArray(tools) ? tools : isObject(tools) && Array.isArray(tools.components) ? tools.components : [];
  const t = list.find(isObject);
  return t ? [str(t.name), str(t.version)].filter(Boolean).join(' ') || undefined : undefined;
}

function parseCycloneDx(doc: Json): Sbom {
  const meta = isObject(doc.metadata) ? doc.metadata : undefined;
  const subject = meta && isObject(meta.component) ? str(meta.component.name) : undefined;
  const packages: SbomPackage[] = [];
  const walk = (list: unknown, path: string) => {
    objects(list, path, fail).forEach((c, i) => {
      const name = str(c.name);
      if (name) {
        const supplier = isObject(c.supplier) ? str(c.supplier.name) : undefined;
        packages.push(compact({ key: packages.length, name, version: str(c.version), licenses: cdxLicenses(c.licenses), type: str(c.type)?.toLowerCase(), purl: str(c.purl), group: str(c.group), supplier }));
      }
      walk(c.components, `${path}[${i}].components`);
    });
  };
  walk(doc.components, 'components');
  return compact({ format: 'cyclonedx', specVersion: str(doc.specVersion) ?? '?', subject, tool: cdxTool(meta), created: meta ? str(meta.timestamp) : undefined, packages });
}

function parseSpdx(doc: Json): Sbom {
  const described = new Set<string>();
  for (const id of Array.isArray(doc.documentDescribes) ? doc.documentDescribes : []) if (typeof id === 'string') described.add(id);
  const docId = str(doc.SPDXID) ?? 'SPDXRef-DOCUMENT';
  for (const r of objects(doc.relationships, 'relationships', fail)) {
    const from = str(r.spdxElementId);
    const to = str(r.relatedSpdxElement);
    if (r.relationshipType === 'DESCRIBES' && from === docId && to) described.add(to);
    if (r.relationshipType === 'DESCRIBED_BY' && to === docId && from) described.add(from);
  }
  const info = isObject(doc.creationInfo) ? doc.creationInfo : undefined;
  const tool = (Array.isArray(info?.creators) ? info.creators : []).map(str).find((c) => c?.startsWith('Tool:'))?.slice(5).trim();
  const packages: SbomPackage[] = [];
  for (const p of objects(doc.packages, 'packages', fail)) {
    const name = str(p.name);
    if (!name || described.has(str(p.SPDXID) ?? '')) continue;
    const licenses = [str(p.licenseDeclared), str(p.licenseConcluded)].filter((l): l is string => !!l && !noLicense.has(l));
    const purl = objects(p.externalRefs, 'externalRefs', fail).find((r) => r.referenceType === 'purl');
    const supplier = str(p.supplier);
    packages.push(compact({
      key: packages.length,
      name,
      version: str(p.versionInfo),
      licenses: [...new Set(licenses)],
      type: str(p.primaryPackagePurpose)?.toLowerCase(),
      purl: purl ? str(purl.referenceLocator) : undefined,
      supplier: supplier && !noLicense.has(supplier) ? supplier.replace(/^(Organization|Person):\s*/, '') : undefined,
    }));
  }
  return compact({ format: 'spdx', specVersion: String(doc.spdxVersion).slice(5), subject: str(doc.name), tool, created: info ? str(info.created) : undefined, packages });
}
