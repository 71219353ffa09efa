import type { MiddlewareHandler } from 'hono';
import { requestId as honoRequestId } from 'hono/request-id';
import type { AppEnv, Deps } from '../deps';

/**
 * Hono's request id: a client-sent `X-Request-Id` is kept only if it is at most 128 characters of
 * `[A-Za-z0-9_=-]`, so logs cannot be forged or flooded through it; otherwise a random UUID.
 */
export const requestId = honoRequestId({ limitLength: 128 });

/**
 * Second middleware of every request, after `requestId`: hands routes their deps, makes sure the
 * response carries the request id, and writes exactly one structured log line when it ends —
 * what Workers Logs and `wrangler tail` index, and what a user's bug report can be traced by.
 */
export function requestContext(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = c.get('requestId');
    c.set('deps', deps);
    await next();
    // Responses built as plain `Response`s (share bytes, visitor pages) bypass c.header(); the
    // serving path's files carry the id already (`responseTagged`), so their headers stay untouched.
    const tagged = c.get('responseTagged');
    if (!tagged) c.res.headers.set('X-Request-Id', requestId);
    const length = tagged ? tagged.bodyBytes : c.res.headers.get('content-length');
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
