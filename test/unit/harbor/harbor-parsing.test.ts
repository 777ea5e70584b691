// Parsing and request-building of the Harbor client: Link, X-Total-Count, q, double encoding, and what one list
// call sends (checked against a stub transport, no network).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RegistryClient, RegistryRequest, RegistryResponse } from '../../../src/registry/client';
import { RegistryError, errorFromResponse } from '../../../src/registry/errors';
import {
  HarborClient, buildHarborQuery, encodeHarborRepository, nextPageFromLink, parseHarborLink, parseTotalCount, pickOverview, splitHarborRepository,
} from '../../../src/registry/harbor';
import { HARBOR_ACCEPT_VULNERABILITIES, HARBOR_REPORT_MIME_V10, HARBOR_REPORT_MIME_V11, type HarborScanSummary } from '../../../src/registry/harbor-types';

const BASE = 'https://harbor.example.com';

describe('parseHarborLink', () => {
  test('Harbor\'s " , " joined form with server-relative URLs', () => {
    const h = '</api/v2.0/projects?page=1&page_size=10>; rel="prev" , </api/v2.0/projects?page=3&page_size=10>; rel="next"';
    assert.deepEqual(parseHarborLink(h), { prev: '/api/v2.0/projects?page=1&page_size=10', next: '/api/v2.0/projects?page=3&page_size=10' });
  });
  test('RFC 8288 ", " form, unquoted rel, several headers', () => {
    assert.deepEqual(parseHarborLink(['</a?page=2>; rel=next', '</a?page=0>; rel="prev"']), { next: '/a?page=2', prev: '/a?page=0' });
  });
  test('missing, empty and garbage', () => {
    assert.deepEqual(parseHarborLink(undefined), {});
    assert.deepEqual(parseHarborLink(''), {});
    assert.deepEqual(parseHarborLink('nonsense; rel="next"'), {});
    assert.deepEqual(parseHarborLink('</x?page=2>'), {});
  });
});

describe('nextPageFromLink', () => {
  test('the page number of rel="next"', () => {
    assert.equal(nextPageFromLink('</api/v2.0/projects?page=1&page_size=10>; rel="prev" , </api/v2.0/projects?q=name%3D~a&page=3&page_size=10>; rel="next"', BASE), 3);
  });
  test('a Link to another host or outside the API is ignored', () => {
    assert.equal(nextPageFromLink('<https://evil.example.com/api/v2.0/projects?page=2>; rel="next"', BASE), undefined);
    assert.equal(nextPageFromLink('</somewhere/else?page=2>; rel="next"', BASE), undefined);
  });
  test('no next, or a bad page number', () => {
    assert.equal(nextPageFromLink('</api/v2.0/projects?page=1>; rel="prev"', BASE), undefined);
    assert.equal(nextPageFromLink('</api/v2.0/projects?page=zero>; rel="next"', BASE), undefined);
    assert.equal(nextPageFromLink('</api/v2.0/projects?page=-2>; rel="next"', BASE), undefined);
  });
});

describe('parseTotalCount', () => {
  test('integers, trimmed', () => {
    assert.equal(parseTotalCount('12'), 12);
    assert.equal(parseTotalCount(' 7 '), 7);
    assert.equal(parseTotalCount('0'), 0);
    assert.equal(parseTotalCount(['5']), 5);
  });
  test('absent or malformed → undefined', () => {
    for (const v of [undefined, '', 'x', '-1', '1.5', '99999999999999999999']) assert.equal(parseTotalCount(v), undefined, String(v));
  });
});

describe('buildHarborQuery', () => {
  test('exact, fuzzy, range, union, intersection', () => {
    assert.equal(buildHarborQuery({ name: 'nginx' }), 'name=nginx');
    assert.equal(buildHarborQuery({ name: { fuzzy: 'ngi' }, tags: '*' }), 'name=~ngi,tags=*');
    assert.equal(buildHarborQuery({ size: { range: [10, 20] } }), 'size=[10~20]');
    assert.equal(buildHarborQuery({ size: { range: [undefined, 20] } }), 'size=[~20]');
    assert.equal(buildHarborQuery({ id: { anyOf: [1, 2, 3] } }), 'id={1 2 3}');
    assert.equal(buildHarborQuery({ labels: { allOf: [4, 5] } }), 'labels=(4 5)');
  });
  test('values with separators are quoted; times too', () => {
    assert.equal(buildHarborQuery({ push_time: { range: ['2020-04-09 02:36:00', '2020-04-10 00:00:00'] } }), 'push_time=["2020-04-09 02:36:00"~"2020-04-10 00:00:00"]');
    assert.equal(buildHarborQuery({ name: 'a,b' }), 'name="a,b"');
  });
  test('an invalid key is refused', () => {
    assert.throws(() => buildHarborQuery({ 'na,me': 'x' }), RegistryError);
  });
});

describe('repository names', () => {
  test('encoded twice', () => {
    assert.equal(encodeHarborRepository('a/b'), 'a%252Fb');
    assert.equal(encodeHarborRepository('team/sub/app'), 'team%252Fsub%252Fapp');
    assert.equal(encodeHarborRepository('app'), 'app');
  });
  test('split at the project', () => {
    assert.deepEqual(splitHarborRepository('proj/a/b'), { project: 'proj', repository: 'a/b' });
    assert.throws(() => splitHarborRepository('noproject'), RegistryError);
    assert.throws(() => splitHarborRepository('proj/'), RegistryError);
  });
});

