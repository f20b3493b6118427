/**
 * Checks an HTTP answer against the gateway's own OpenAPI document: the status is documented for that path and
 * method, the body is valid against the documented schema of its content type, and the headers the API documents
 * (X-Request-Id, RateLimit-*, Retry-After, Idempotent-Replayed, Idempotency-Settled) appear only where documented.
 * A small structural checker over the JSON Schema subset the document uses (draft 2020-12 as OpenAPI 3.1 has it):
 * $ref, type, const, enum, properties, required, additionalProperties, items, oneOf/anyOf/allOf, numeric and length
 * bounds, pattern. An unknown keyword that constrains values is an error, so the checker never passes silently.
 */
import { appendFileSync } from 'node:fs';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = Record<string, unknown>;
export type OpenApiDocument = {
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components?: Record<string, Record<string, unknown>>;
};
type Operation = { responses: Record<string, ResponseDoc | { $ref: string }> };
type ResponseDoc = {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { schema?: Schema }>;
};

/** Keywords that only annotate (they constrain nothing the checker must enforce). */
const ANNOTATIONS = new Set([
  'description',
  'title',
  'default',
  'examples',
  'example',
  'format',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$comment',
  'nullable',
]);
const CHECKED = new Set([
  '$ref',
  'type',
  'const',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'oneOf',
  'anyOf',
  'allOf',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'propertyNames',
]);

/** The headers the document describes; an answer carrying one where the document does not list it is a drift. */
export const DOCUMENTED_HEADERS = [
  'x-request-id',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'retry-after',
  'idempotent-replayed',
  'idempotency-settled',
];

function resolve<T>(doc: OpenApiDocument, v: T | { $ref: string }): T {
  let cur: unknown = v;
  for (let i = 0; i < 10 && cur && typeof cur === 'object' && '$ref' in cur; i++) {
    const ref = (cur as { $ref: string }).$ref;
    if (!ref.startsWith('#/')) throw new Error(`external $ref ${ref}`);
    cur = ref
      .slice(2)
      .split('/')
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), doc);
    if (cur === undefined) throw new Error(`unresolvable $ref ${ref}`);
  }
  return cur as T;
}

const typeOf = (v: Json): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : typeof v === 'number'
        ? Number.isInteger(v)
          ? 'integer'
          : 'number'
        : typeof v;
const typeMatches = (t: string, v: Json) => t === typeOf(v) || (t === 'number' && typeOf(v) === 'integer');

