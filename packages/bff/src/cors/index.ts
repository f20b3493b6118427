import type { Context, Env, MiddlewareHandler } from 'hono';

export interface CorsOptions<E extends Env> {
  /** Origins that get the grant (every tenant's allowedOrigins). */
  allowed: ReadonlySet<string>;
  allowMethods: readonly string[];
  allowHeaders: readonly string[];
  exposeHeaders: readonly string[];
  maxAgeSeconds: number;
  /** True when the request's own tenant refused the origin: the answer then carries no grant. */
  refused?: (c: Context<E>) => boolean;
}

/**
 * CORS for the API, with the same answers as `hono/cors` configured with an origin allow-list — written out because
 * hono/cors touches `c.res` before the handler runs and sets `Vary` with `c.header()` after it, and on Node each of
 * those turns the handler's response into a streamed copy of itself (@hono/node-server then pipes it through Web
 * streams instead of writing the string): measured as the largest single cost of a purchase POST beyond the cloud call.
 * Here the grant is added to the final response's headers in place.
 */
export function cors<E extends Env>(opts: CorsOptions<E>): MiddlewareHandler<E> {
  const methods = opts.allowMethods.join(',');
  const requestHeaders = opts.allowHeaders.join(',');
  const expose = opts.exposeHeaders.join(',');
  const maxAge = String(opts.maxAgeSeconds);
  return async (c, next) => {
    const origin = c.req.header('origin');
    const granted = origin !== undefined && opts.allowed.has(origin) ? origin : undefined;
    if (c.req.method === 'OPTIONS') {
      const headers: Record<string, string> = {
        vary: 'Origin, Access-Control-Request-Headers',
        'access-control-allow-methods': methods,
        'access-control-allow-headers': requestHeaders,
        'access-control-max-age': maxAge,
      };
      if (granted) {
        headers['access-control-allow-origin'] = granted;
        headers['access-control-expose-headers'] = expose;
      }
      return c.body(null, 204, headers);
    }
    await next();
    const h = c.res.headers;
    h.append('vary', 'Origin');
    if (granted && !opts.refused?.(c)) {
      h.set('access-control-allow-origin', granted);
      h.set('access-control-expose-headers', expose);
    }
  };
}
