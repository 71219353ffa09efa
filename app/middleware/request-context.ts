import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Deps } from '../deps';

/** A client-sent id is kept only if it is short and plain, so logs cannot be forged or flooded through it. */
const CLIENT_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * First middleware of every request: hands routes their deps, gives the request an id (kept from
 * `X-Request-Id` when well-formed), and writes exactly one structured log line when it ends —
 * what Workers Logs and `wrangler tail` index, and what a user's bug report can be traced by.
 */
export function requestContext(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && CLIENT_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set('deps', deps);
    c.set('requestId', requestId);
    await next();
    c.res.headers.set('X-Request-Id', requestId);
    const length = c.res.headers.get('content-length');
    deps.log.info('request', {
      requestId,
      method: c.req.method,
      host: c.get('hostKind') ?? 'app',
      route: c.get('hostKind') === 'content' ? 'content' : c.req.routePath,
      path: new URL(c.req.url).pathname,
      shareId: c.get('shareId') ?? (c.req.param('id') || undefined),
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      bytes: length === null ? undefined : Number(length),
    });
  };
}
