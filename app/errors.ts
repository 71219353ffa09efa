import type { Context } from 'hono';
import type { ApiErrorBody } from '../core/api-types';
import type { AppEnv } from './deps';
import { dependencyFailure } from './lib/dependency';
import { ApiError } from '../core/errors';
import { statusPage } from './routes/status-page';

/**
 * The app's one error handler. ApiErrors become `{"error":{code,message}}` with their status;
 * anything else is logged with its stack and answered with a bare 500, never its internals.
 * On a share's origin the answer is an HTML page instead of JSON.
 */
export function handleError(err: Error, c: Context<AppEnv>): Response {
  const deps = c.get('deps');
  const requestId = c.get('requestId');
  const outage = dependencyFailure(err, deps?.db.isOutage);
  if (outage) {
    deps?.log.error('dependency_unavailable', { requestId, part: outage.part, message: outage.message, stack: err.stack, method: c.req.method, url: c.req.url });
    if (c.get('hostKind') === 'content') return withRetry(statusPage('unavailable', 503));
    const body: ApiErrorBody = { error: { code: 'unavailable', message: `The service is temporarily unavailable (${outage.part}). Please try again in a moment.`, requestId } };
    return withRetry(c.json(body, 503));
  }
  if (c.get('hostKind') === 'content') {
    deps?.log.error('content_error', { requestId, message: err.message, stack: err.stack, url: c.req.url });
    return statusPage('error', 500);
  }
  if (err instanceof ApiError) {
    const body: ApiErrorBody = { error: { code: err.code, message: err.message, requestId, ...(err.details === undefined ? {} : { details: err.details }) } };
    return c.json(body, err.status, err.headers);
  }
  deps?.log.error('unhandled_error', { requestId, message: err.message, stack: err.stack, method: c.req.method, url: c.req.url });
  const body: ApiErrorBody = { error: { code: 'internal', message: 'Something went wrong on our side. Please try again.', requestId } };
  return c.json(body, 500);
}

export function apiNotFound(c: Context<AppEnv>): Response {
  const body: ApiErrorBody = { error: { code: 'not_found', message: `No API route for ${c.req.method} ${new URL(c.req.url).pathname}.`, requestId: c.get('requestId') } };
  return c.json(body, 404);
}

function withRetry(res: Response): Response {
  res.headers.set('Retry-After', '5');
  return res;
}
