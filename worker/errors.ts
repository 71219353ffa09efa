import type { Context } from 'hono';
import type { ApiErrorBody } from './api-types';
import type { AppEnv } from './deps';
import { ApiError } from './lib/errors';
import { statusPage } from './routes/content';

/**
 * The app's one error handler. ApiErrors become `{"error":{code,message}}` with their status;
 * anything else is logged with its stack and answered with a bare 500, never its internals.
 * On a share's origin the answer is an HTML page instead of JSON.
 */
export function handleError(err: Error, c: Context<AppEnv>): Response {
  const deps = c.get('deps');
  if (c.get('hostKind') === 'content') {
    deps?.log.error('content_error', { message: err.message, stack: err.stack, url: c.req.url });
    return statusPage('error', 500);
  }
  if (err instanceof ApiError) {
    const body: ApiErrorBody = { error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) } };
    return c.json(body, err.status, err.headers);
  }
  deps?.log.error('unhandled_error', { message: err.message, stack: err.stack, method: c.req.method, url: c.req.url });
  const body: ApiErrorBody = { error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } };
  return c.json(body, 500);
}

export function apiNotFound(c: Context<AppEnv>): Response {
  const body: ApiErrorBody = { error: { code: 'not_found', message: `No API route for ${c.req.method} ${new URL(c.req.url).pathname}.` } };
  return c.json(body, 404);
}