/** Problems with `value` against `schema`, each prefixed with its JSON path. */
export function checkSchema(doc: OpenApiDocument, schema: Schema | boolean, value: Json, at = '$'): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${at}: no value is allowed here`];
  const s = schema.$ref
    ? {
        ...resolve<Schema>(doc, { $ref: String(schema.$ref) }),
        ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$ref')),
      }
    : schema;
  const out: string[] = [];
  for (const k of Object.keys(s)) {
    if (!CHECKED.has(k) && !ANNOTATIONS.has(k) && !k.startsWith('x-'))
      out.push(`${at}: the checker does not know the keyword "${k}"`);
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [String(s.type)];
    if (!types.some((t) => typeMatches(t, value)))
      return [...out, `${at}: ${typeOf(value)} where the document says ${types.join(' | ')}`];
  }
  if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(value))
    out.push(`${at}: ${JSON.stringify(value)} is not ${JSON.stringify(s.const)}`);
  if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    out.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) out.push(`${at}: ${value} < minimum ${s.minimum}`);
    if (typeof s.maximum === 'number' && value > s.maximum) out.push(`${at}: ${value} > maximum ${s.maximum}`);
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum)
      out.push(`${at}: ${value} <= exclusiveMinimum ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum)
      out.push(`${at}: ${value} >= exclusiveMaximum ${s.exclusiveMaximum}`);
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof s.minLength === 'number' && length < s.minLength) out.push(`${at}: shorter than ${s.minLength}`);
    if (typeof s.maxLength === 'number' && length > s.maxLength) out.push(`${at}: longer than ${s.maxLength}`);
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value))
      out.push(`${at}: ${JSON.stringify(value)} does not match ${s.pattern}`);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) out.push(`${at}: fewer than ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) out.push(`${at}: more than ${s.maxItems} items`);
    if (s.items !== undefined)
      value.forEach((v, i) => out.push(...checkSchema(doc, s.items as Schema, v, `${at}[${i}]`)));
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const r of (s.required ?? []) as string[]) if (!(r in value)) out.push(`${at}: "${r}" is required`);
    for (const [k, v] of Object.entries(value)) {
      if (k in props) out.push(...checkSchema(doc, props[k]!, v, `${at}.${k}`));
      else if (s.additionalProperties !== undefined)
        out.push(...checkSchema(doc, s.additionalProperties as Schema, v, `${at}.${k}`));
      if (s.propertyNames !== undefined) out.push(...checkSchema(doc, s.propertyNames as Schema, k, `${at} key ${k}`));
    }
  }
  if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) out.push(...checkSchema(doc, sub, value, at));
  if (Array.isArray(s.anyOf) && !(s.anyOf as Schema[]).some((sub) => checkSchema(doc, sub, value, at).length === 0)) {
    out.push(`${at}: matches none of anyOf`);
  }
  if (Array.isArray(s.oneOf)) {
    const matching = (s.oneOf as Schema[]).filter((sub) => checkSchema(doc, sub, value, at).length === 0).length;
    if (matching !== 1) out.push(`${at}: matches ${matching} of oneOf (exactly one expected)`);
  }
  return out;
}

/** The documented path template a concrete path falls under, e.g. /v1/jobs/abc → /v1/jobs/{jobId}. */
export function documentedPath(doc: OpenApiDocument, path: string): string | undefined {
  if (doc.paths[path]) return path;
  return Object.keys(doc.paths).find((template) =>
    new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
  );
}

export interface CheckedAnswer {
  path: string;
  method: string;
  status: number;
  template?: string;
}

/**
 * Problems with one answer against the document; `undefined` when the document does not describe that path and
 * method at all (e.g. /docs, /demo/token, a CORS preflight), which the caller counts as not covered.
 */
export async function checkAnswer(
  doc: OpenApiDocument,
  method: string,
  path: string,
  res: Response,
): Promise<string[] | undefined> {
  const template = documentedPath(doc, path);
  const op = template ? doc.paths[template]?.[method.toLowerCase()] : undefined;
  if (!op) return undefined;
  const where = `${method} ${path} → ${res.status}`;
  const documented =
    op.responses[String(res.status)] ?? op.responses[`${String(res.status)[0]}XX`] ?? op.responses['default'];
  if (!documented) return [`${where}: status not documented (documented: ${Object.keys(op.responses).join(', ')})`];
  const answer = resolve<ResponseDoc>(doc, documented);
  const problems: string[] = [];
  const headerNames = Object.keys(answer.headers ?? {}).map((h) => h.toLowerCase());
  for (const h of DOCUMENTED_HEADERS) {
    if (res.headers.has(h) && !headerNames.includes(h))
      problems.push(`${where}: header ${h} sent but not documented for this answer`);
  }
  const contentType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const text = await res.clone().text();
  if (!answer.content) {
    if (text.length > 0) problems.push(`${where}: a body (${contentType}) where the document describes none`);
    return problems;
  }
  const media = answer.content[contentType];
  if (!media)
    return [
      ...problems,
      `${where}: content type "${contentType}" not documented (documented: ${Object.keys(answer.content).join(', ')})`,
    ];
  if (media.schema && /json/.test(contentType)) {
    let body: Json;
    try {
      body = JSON.parse(text) as Json;
    } catch {
      return [...problems, `${where}: body is not JSON`];
    }
    problems.push(...checkSchema(doc, media.schema, body).map((p) => `${where}: ${p}`));
  } else if (media.schema && media.schema.type === 'string' && typeof text !== 'string') {
    problems.push(`${where}: body is not text`);
  }
  return problems;
}

/**
 * Validates every answer a test helper receives. `check` throws on the first drift (a test that sees an answer the
 * document does not describe fails there); `covered`/`uncovered` count what was checked, for the suite's summary.
 */
export class ResponseValidator {
  #doc: Promise<OpenApiDocument> | undefined;
  readonly covered = new Map<string, number>();
  readonly uncovered = new Map<string, number>();
  constructor(private readonly loadDocument: () => Promise<OpenApiDocument>) {}

  async check(method: string, url: string, res: Response): Promise<void> {
    this.#doc ??= this.loadDocument();
    const doc = await this.#doc;
    // Paths in the document are relative to its server, which carries the prefix the BFF is mounted under.
    const prefix = doc.servers?.[0] ? new URL(doc.servers[0].url).pathname.replace(/\/$/, '') : '';
    const full = new URL(url).pathname;
    const path = prefix && full.startsWith(prefix) ? full.slice(prefix.length) : full;
    const problems = await checkAnswer(doc, method, path, res);
    const key = `${method} ${path}`;
    if (problems === undefined) {
      this.uncovered.set(key, (this.uncovered.get(key) ?? 0) + 1);
      return;
    }
    const template = documentedPath(doc, path) ?? path;
    const k = `${method} ${template} ${res.status}`;
    this.covered.set(k, (this.covered.get(k) ?? 0) + 1);
    if (problems.length) throw new Error(`The answer differs from the OpenAPI document:\n  ${problems.join('\n  ')}`);
  }
}

/**
 * With BWKIT_OPENAPI_COVERAGE=<file>, each test process appends what its validators checked (JSON lines:
 * `{covered, uncovered}`), so a run can report which documented answers the HTTP tests exercise.
 */
const recorded: ResponseValidator[] = [];
export function recordCoverage(v: ResponseValidator): void {
  const file = process.env['BWKIT_OPENAPI_COVERAGE'];
  if (!file) return;
  if (recorded.length === 0) {
    process.once('exit', () => {
      for (const r of recorded) {
        appendFileSync(
          file,
          `${JSON.stringify({ covered: Object.fromEntries(r.covered), uncovered: Object.fromEntries(r.uncovered) })}\n`,
        );
      }
    });
  }
  recorded.push(v);
}
