// Checks Harbor test server answers against Harbor's own swagger (test/fixtures/harbor/swagger.yaml, an unchanged copy
// of goharbor/harbor api/v2.0/swagger.yaml, Harbor API v2.0): every JSON body of every endpoint the client uses is validated with
// ajv against the operation's response schema (refs resolved), and the declared headers are checked
// (X-Request-Id, X-Total-Count as an integer, Link in Harbor's " , " form with server-relative URLs, Location on 201).
//
// Swagger 2.0 → JSON Schema, with the leniencies Harbor's generated (go-swagger) server has:
// - `x-nullable: true` allows null; arrays may be null (a nil Go slice) unless `x-nullable: false`;
// - `additionalProperties: {type: object}` without properties means "any value" (go-swagger: map[string]interface{});
// - formats are checked loosely (date-time accepts Go's zero time; int32/int64/int are plain integers);
// - objects with `properties` and no `additionalProperties` are CLOSED here, so the server cannot send fields the
//   spec does not define (stricter than Harbor needs, to keep the stand-in honest).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import type { HarborServer } from './harbor-server';

type Schema = Record<string, unknown>;
interface Param { in?: string; name?: string; schema?: Schema; $ref?: string }
interface Swagger {
  paths: Record<string, Record<string, { responses: Record<string, Schema>; parameters?: Param[] }>>;
  definitions: Record<string, Schema>;
  responses: Record<string, Schema>;
  parameters: Record<string, Param>;
}

const swagger = parse(readFileSync(join(__dirname, '..', 'fixtures', 'harbor', 'swagger.yaml'), 'utf8')) as Swagger;

