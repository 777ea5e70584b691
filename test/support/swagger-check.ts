// Checks recorded requests and responses of a stand-in against a Swagger 2.0 description kept in test/fixtures
// (GitLab's OpenAPI v2, Quay's discovery document): the operation exists, every query and path parameter is
// declared and of its declared type, the status is a declared response, and a JSON body matches the response
// schema. Objects with `properties` are closed here (the stand-in may not send fields the description lacks).
import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

type Schema = Record<string, unknown>;
interface Param { in: string; name: string; type?: string; enum?: unknown[]; required?: boolean }
interface Op { responses: Record<string, { schema?: Schema }>; parameters?: Param[] }
interface Swagger { basePath?: string; paths: Record<string, Record<string, Op>>; definitions?: Record<string, Schema> }

export interface Exchange { method: string; path: string; query: string; status: number; body?: unknown }

function close(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(close);
  if (!s || typeof s !== 'object') return s;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s as Schema)) {
    if (k.startsWith('x-') || k === 'example' || k === 'description') continue;
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Schema).map(([pk, pv]) => [pk, close(pv)])) : close(v);
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  if (typeof out.$ref === 'string') out.$ref = `swagger${out.$ref}`;
  return out;
}

export class SwaggerCheck {
  private readonly doc: Swagger;
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly validators = new Map<string, ValidateFunction>();
  /** Path parameters that hold one slash (Quay's `apirepopath` converter: {repository} = "namespace/name"). */
  constructor(file: string, private readonly slashParams: ReadonlySet<string> = new Set()) {
    this.doc = parse(readFileSync(file, 'utf8')) as Swagger;
    this.ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    for (const f of ['int32', 'int64', 'uri']) this.ajv.addFormat(f, true);
    this.ajv.addSchema({ $id: 'swagger', definitions: Object.fromEntries(Object.entries(this.doc.definitions ?? {}).map(([k, v]) => [k, close(v)])) });
  }

  private find(method: string, path: string): { template: string; op: Op; params: Record<string, string> } | undefined {
    const base = (this.doc.basePath ?? '').replace(/\/$/, '');
    for (const [template, ops] of Object.entries(this.doc.paths)) {
      const op = ops[method.toLowerCase()];
      if (!op) continue;
      const names: string[] = [];
      const re = new RegExp(`^${(base + template).replace(/[.]/g, '\\.').replace(/\{([^}]+)\}/g, (_m, n: string) => { names.push(n); return this.slashParams.has(n) ? '([^/]+/[^/]+)' : '([^/]+)'; })}$`);
      const m = re.exec(path);
      if (m) return { template, op, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) };
    }
    return undefined;
  }

  /** Problems with one exchange ([] when it conforms). */
  check(x: Exchange): string[] {
    const where = `${x.method} ${x.path}${x.query}`;
    const hit = this.find(x.method, x.path);
    if (!hit) return [`${where}: no such operation in the description`];
    const errors: string[] = [];
    const declared = new Map((hit.op.parameters ?? []).map((p) => [`${p.in}:${p.name}`, p]));
    const typed = (p: Param, v: string) => {
      if (p.type === 'integer' && !/^-?\d+$/.test(v)) errors.push(`${where}: ${p.name}=${v} is not an integer`);
      if (p.type === 'boolean' && !/^(true|false)$/.test(v)) errors.push(`${where}: ${p.name}=${v} is not a boolean`);
      if (p.enum && !p.enum.map(String).includes(v)) errors.push(`${where}: ${p.name}=${v} is not one of ${p.enum.join(', ')}`);
    };
    for (const [k, v] of Object.entries(hit.params)) {
      const p = declared.get(`path:${k}`);
      if (!p) errors.push(`${where}: path parameter ${k} not declared`); else typed(p, v);
    }
    const q = new URLSearchParams(x.query);
    for (const [k, v] of q) {
      const p = declared.get(`query:${k}`);
      if (!p) errors.push(`${where}: query parameter ${k} not declared`); else typed(p, v);
    }
    for (const p of hit.op.parameters ?? []) if (p.in === 'query' && p.required && !q.has(p.name)) errors.push(`${where}: required ${p.name} missing`);
    const resp = hit.op.responses[String(x.status)] ?? hit.op.responses.default;
    if (!resp) return [...errors, `${where}: status ${x.status} not declared (${Object.keys(hit.op.responses).join(', ')})`];
    if (resp.schema && x.status < 300) {
      const key = `${x.method} ${hit.template} ${x.status}`;
      let v = this.validators.get(key);
      if (!v) { v = this.ajv.compile(close(resp.schema) as Schema); this.validators.set(key, v); }
      if (!v(x.body)) errors.push(`${where}: response ${x.status} does not match the schema: ${this.ajv.errorsText(v.errors)}`);
    }
    return errors;
  }
}
