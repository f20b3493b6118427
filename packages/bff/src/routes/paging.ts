/**
 * What the picker lists (subnets, Workspace bandwidths, cloud connections) share: the query parameters, the opaque
 * cursor, the `q` filter and the short per-tenant cache of the upstream answer.
 */

import { isUpstreamError } from '@bwkit/huaweicloud';
import type { Context } from 'hono';
import type { BffDeps, BffEnv } from '../context.js';
import { problemFromUpstream } from '../mapping/index.js';
import type { Parameter } from '../openapi/index.js';
import { malformedRequest, ProblemError } from '../problem/index.js';
import { recordCursor, type StoredRecord } from '../store/index.js';
import type { Tenant } from '../tenants/index.js';

/** How long a list answer is shared: long enough for every widget of a page, short enough to feel live. */
export const LIST_CACHE_TTL_MS = 15_000;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** Pages fetched from the cloud for one list at most (page size × this many items). */
export const MAX_UPSTREAM_PAGES = 20;

/** `cursor` and `limit`, as every paged list of this API takes them. */
export const pageParameters = (maxLimit = MAX_PAGE_SIZE, defaultLimit = DEFAULT_PAGE_SIZE): Parameter[] => [
  {
    name: 'cursor',
    in: 'query',
    required: false,
    description: 'The nextCursor of the previous page (opaque).',
    schema: { type: 'string' },
  },
  {
    name: 'limit',
    in: 'query',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: maxLimit, default: defaultLimit },
  },
];

export const listParameters = (withRegion: boolean): Parameter[] => [
  ...(withRegion
    ? [
        {
          name: 'region',
          in: 'query',
          required: false,
          description: 'A region of the tenant (default: its default region).',
          schema: { type: 'string' },
        } satisfies Parameter,
      ]
    : []),
  ...pageParameters(),
  {
    name: 'q',
    in: 'query',
    required: false,
    description: 'Keeps items whose name, id (or CIDR) contains this text, ignoring case.',
    schema: { type: 'string', maxLength: 100 },
  },
];

const invalid = (path: string, message: string, code = 'invalid_format') =>
  malformedRequest(message, [{ path, code, message }]);

/** base64url without padding, on Web APIs only (the BFF core runs on any runtime). */
const b64url = (s: string) => btoa(s).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const fromB64url = (s: string) => atob(s.replace(/-/g, '+').replace(/_/g, '/'));

/** The cursor is the position in the tenant's list, base64url-wrapped so that clients do not build their own. */
export function encodeCursor(offset: number): string {
  return b64url(JSON.stringify({ o: offset }));
}
function decodeCursor(s: string): number {
  try {
    const v = JSON.parse(fromB64url(s)) as { o?: unknown };
    if (typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0) return v.o;
  } catch {
    /* fall through */
  }
  throw invalid('cursor', 'The cursor is not one this API gave out: use the nextCursor of a previous page.');
}

export interface ListQuery {
  region: string;
  offset: number;
  limit: number;
  q?: string;
}

/** Reads region (checked against the tenant's), cursor, limit and q. */
export function readListQuery(c: Context<BffEnv>, tenant: Tenant): ListQuery {
  const region = c.req.query('region') || tenant.defaultRegion;
  if (!tenant.regions.some((r) => r.id === region)) {
    const allowed = tenant.regions.map((r) => r.id).join(', ');
    throw new ProblemError('validation_failed', 'This region is not available to the tenant.', {
      fields: [
        {
          path: 'region',
          code: 'region_not_allowed',
          message: `This region is not available to you. Choose one of: ${allowed}.`,
          params: { region, allowed },
        },
      ],
    });
  }
  const limit = readLimit(c);
  const cursor = c.req.query('cursor');
  const q = c.req.query('q')?.trim();
  if (q !== undefined && q.length > 100) throw invalid('q', 'q may be at most 100 characters.', 'too_long');
  return { region, limit, offset: cursor ? decodeCursor(cursor) : 0, ...(q ? { q } : {}) };
}

/** The `limit` query parameter: absent or empty is the default, else a whole number from 1 to `max`. */
export function readLimit(
  c: Context<BffEnv>,
  {
    max = MAX_PAGE_SIZE,
    fallback = DEFAULT_PAGE_SIZE,
    code = 'too_big',
  }: { max?: number; fallback?: number; code?: string } = {},
): number {
  const raw = c.req.query('limit');
  const limit = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw invalid('limit', `limit must be a whole number from 1 to ${max}.`, code);
  }
  return limit;
}

/** A record list's cursor: the last item's `${at}|${id}` (see the store's recordCursor), base64url-wrapped. */
export const encodeRecordCursor = (r: StoredRecord<unknown>): string => b64url(recordCursor(r));

/** Reads a record cursor back, accepting only the shape `idPattern` (the list's own id format) allows. */
export function decodeRecordCursor(s: string, idPattern: RegExp): string {
  try {
    const v = fromB64url(s);
    const bar = v.indexOf('|');
    if (bar > 0 && /^\d{4}-\d\d-\d\dT[^|]+$/.test(v.slice(0, bar)) && idPattern.test(v.slice(bar + 1))) return v;
  } catch {
    /* fall through */
  }
  throw malformedRequest('The cursor is not one this API gave out.', [
    { path: 'cursor', code: 'invalid_format', message: 'Use the nextCursor of a previous page.' },
  ]);
}

/** One page of the (filtered) list, with the cursor of the next one. */
export function pageOf<T>(items: readonly T[], { offset, limit }: ListQuery): { items: T[]; nextCursor?: string } {
  const page = items.slice(offset, offset + limit);
  return { items: page, ...(offset + limit < items.length ? { nextCursor: encodeCursor(offset + limit) } : {}) };
}

/** The tenant's whole list from the cache, loading it from the cloud at most once per key and TTL. */
export async function cachedList<T>(deps: BffDeps, key: string, load: () => Promise<T[]>): Promise<T[]> {
  let loaded = false;
  try {
    const items = await deps.cache.get(key, () => {
      loaded = true;
      return load();
    });
    // Keys are tenant:list:region; the metric keeps the list only (tenants and regions would multiply series).
    deps.metrics.listCache.inc({ list: key.split(':')[1] ?? '', result: loaded ? 'miss' : 'hit' });
    return items;
  } catch (e) {
    if (isUpstreamError(e)) throw problemFromUpstream(e);
    throw e;
  }
}

/** Cache keys start with the tenant id, so one tenant's purchase can drop its own lists. */
export const listKey = (tenant: Tenant, kind: 'subnets' | 'workspace-bandwidths' | 'cloud-connections', region = '') =>
  `${tenant.id}:${kind}:${region}`;

export const NO_STORE = { 'cache-control': 'private, no-store', vary: 'Authorization' };