/** Swagger 2.0 schema → JSON Schema (draft-07 for ajv), refs inlined into `definitions`. */
function convert(s: unknown, refBase = ''): unknown {
  const again = (x: unknown): unknown => convert(x, refBase);
  if (Array.isArray(s)) return s.map(again);
  if (!s || typeof s !== 'object') return s;
  const src = s as Schema;
  if (typeof src.$ref === 'string') {
    const ref = { $ref: `${refBase}${src.$ref}` };
    return src['x-nullable'] === true ? { anyOf: [ref, { type: 'null' }] } : ref;
  }
  const out: Schema = {};
  for (const [k, v] of Object.entries(src)) {
    if (k.startsWith('x-') || k === 'example' || k === 'description' || k === 'title' || k === 'discriminator' || k === 'readOnly') continue;
    if (k === 'properties') {
      out.properties = Object.fromEntries(Object.entries(v as Schema).map(([pk, pv]) => [pk, again(pv)]));
    } else if (k === 'additionalProperties') {
      const ap = v as Schema | boolean;
      out.additionalProperties = typeof ap === 'object' && ap.type === 'object' && !ap.properties && !ap.additionalProperties ? true : again(ap);
    } else if (k === 'items') {
      out.items = again(v);
    } else out[k] = v;
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  const nullable = src['x-nullable'] === true || (src.type === 'array' && src['x-nullable'] !== false);
  if (nullable && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

const definitions = Object.fromEntries(Object.entries(swagger.definitions).map(([k, v]) => [k, convert(v)]));
export const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
for (const f of ['int8', 'int32', 'int64', 'int', 'uri', 'email', 'password', 'binary', 'byte', 'double', 'float']) ajv.addFormat(f, true);
// All definitions live in one schema document ("harbor"); response schemas point into it.
ajv.addSchema({ $id: 'harbor', definitions });

// Compiled validators per (operation, status).
const validators = new Map<string, ValidateFunction>();
export function validatorFor(key: string, schema: unknown): ValidateFunction {
  let v = validators.get(key);
  if (!v) { v = ajv.compile(convert(schema, 'harbor') as Schema); validators.set(key, v); }
  return v;
}

interface Operation { template: string; method: string; regex: RegExp; params: number; responses: Record<string, Schema>; body?: Schema }
const operations: Operation[] = [];
for (const [template, methods] of Object.entries(swagger.paths)) {
  for (const [method, op] of Object.entries(methods)) {
    if (!op || typeof op !== 'object' || !('responses' in op)) continue;
    const params = (template.match(/\{/g) ?? []).length;
    const regex = new RegExp(`^/api/v2\\.0${template.replace(/\/$/, '').replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}/?$`);
    // The operation's `in: body` parameter: requests are checked against it too.
    const body = (op.parameters ?? []).map((p) => (p.$ref ? swagger.parameters[p.$ref.split('/').pop()!] : p)).find((p) => p?.in === 'body')?.schema;
    operations.push({ template, method: method.toUpperCase(), regex, params, responses: op.responses, body });
  }
}
operations.sort((a, b) => a.params - b.params); // literal segments win: additions/vulnerabilities before additions/{addition}

function findOperation(method: string, path: string): Operation | undefined {
  return operations.find((o) => o.method === method && o.regex.test(path));
}
/**
 * Answers Harbor really gives that its swagger leaves out, each with its source: the immutable-tag middleware
 * (goharbor/harbor src/server/middleware/immutable/deletemf.go) answers 412 PRECONDITION with an Errors body to a
 * delete of a protected tag or artifact. Nothing else is allowed beyond the swagger.
 */
const UNDECLARED: Record<string, Schema> = {
  'DELETE /projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/tags/{tag_name} 412': { schema: { $ref: '#/definitions/Errors' } },
  'DELETE /projects/{project_name}/repositories/{repository_name}/artifacts/{reference} 412': { schema: { $ref: '#/definitions/Errors' } },
};

function responseSpec(op: Operation, status: number): Schema | undefined {
  let r = op.responses[String(status)] ?? UNDECLARED[`${op.method} ${op.template} ${status}`];
  if (r && typeof r.$ref === 'string') r = swagger.responses[(r.$ref as string).split('/').pop() as string];
  return r;
}

// Harbor's vulnerability addition is declared `type: string`; its body is the Report keyed by MIME type
// (Harbor's handler src/server/v2.0/handler/artifact.go GetVulnerabilitiesAddition, src/pkg/scan/vuln/report.go).
export const reportValidator = ajv.compile({
  type: 'object',
  additionalProperties: {
    type: 'object', required: ['vulnerabilities'],
    properties: {
      generated_at: { type: 'string', format: 'date-time' },
      scanner: { type: 'object', required: ['name', 'vendor', 'version'] },
      severity: { enum: ['None', 'Unknown', 'Negligible', 'Low', 'Medium', 'High', 'Critical'] },
      vulnerabilities: { type: 'array', items: {
        type: 'object', required: ['id', 'package', 'version', 'severity'],
        properties: { id: { type: 'string' }, package: { type: 'string' }, version: { type: 'string' }, fix_version: { type: 'string' },
          severity: { enum: ['None', 'Unknown', 'Negligible', 'Low', 'Medium', 'High', 'Critical'] }, links: { type: 'array', items: { type: 'string' } },
          artifact_digests: { type: 'array', items: { type: 'string' } }, cwe_ids: { type: 'array', items: { type: 'string' } } },
      } },
    },
  },
});

export interface CheckedResponse { status: number; headers: Headers; json?: unknown; text: string }
export type SwaggerCall = (method: string, path: string, opts?: { auth?: string | null; body?: unknown; headers?: Record<string, string> }) => Promise<CheckedResponse>;

/**
 * A fetch against the test server whose every answer is checked against the swagger operation it matches;
 * `checked` collects "METHOD /template STATUS". `auth()` is the default Authorization (null: none).
 */
export function swaggerCaller(server: () => HarborServer, auth: () => string | undefined, checked: string[]): SwaggerCall {
  return async function call(method, path, opts = {}) {
    const h = server();
    const requestOp = findOperation(method, new URL(path, h.url).pathname);
    if (requestOp && opts.body !== undefined) {
      assert.ok(requestOp.body, `${method} ${requestOp.template} takes no body`);
      const v = validatorFor(`request ${method} ${requestOp.template}`, requestOp.body);
      assert.ok(v(opts.body), `request ${method} ${requestOp.template}: ${ajv.errorsText(v.errors)}`);
    }
    const headers: Record<string, string> = { ...opts.headers };
    const a = opts.auth === undefined ? auth() : opts.auth;
    if (a) headers.authorization = a;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(`${h.url}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = method === 'HEAD' ? '' : await r.text();
    const pathname = new URL(path, h.url).pathname;
    const op = findOperation(method, pathname);
    assert.ok(op, `no swagger operation for ${method} ${pathname}`);
    const spec = responseSpec(op, r.status);
    assert.ok(spec, `${method} ${op.template}: status ${r.status} is not declared in the swagger`);
    assert.ok(r.headers.get('x-request-id'), `${method} ${pathname} ${r.status}: X-Request-Id missing`);
    const declared = (spec.headers ?? {}) as Record<string, Schema>;
    if (declared['X-Total-Count']) {
      assert.match(r.headers.get('x-total-count') ?? '', /^\d+$/, `${method} ${pathname}: X-Total-Count must be an integer`);
    }
    const link = r.headers.get('link');
    if (link) {
      assert.ok(declared.Link, `${method} ${op.template}: Link sent but not declared`);
      for (const part of link.split(' , ')) assert.match(part, /^<\/api\/v2\.0\/[^>]+>; rel="(prev|next)"$/, `Link entry in Harbor's form: ${part}`);
    }
    if (r.status === 201) assert.ok(r.headers.get('location'), `${method} ${pathname}: 201 without Location`);
    let json: unknown;
    if (text && (r.headers.get('content-type') ?? '').includes('application/json')) {
      json = JSON.parse(text);
      const raw = (spec.schema as Schema | undefined)?.type === 'string' && declared['Content-Type'];
      if (op.template.endsWith('/additions/vulnerabilities') && r.status === 200) {
        assert.ok(reportValidator(json), `vulnerability report: ${ajv.errorsText(reportValidator.errors)}`);
      } else if (raw) {
        // Additions are declared as a raw string with their own Content-Type (build_history is JSON in Harbor).
        assert.ok(r.headers.get('content-type'), `${method} ${op.template}: Content-Type missing`);
      } else if (spec.schema) {
        const v = validatorFor(`${method} ${op.template} ${r.status}`, spec.schema);
        assert.ok(v(json), `${method} ${op.template} ${r.status}: ${ajv.errorsText(v.errors)}\n${text.slice(0, 400)}`);
      }
    } else if (spec.schema && (spec.schema as Schema).type !== 'string' && method !== 'HEAD') {
      assert.fail(`${method} ${op.template} ${r.status}: a JSON body was declared, got ${r.headers.get('content-type')} "${text.slice(0, 80)}"`);
    }
    checked.push(`${method} ${op.template} ${r.status}`);
    return { status: r.status, headers: r.headers, json, text };
  };
}

/** swaggerCaller for a server known by its URL, with the Authorization given per call. */
export function swaggerCheckedCall(baseUrl: string, checked: string[]): SwaggerCall {
  return swaggerCaller(() => ({ url: baseUrl }) as HarborServer, () => undefined, checked);
}

export const basicAuth = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
