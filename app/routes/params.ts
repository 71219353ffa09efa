import type { Context } from 'hono';
import { ApiError } from '../../core/errors';
import type { AppEnv } from '../deps';
import { SHARE_ID_PATTERN } from '../lib/ids';
import { bearerToken } from '../services/auth';

/** The `:id` path parameter as a share id; anything that cannot be one is a 404, like an unknown id. */
export function idParam(c: Context<AppEnv>): string {
  const id = c.req.param('id') ?? '';
  if (!SHARE_ID_PATTERN.test(id)) throw new ApiError(404, 'not_found', 'No share with that id.');
  return id;
}

/** The request's `Authorization: Bearer` secret, or null. */
export function bearer(c: Context<AppEnv>): string | null {
  return bearerToken(c.req.header('authorization'));
}
