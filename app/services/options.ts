import type { PublishRequest } from '../../core/api-types';
import type { Deps } from '../deps';
import { badRequest } from '../../core/errors';
import { parseMaxViews, resolveExpiry } from '../../core/expiry';
import { hashPassword, validPassword } from '../lib/password';
import { spendPasswordHash } from './budgets';
import { unlockSecret } from './secret';
import { allowSetting } from './allowlist';

/** Lifecycle settings of a share, as columns; a field left undefined is not changed by an update. */
export interface ShareSettings {
  expiresAt?: number | null;
  maxViews?: number | null;
  passwordHash?: string | null;
  /** The allowlist as stored (`shares.allow_list`): null for none. */
  allowList?: string | null;
  /** Raised when an update removes an entry, ending every viewer cookie issued before. */
  allowVersion?: number;
  /** Viewer feedback (issue 16); undefined on an update keeps it. */
  feedback?: boolean;
  /** Live updates only; undefined on an update keeps it. */
  live?: boolean;
}

/** Who asks for the settings: `clientIp` (deps.clientIp) and, for an update, the share, count the password hash. */
export interface SettingsRequest {
  keyed: boolean;
  isUpdate: boolean;
  clientIp: string | null;
  shareId: string | null;
  /** On an update, the share as it is now (its allowlist and version). */
  current?: { allowList: string | null; allowVersion: number };
}

/**
 * Reads `expires`, `maxViews`, `password`, `allow`, `feedback` and `live` from a publish or update request. A first publish
 * always gets an expiry (the server's default when none is asked for); an update changes only
 * what it names, and an expiry it names counts from now. Everything is validated before any
 * byte is stored, and a password is hashed only within its budget (`spendPasswordHash`: 429).
 */
export async function readShareSettings(deps: Deps, body: Partial<PublishRequest>, opts: SettingsRequest): Promise<ShareSettings> {
  const out: ShareSettings = {};
  const now = deps.clock.now();
  if (body.expires !== undefined || !opts.isUpdate) out.expiresAt = resolveExpiry(body.expires, deps.config.expiry, opts.keyed, now);
  if (body.maxViews !== undefined) out.maxViews = parseMaxViews(body.maxViews);
  for (const flag of ['feedback', 'live'] as const) {
    const value = body[flag];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') throw badRequest('invalid_manifest', `"${flag}" must be true or false.`);
    out[flag] = value;
  }
  if (body.allow !== undefined) Object.assign(out, allowSetting(body.allow, opts.current));
  // A password or an allowlist needs the cookie secret: without it, refused before anything is stored.
  if ((body.password !== undefined && body.password !== null) || (out.allowList !== undefined && out.allowList !== null)) await unlockSecret(deps);
  if (body.password === null) out.passwordHash = null;
  else if (body.password !== undefined) {
    const password = validPassword(body.password);
    await spendPasswordHash(deps, opts.clientIp, opts.shareId);
    out.passwordHash = await hashPassword(password);
  }
  return out;
}
