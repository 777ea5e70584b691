// The SBOM parsers on Trivy's own CycloneDX (1.4, 1.5, 1.7) and SPDX (2.2, 2.3) outputs, package by package:
// the expected list is computed here straight from each document's raw fields, independently of the parser.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSbom, parseSbomText } from '../../../src/sbom/parseSbom';
import { packagesToCSV } from '../../../src/sbom/csv';
import { SbomError } from '../../../src/sbom/model';

const dir = join(__dirname, '../../fixtures/sbom');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = any;
const raw = (n: string): Raw => JSON.parse(readFileSync(join(dir, n), 'utf8'));

/** name@version licenses purl, from the raw CycloneDX components (flat in these documents). */
function cdxExpected(doc: Raw): string[] {
  return doc.components.map((c: Raw) => {
    const lic = (c.licenses ?? []).map((l: Raw) => l.expression ?? l.license?.id ?? l.license?.name);
    return `${c.name}@${c.version ?? ''} [${lic.join('|')}] ${c.type} ${c.purl ?? '-'}`;
  });
}

function spdxExpected(doc: Raw): string[] {
  const described = new Set(doc.relationships.filter((r: Raw) => r.relationshipType === 'DESCRIBES' && r.spdxElementId === 'SPDXRef-DOCUMENT').map((r: Raw) => r.relatedSpdxElement));
  return doc.packages
    .filter((p: Raw) => !described.has(p.SPDXID))
    .map((p: Raw) => {
      const lic = [...new Set([p.licenseDeclared, p.licenseConcluded].filter((l) => l && l !== 'NOASSERTION' && l !== 'NONE'))];
      const purl = (p.externalRefs ?? []).find((r: Raw) => r.referenceType === 'purl')?.referenceLocator;
      return `${p.name}@${p.versionInfo ?? ''} [${lic.join('|')}] ${p.primaryPackagePurpose?.toLowerCase()} ${purl ?? '-'}`;
    });
}

const shown = (s: ReturnType<typeof parseSbom>) => s.packages.map((p) => `${p.name}@${p.version ?? ''} [${p.licenses.join('|')}] ${p.type} ${p.purl ?? '-'}`);

describe('parseSbom: CycloneDX', () => {
  for (const [file, spec, count] of [
    ['fluentd-multiple-lockfiles.cdx.json.golden', '1.7', 161],
    ['centos-7-cyclonedx.json', '1.5', 3],
    ['conda-cyclonedx-1.4.json.golden', '1.4', 2],
  ] as const) {
    test(`${file}: every component, in order`, () => {
      const doc = raw(file);
      const s = parseSbom(doc);
      assert.equal(s.format, 'cyclonedx');
      assert.equal(s.specVersion, spec);
      assert.equal(s.packages.length, count);
      assert.deepEqual(shown(s), cdxExpected(doc));
      assert.equal(s.subject, doc.metadata.component.name);
      assert.match(s.tool ?? '', /^trivy/);
      assert.deepEqual(s.packages.map((p) => p.key), s.packages.map((_, i) => i));
    });
  }

  test('fluentd: named packages as Trivy wrote them', () => {
    const s = parseSbom(raw('fluentd-multiple-lockfiles.cdx.json.golden'));
    const base = s.packages.find((p) => p.name === 'base-files')!;
    assert.deepEqual(base, {
      key: base.key, name: 'base-files', version: '10.3+deb10u2', licenses: ['GPL-2.0-or-later'], type: 'library',
      purl: 'pkg:deb/debian/base-files@10.3%2Bdeb10u2?arch=amd64&distro=debian-10.2', supplier: 'Santiago Vila <sanvila@debian.org>',
    });
    assert.equal(s.packages.filter((p) => p.type === 'operating-system').length, 1);
    assert.equal(s.subject, 'testdata/fixtures/images/fluentd-multiple-lockfiles.tar.gz');
  });

  test('nested components are listed after their parent', () => {
    const s = parseSbom({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [{ type: 'application', name: 'app', components: [{ type: 'library', name: 'inner', version: '1', licenses: [{ license: { name: 'Custom <b>' } }] }] }] });
    assert.deepEqual(s.packages.map((p) => [p.name, p.licenses]), [['app', []], ['inner', ['Custom <b>']]]);
  });
});

describe('parseSbom: SPDX', () => {
  for (const [file, spec, count] of [
    ['conda-spdx.json.golden', '2.3', 2],
    ['centos-7-spdx.json', '2.2', 3],
  ] as const) {
    test(`${file}: every package but the described subject, in order`, () => {
      const doc = raw(file);
      const s = parseSbom(doc);
      assert.equal(s.format, 'spdx');
      assert.equal(s.specVersion, spec);
      assert.deepEqual(shown(s), spdxExpected(doc));
      assert.equal(s.packages.length, count);
      assert.equal(s.subject, doc.name);
      assert.equal(s.tool, 'trivy-dev');
    });
  }

  test('centos-7: bash with its license and purl', () => {
    const s = parseSbom(raw('centos-7-spdx.json'));
    const bash = s.packages.find((p) => p.name === 'bash')!;
    assert.equal(bash.version, '4.2.46');
    assert.deepEqual(bash.licenses, ['GPLv3+']);
    assert.equal(bash.purl, 'pkg:rpm/centos/bash@4.2.46-31.el7?arch=x86_64&distro=centos-7.6.1810');
  });
});

describe('parseSbom: bad input', () => {
  test('not an SBOM, not JSON, wrong shapes: a clear SbomError', () => {
    assert.throws(() => parseSbom([]), SbomError);
    assert.throws(() => parseSbom({ SchemaVersion: 2 }), /CycloneDX.*SPDX/);
    assert.throws(() => parseSbomText('<html>'), /not JSON/);
    assert.throws(() => parseSbom({ bomFormat: 'CycloneDX', components: {} }), /components should be an array/);
    assert.throws(() => parseSbom({ spdxVersion: 'SPDX-2.3', packages: [1] }), /packages\[0\] should be an object/);
  });
});

describe('packagesToCSV', () => {
  test('one row per package, quoted, formulas defused', () => {
    const s = parseSbom(raw('conda-spdx.json.golden'));
    const csv = packagesToCSV([...s.packages, { key: 9, name: '=cmd|"/c calc"', licenses: ['MIT', 'Apache-2.0'] }]);
    const lines = csv.split('\r\n');
    assert.equal(lines[0], 'name,version,licenses,type,purl,group,supplier');
    assert.equal(lines.length, s.packages.length + 3); // header, packages, the hostile one, the final CRLF
    assert.match(lines[1], /^openssl,1\.1\.1q,OpenSSL,library,pkg:conda\/openssl@1\.1\.1q,,/);
    assert.equal(lines[lines.length - 2], `"'=cmd|""/c calc""",,MIT AND Apache-2.0,,,,`);
  });
});
