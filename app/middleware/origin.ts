import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../deps';
import { ApiError } from '../../core/errors';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origins the app itself is served from, as a browser would name them in an Origin header. */
export function appOrigins(requestUrl: string, config: { appHost: string | null; publicScheme: string | null }): Set<string> {
  const url = new URL(requestUrl);
  const origins = new Set([url.origin]);
  if (config.publicScheme) origins.add(`${config.publicScheme}://${url.host}`);
  if (config.appHost) origins.add(`${config.publicScheme ?? url.protocol.replace(/:$/, '')}://${config.appHost}`);
  return origins;
}

/**
 * Refuses state-changing API calls that a browser sends from another origin — a share's page, or
 * any other site — so a page cannot drive the API with a visitor's browser. Requests without an
 * Origin header (the CLI, curl, server-to-server) are allowed: they carry their own owner token and
 * no ambient credentials, so there is nothing to forge. `Origin: null` counts as foreign.
 */
export const sameOriginWrites: MiddlewareHandler<AppEnv> = async (c, next) => {
  const origin = c.req.header('origin');
  if (origin !== undefined && !SAFE.has(c.req.method) && !appOrigins(c.req.url, c.get('deps').config).has(origin.toLowerCase())) {
    throw new ApiError(403, 'origin_not_allowed', 'Changes can only be made from this service\'s own pages or from tools that send no Origin header.');
  }
  await next();
};