describe('pickOverview', () => {
  const s = (status: string): HarborScanSummary => ({ report_id: 'r', scan_status: status });
  test('the 1.1 type first, then 1.0, then whatever is there', () => {
    assert.equal(pickOverview({ [HARBOR_REPORT_MIME_V10]: s('Error'), [HARBOR_REPORT_MIME_V11]: s('Success') })?.scan_status, 'Success');
    assert.equal(pickOverview({ [HARBOR_REPORT_MIME_V10]: s('Running') })?.scan_status, 'Running');
    assert.equal(pickOverview({ other: s('Pending') })?.scan_status, 'Pending');
    assert.equal(pickOverview(undefined), undefined);
  });
});

/** A transport that records requests and answers from a queue. */
function stub(replies: Array<Partial<RegistryResponse>>): { client: RegistryClient; sent: RegistryRequest[] } {
  const sent: RegistryRequest[] = [];
  const client = {
    registry: 'harbor.example.com',
    baseUrl: BASE,
    request: async (req: RegistryRequest): Promise<RegistryResponse> => {
      sent.push(req);
      const r = replies.shift() ?? { status: 500 };
      return { status: r.status ?? 200, headers: r.headers ?? {}, body: r.body ?? Buffer.alloc(0), url: BASE + req.path };
    },
    errorFor: (res: RegistryResponse, what: string) => errorFromResponse(res.status, res.body, what),
  };
  return { client: client as unknown as RegistryClient, sent };
}

describe('HarborClient requests', () => {
  test('artifacts: one GET with every with_* flag, Basic auth, the Accept-Vulnerabilities order, a double-encoded name', async () => {
    const { client, sent } = stub([{ status: 200, headers: { 'x-total-count': '25', link: '</api/v2.0/projects/p/repositories/a%252Fb/artifacts?page=2&page_size=10>; rel="next"' }, body: Buffer.from('[]') }]);
    const page = await new HarborClient(client).artifacts('p', 'a/b', { q: { tags: { fuzzy: 'v1' } }, sort: '-push_time' });
    assert.equal(sent.length, 1);
    assert.equal(sent[0].path, '/api/v2.0/projects/p/repositories/a%252Fb/artifacts');
    assert.equal(sent[0].auth, 'basic');
    assert.deepEqual(sent[0].query, { with_tag: 'true', with_scan_overview: 'true', with_accessory: 'true', with_label: undefined, q: 'tags=~v1', sort: '-push_time', page: 1, page_size: 10 });
    assert.equal(sent[0].headers?.['x-accept-vulnerabilities'], HARBOR_ACCEPT_VULNERABILITIES);
    assert.ok(HARBOR_ACCEPT_VULNERABILITIES.startsWith(HARBOR_REPORT_MIME_V11));
    assert.equal(sent[0].headers?.cookie, undefined);
    assert.deepEqual(page, { items: [], next: '2', total: 25 });
  });
  test('page_size is capped at 100; without a Link the total decides whether there is a next page', async () => {
    const { client, sent } = stub([{ status: 200, headers: { 'x-total-count': '250' }, body: Buffer.from('[]') }]);
    const page = await new HarborClient(client).projects({ pageSize: 1000, cursor: '2' });
    assert.equal(sent[0].query?.page_size, 100);
    assert.equal(sent[0].query?.page, 2);
    assert.equal(page.next, '3');
  });
  test('a body that is not JSON or not a list is a clear error', async () => {
    const { client } = stub([{ status: 200, body: Buffer.from('<html>') }, { status: 200, body: Buffer.from('{"a":1}') }]);
    const h = new HarborClient(client);
    await assert.rejects(h.projects(), (e: unknown) => e instanceof RegistryError && e.code === 'MALFORMED_RESPONSE');
    await assert.rejects(h.projects(), (e: unknown) => e instanceof RegistryError && e.code === 'MALFORMED_RESPONSE');
  });
  test('a bad cursor is refused before any request', async () => {
    const { client, sent } = stub([]);
    await assert.rejects(new HarborClient(client).repositories('p', { cursor: 'abc' }), (e: unknown) => e instanceof RegistryError && e.code === 'CURSOR_INVALID');
    assert.equal(sent.length, 0);
  });
  test('createTag posts {name} and expects 201; Harbor errors keep their code', async () => {
    const { client, sent } = stub([{ status: 201 }, { status: 409, body: Buffer.from('{"errors":[{"code":"CONFLICT","message":"exists"}]}') }]);
    const h = new HarborClient(client);
    await h.createTag('p', 'r', 'sha256:abc', 'v2');
    assert.equal(sent[0].method, 'POST');
    assert.equal(sent[0].path, '/api/v2.0/projects/p/repositories/r/artifacts/sha256%3Aabc/tags');
    assert.equal(sent[0].body, '{"name":"v2"}');
    await assert.rejects(h.createTag('p', 'r', 'v1', 'v2'), (e: unknown) => e instanceof RegistryError && e.status === 409 && e.code === 'CONFLICT');
  });
  test('detect: systeminfo JSON, else the ping answering Pong', async () => {
    assert.equal(await HarborClient.detect(stub([{ status: 200, body: Buffer.from('{"harbor_version":"v2"}') }]).client), true);
    assert.equal(await HarborClient.detect(stub([{ status: 404 }, { status: 200, body: Buffer.from('Pong') }]).client), true);
    assert.equal(await HarborClient.detect(stub([{ status: 404 }, { status: 404 }]).client), false);
    assert.equal(await HarborClient.detect(stub([{ status: 200, body: Buffer.from('<html>') }, { status: 200, body: Buffer.from('hello') }]).client), false);
  });
});
