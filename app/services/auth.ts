import { findShare, type ShareRow } from '../db/shares';
import type { Deps } from '../deps';
import { clientKey, counted, hit, rateLimited } from './rate-limit';
import { sha256Hex } from '../../core/hash';
import { constantTimeEqual } from '../lib/crypto';
import { ApiError } from '../../core/errors';
import { API_KEY_PREFIX, findApiKey, type ApiKeyRow } from './api-keys';

/**
 * The secret of an `Authorization: Bearer <secret>` header (RFC 6750 §2.1): an owner token, an
 * API key (`shk_…`) or the admin token. Null when the header is absent or not a bearer.
 */
export function bearerToken(authorization: string | undefined | null): string | null {
  const match = authorization?.match(/^Bearer\s+(\S+)$/i);
  return match ? match[1] : null;
}

/** The API key a bearer secret names, if it is one (a wrong or revoked key is a 401, not anonymous). */
export async function requestApiKey(deps: Deps, token: string | null): Promise<ApiKeyRow | null> {
  if (!token?.startsWith(API_KEY_PREFIX)) return null;
  return findApiKey(deps, token);
}

/**
 * Loads a share and proves the caller (by its bearer secret) may manage it: its owner token, or
 * the API key that created it. Secrets are hashed and compared in constant time; a missing share
 * is 404 before any check can tell a prober anything else.
 */
export async function ownedShare(deps: Deps, id: string, token: string | null, opts: { allowEnded?: boolean } = {}): Promise<ShareRow> {
  const share = await findShare(deps.db, id);
  if (!share) throw new ApiError(404, 'not_found', 'No share with that id.');
  if (!token) throw new ApiError(401, 'unauthorized', 'This needs the owner token or the API key that created the share (Authorization: Bearer <secret>).');
  if (token.startsWith(API_KEY_PREFIX)) {
    const key = await findApiKey(deps, token);
    if (share.apiKeyId === null || !constantTimeEqual(key.id, share.apiKeyId)) throw new ApiError(403, 'forbidden', 'That API key did not create this share.');
  } else if (!constantTimeEqual(await sha256Hex(token), share.ownerTokenHash)) {
    throw new ApiError(403, 'forbidden', 'That token does not own this share.');
  }
  if (!opts.allowEnded && share.state !== 'live' && share.state !== 'pending') {
    throw new ApiError(410, 'gone', `This share was ${share.state === 'taken_down' ? 'taken down' : share.state}.`);
  }
  // Past its expiry a link is gone for visitors at once; updating it must not quietly bring it back.
  if (!opts.allowEnded && share.expiresAt !== null && share.expiresAt <= deps.clock.now()) {
    throw new ApiError(410, 'gone', 'This share has expired.');
  }
  // A link whose views are used up is over for visitors too (its expiry is only a minute away).
  if (!opts.allowEnded && share.maxViews !== null && share.viewCount >= share.maxViews) {
    throw new ApiError(410, 'gone', 'This share has used all its views.');
  }
  return share;
}

/**
 * Operator routes: `Authorization: Bearer <ADMIN_TOKEN>`. Without a configured token they do not
 * exist. `ip` is the client's (deps.clientIp), for counting wrong guesses. Errors: 404, 401, 403, 429.
 */
export async function requireAdmin(deps: Deps, token: string | null, ip: string | null): Promise<void> {
  const expected = deps.config.adminToken;
  if (!expected) throw new ApiError(404, 'not_found', 'Admin routes are disabled: set the ADMIN_TOKEN secret to enable them.');
  if (!token) throw new ApiError(401, 'unauthorized', 'This needs the admin token (Authorization: Bearer <ADMIN_TOKEN>).');
  // Wrong guesses are counted per client; past the limit every attempt is refused before the
  // compare, so a right guess cannot be told from a wrong one until the window resets.
  const client = await clientKey(deps, ip);
  const bucket = `admin-fail:${client ?? 'unknown'}`;
  const { adminFailures, windowMs } = deps.config.rateLimits;
  const before = await counted(deps, bucket, windowMs);
  if (before.count >= adminFailures) throw rateLimited('wrong admin tokens from your address', before.retryAfter);
  if (!constantTimeEqual(await sha256Hex(token), await sha256Hex(expected))) {
    await hit(deps, bucket, adminFailures, windowMs);
    throw new ApiError(403, 'forbidden', 'That is not the admin token.');
  }
}
