// Checks requests to and responses from the Harbor test server against Harbor's swagger
// (test/fixtures/harbor/swagger.yaml, an unchanged copy of goharbor/harbor api/v2.0/swagger.yaml): the request body
// against the operation's `in: body` schema, the response body against the declared schema for its status, and the
// declared headers (X-Request-Id, X-Total-Count, Link in Harbor's form, Location on 201). The Swagger 2.0 → JSON
// Schema conversion has the leniencies of Harbor's go-swagger server, and closes objects that declare properties
// (the stand-in may not send fields the spec lacks), as test/integration/harbor/swagger-conformance.test.ts does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

type Schema = Record<string, unknown>;
interface Param { in?: string; name?: string; schema?: Schema; $ref?: string }
interface Swagger {
  paths: Record<string, Record<string, { responses: Record<string, Schema>; parameters?: Param[] }>>;
  definitions: Record<string, Schema>;
  responses: Record<string, Schema>;
  parameters: Record<string, Param>;
}

const swagger = parse(readFileSync(join(__dirname, '..', 'fixtures', 'harbor', 'swagger.yaml'), 'utf8')) as Swagger;

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
    if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v as Schema).map(([pk, pv]) => [pk, again(pv)]));
    else if (k === 'additionalProperties') {
      const ap = v as Schema | boolean;
      out.additionalProperties = typeof ap === 'object' && ap.type === 'object' && !ap.properties && !ap.additionalProperties ? true : again(ap);
    } else if (k === 'items') out.items = again(v);
    else out[k] = v;
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  const nullable = src['x-nullable'] === true || (src.type === 'array' && src['x-nullable'] !== false);
  if (nullable && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
for (const f of ['int32', 'int64', 'int', 'uri', 'email', 'password', 'binary', 'byte', 'double', 'float']) ajv.addFormat(f, true);
ajv.addSchema({ $id: 'harbor-admin', definitions: Object.fromEntries(Object.entries(swagger.definitions).map(([k, v]) => [k, convert(v)])) });
const validators = new Map<string, ValidateFunction>();
function validatorFor(key: string, schema: unknown): ValidateFunction {
  let v = validators.get(key);
  if (!v) { v = ajv.compile(convert(schema, 'harbor-admin') as Schema); validators.set(key, v); }
  return v;
}

interface Operation { template: string; method: string; regex: RegExp; params: number; responses: Record<string, Schema>; body?: Schema }
const operations: Operation[] = [];
for (const [template, methods] of Object.entries(swagger.paths)) {
  for (const [method, op] of Object.entries(methods)) {
    if (!op || typeof op !== 'object' || !('responses' in op)) continue;
    const params = (template.match(/\{/g) ?? []).length;
    const regex = new RegExp(`^/api/v2\\.0${template.replace(/\/$/, '').replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}/?$`);
    const body = (op.parameters ?? []).map((p) => (p.$ref ? swagger.parameters[p.$ref.split('/').pop()!] : p)).find((p) => p?.in === 'body')?.schema;
    operations.push({ template, method: method.toUpperCase(), regex, params, responses: op.responses, body });
  }
}
operations.sort((a, b) => a.params - b.params);

/** A fetch to the Harbor test server whose request and response are checked against the swagger. */
export function swaggerCheckedCall(baseUrl: string, checked: string[]) {
  return async function call(method: string, path: string, opts: { auth?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: Headers; json?: unknown; text: string }> {
    const pathname = new URL(path, baseUrl).pathname;
    const op = operations.find((o) => o.method === method && o.regex.test(pathname));
    assert.ok(op, `no swagger operation for ${method} ${pathname}`);
    if (opts.body !== undefined) {
      assert.ok(op.body, `${method} ${op.template} takes no body`);
      const v = validatorFor(`request ${method} ${op.template}`, op.body);
      assert.ok(v(opts.body), `request ${method} ${op.template}: ${ajv.errorsText(v.errors)}`);
    }
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.auth) headers.authorization = opts.auth;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(`${baseUrl}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = method === 'HEAD' ? '' : await r.text();
    let spec = op.responses[String(r.status)];
    if (spec && typeof spec.$ref === 'string') spec = swagger.responses[(spec.$ref as string).split('/').pop() as string];
    assert.ok(spec, `${method} ${op.template}: status ${r.status} is not declared in the swagger (${text.slice(0, 200)})`);
    assert.ok(r.headers.get('x-request-id'), `${method} ${pathname} ${r.status}: X-Request-Id missing`);
    const declared = (spec.headers ?? {}) as Record<string, Schema>;
    if (declared['X-Total-Count']) assert.match(r.headers.get('x-total-count') ?? '', /^\d+$/, `${method} ${pathname}: X-Total-Count must be an integer`);
    const link = r.headers.get('link');
    if (link) {
      assert.ok(declared.Link, `${method} ${op.template}: Link sent but not declared`);
      for (const part of link.split(' , ')) assert.match(part, /^<\/api\/v2\.0\/[^>]+>; rel="(prev|next)"$/);
    }
    if (r.status === 201) assert.ok(r.headers.get('location'), `${method} ${pathname}: 201 without Location`);
    let json: unknown;
    if (text && (r.headers.get('content-type') ?? '').includes('application/json')) {
      json = JSON.parse(text);
      if (spec.schema) {
        const v = validatorFor(`${method} ${op.template} ${r.status}`, spec.schema);
        assert.ok(v(json), `${method} ${op.template} ${r.status}: ${ajv.errorsText(v.errors)}\n${text.slice(0, 400)}`);
      }
    } else if (spec.schema && (spec.schema as Schema).type !== 'string' && method !== 'HEAD') {
      assert.fail(`${method} ${op.template} ${r.status}: a JSON body was declared, got "${text.slice(0, 80)}"`);
    }
    checked.push(`${method} ${op.template} ${r.status}`);
    return { status: r.status, headers: r.headers, json, text };
  };
}

export const basicAuth = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
