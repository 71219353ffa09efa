import type { ShareRow } from '../db/shares';
import type { Deps } from '../deps';
import { API_KEY_PREFIX } from './api-keys';
import { enforcePerClient, hit, rateLimited } from './rate-limit';

/**
 * Counts an update (`POST /api/shares/:id/versions`) like a publish, before its manifest is read:
 * made with an API key, against that key (`RATE_LIMIT_KEYED_UPDATES`); made with the owner token,
 * against the client IP (`RATE_LIMIT_UPDATES`), so an address refused new publishes cannot keep
 * the server busy through a share it already holds. `share` is already authorised by `token`
 * (`ownedShare`), so a key bearer is the key that created it. There is no separate per-share
 * bucket: one owner token is one publisher, already counted here; what a share can hold is
 * bounded by MAX_PENDING_VERSIONS, and the hashing its updates can buy by PASSWORD_HASHES_PER_SHARE.
 * Errors: 429 `rate_limited` with Retry-After.
 */
export async function admitUpdate(deps: Deps, share: ShareRow, token: string | null, clientIp: string | null): Promise<void> {
  const { rateLimits } = deps.config;
  if (token?.startsWith(API_KEY_PREFIX) && share.apiKeyId) {
    const r = await hit(deps, `update-key:${share.apiKeyId}`, rateLimits.keyedUpdates, rateLimits.windowMs);
    if (!r.ok) throw rateLimited('updates with this API key', r.retryAfter);
    return;
  }
  await enforcePerClient(deps, clientIp, 'update', rateLimits.updates, 'updates from your address');
}

/**
 * Counts one password hash (PBKDF2, 100,000 iterations: tens of milliseconds of CPU that also
 * hold one of Node's few crypto threads) before it is computed: per client IP
 * (`PASSWORD_HASHES_PER_IP`) and, for an update, per share (`PASSWORD_HASHES_PER_SHARE`), per
 * rate-limit window. Setting a password is rare; without this, a loop of publishes or updates
 * that set one slows every visitor of the server. Verifying a typed password is bounded by the
 * password gate's own counters (services/password-attempts.ts). Errors: 429 `rate_limited`.
 */
export async function spendPasswordHash(deps: Deps, clientIp: string | null, shareId: string | null): Promise<void> {
  const { rateLimits } = deps.config;
  if (shareId) {
    const r = await hit(deps, `pwhash-share:${shareId}`, rateLimits.passwordHashesPerShare, rateLimits.windowMs);
    if (!r.ok) throw rateLimited('password changes on this link', r.retryAfter);
  }
  await enforcePerClient(deps, clientIp, 'pwhash', rateLimits.passwordHashesPerIp, 'passwords set from your address');
}
