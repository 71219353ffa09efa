import type { Context } from 'hono';
import type { AppEnv } from '../deps';
import type { ShareRow } from '../db/queries';
import { getShare } from '../db/queries';
import { constantTimeEqual, sha256Hex } from '../lib/crypto';
import { ApiError } from '../lib/errors';

function bearer(c: Context<AppEnv>): string | null {
  const header = c.req.header('authorization');
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match ? match[1] : null;
}

/**
 * Loads a share and proves the caller owns it. The token is hashed and compared in constant time
 * against the stored hash; a missing share is 404 and a revoked one 410, before any token check
 * can tell a prober anything else.
 */
export async function ownedShare(c: Context<AppEnv>, id: string, opts: { allowEnded?: boolean } = {}): Promise<ShareRow> {
  const { db } = c.get('deps');
  const share = await getShare(db.orm, id);
  if (!share) throw new ApiError(404, 'not_found', 'No share with that id.');
  const token = bearer(c);
  if (!token) throw new ApiError(401, 'unauthorized', 'This needs the owner token (Authorization: Bearer <token>).');
  if (!constantTimeEqual(await sha256Hex(token), share.ownerTokenHash)) throw new ApiError(403, 'forbidden', 'That token does not own this share.');
  if (!opts.allowEnded && share.state !== 'live' && share.state !== 'pending') {
    throw new ApiError(410, 'gone', `This share was ${share.state === 'taken_down' ? 'taken down' : share.state}.`);
  }
  return share;
}
