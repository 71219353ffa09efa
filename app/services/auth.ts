import type { Context } from 'hono';
import type { AppEnv } from '../deps';
import { clientKey, counted, hit, rateLimited } from './rate-limit';
import type { ShareRow } from '../db/queries';
import { getShare } from '../db/queries';
import { constantTimeEqual, sha256Hex } from '../lib/crypto';
import { ApiError } from '../../core/errors';
import { API_KEY_PREFIX, findApiKey, type ApiKeyRow } from './api-keys';

/** The `Authorization: Bearer` secret: an owner token, an API key (`shk_…`) or the admin token. */
export function bearer(c: Context<AppEnv>): string | null {
  const header = c.req.header('authorization');
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match ? match[1] : null;
}

/** The API key the request carries, if it carries one (a wrong or revoked key is a 401, not anonymous). */
export async function requestApiKey(c: Context<AppEnv>): Promise<ApiKeyRow | null> {
  const token = bearer(c);
  if (!token?.startsWith(API_KEY_PREFIX)) return null;
  return findApiKey(c.get('deps'), token);
}

/**
 * Loads a share and proves the caller may manage it: its owner token, or the API key that created
 * it. Secrets are hashed and compared in constant time; a missing share is 404 before any check
 * can tell a prober anything else.
 */
export async function ownedShare(c: Context<AppEnv>, id: string, opts: { allowEnded?: boolean } = {}): Promise<ShareRow> {
  const { db } = c.get('deps');
  const share = await getShare(db.orm, id);
  if (!share) throw new ApiError(404, 'not_found', 'No share with that id.');
  const token = bearer(c);
  if (!token) throw new ApiError(401, 'unauthorized', 'This needs the owner token or the API key that created the share (Authorization: Bearer <secret>).');
  if (token.startsWith(API_KEY_PREFIX)) {
    const key = await findApiKey(c.get('deps'), token);
    if (share.apiKeyId === null || !constantTimeEqual(key.id, share.apiKeyId)) throw new ApiError(403, 'forbidden', 'That API key did not create this share.');
  } else if (!constantTimeEqual(await sha256Hex(token), share.ownerTokenHash)) {
    throw new ApiError(403, 'forbidden', 'That token does not own this share.');
  }
  if (!opts.allowEnded && share.state !== 'live' && share.state !== 'pending') {
    throw new ApiError(410, 'gone', `This share was ${share.state === 'taken_down' ? 'taken down' : share.state}.`);
  }
  // Past its expiry a link is gone for visitors at once; updating it must not quietly bring it back.
  if (!opts.allowEnded && share.expiresAt !== null && share.expiresAt <= c.get('deps').clock.now()) {
    throw new ApiError(410, 'gone', 'This share has expired.');
  }
  return share;
}

/** Operator routes: `Authorization: Bearer <ADMIN_TOKEN>`. Without a configured token they do not exist. */
export async function requireAdmin(c: Context<AppEnv>): Promise<void> {
  const deps = c.get('deps');
  const expected = deps.config.adminToken;
  if (!expected) throw new ApiError(404, 'not_found', 'Admin routes are disabled: set the ADMIN_TOKEN secret to enable them.');
  const token = bearer(c);
  if (!token) throw new ApiError(401, 'unauthorized', 'This needs the admin token (Authorization: Bearer <ADMIN_TOKEN>).');
  // Wrong guesses are counted per client; past the limit every attempt is refused before the
  // compare, so a right guess cannot be told from a wrong one until the window resets.
  const client = await clientKey(deps, c.req.raw);
  const bucket = `admin-fail:${client ?? 'unknown'}`;
  const { adminFailures, windowMs } = deps.config.rateLimits;
  const before = await counted(deps, bucket, windowMs);
  if (before.count >= adminFailures) throw rateLimited('wrong admin tokens from your address', before.retryAfter);
  if (!constantTimeEqual(await sha256Hex(token), await sha256Hex(expected))) {
    await hit(deps, bucket, adminFailures, windowMs);
    throw new ApiError(403, 'forbidden', 'That is not the admin token.');
  }
}
