import type { PublishRequest } from '../../core/api-types';
import type { Deps } from '../deps';
import { parseMaxViews, resolveExpiry } from '../../core/expiry';
import { hashPassword, validPassword } from '../lib/password';
import { unlockSecret } from './secret';

/** Lifecycle settings of a share, as columns; a field left undefined is not changed by an update. */
export interface ShareSettings {
  expiresAt?: number | null;
  maxViews?: number | null;
  passwordHash?: string | null;
}

/**
 * Reads `expires`, `maxViews` and `password` from a publish or update request. A first publish
 * always gets an expiry (the server's default when none is asked for); an update changes only
 * what it names, and an expiry it names counts from now. Everything is validated before any
 * byte is stored.
 */
export async function readShareSettings(deps: Deps, body: Partial<PublishRequest>, opts: { keyed: boolean; isUpdate: boolean }): Promise<ShareSettings> {
  const out: ShareSettings = {};
  const now = deps.clock.now();
  if (body.expires !== undefined || !opts.isUpdate) out.expiresAt = resolveExpiry(body.expires, deps.config.expiry, opts.keyed, now);
  if (body.maxViews !== undefined) out.maxViews = parseMaxViews(body.maxViews);
  if (body.password !== undefined && body.password !== null) await unlockSecret(deps);
  if (body.password !== undefined) out.passwordHash = body.password === null ? null : await hashPassword(validPassword(body.password));
  return out;
}
