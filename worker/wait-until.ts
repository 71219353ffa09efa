import type { Hono } from 'hono';
import type { AppEnv } from '../app/deps';

/** Each request's ExecutionContext, recorded as the request enters the Worker (`workerFetch`). */
const contexts = new WeakMap<Request, ExecutionContext>();

/**
 * `deps.defer` on Workers: the work joins the request's `ExecutionContext.waitUntil`, so the
 * isolate is kept alive until it ends instead of being stopped once the response is sent. A
 * request that did not enter through `workerFetch` (a test calling `app.request`) has no context,
 * and its work simply runs.
 */
export function deferWithWaitUntil(request: Request, work: Promise<unknown>): void {
  contexts.get(request)?.waitUntil(work);
}

/** The Worker's `fetch` for an app: records each request's ExecutionContext for `deferWithWaitUntil`, then serves it. */
export function workerFetch<E>(app: Hono<AppEnv>): (request: Request, env: E, ctx: ExecutionContext) => Response | Promise<Response> {
  return (request, env, ctx) => {
    contexts.set(request, ctx);
    return app.fetch(request, env, ctx);
  };
}
