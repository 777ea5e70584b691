// One model for the SBOMs the extension shows: CycloneDX 1.4–1.7 JSON and SPDX 2.2/2.3 JSON are read into it
// (parseSbom.ts). Plain data only: it crosses into the SBOM webview as JSON.

export type SbomFormat = 'cyclonedx' | 'spdx';

export interface SbomPackage {
  /** Position in the document: unique, since names and versions repeat (one package in two lock files). */
  key: number;
  name: string;
  version?: string;
  /** SPDX license ids or expressions, or free license names (CycloneDX `license.name`). */
  licenses: string[];
  /** CycloneDX component `type` (library, operating-system, …) or SPDX `primaryPackagePurpose`, lower case. */
  type?: string;
  /** Package URL (https://github.com/package-url/purl-spec): CycloneDX `purl`, SPDX external ref of type purl. */
  purl?: string;
  /** CycloneDX `group` (Maven group, npm scope). */
  group?: string;
  supplier?: string;
}

export interface Sbom {
  format: SbomFormat;
  /** "1.5" (CycloneDX specVersion) or "2.3" (SPDX-2.3). */
  specVersion: string;
  /** What the SBOM describes: CycloneDX metadata.component name, SPDX document name. */
  subject?: string;
  /** The tool that wrote it ("trivy dev"), when the document says. */
  tool?: string;
  created?: string;
  packages: SbomPackage[];
}

export class SbomError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SbomError';
  }
}
