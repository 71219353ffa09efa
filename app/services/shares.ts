import type { PublishRequest, ShareInfo, ShareList, UpdateRequest, UploadPlan } from '../../core/api-types';
import { ApiError, badRequest } from '../../core/errors';
import { validateManifest } from '../../core/manifest';
import { findShare, sharesOfApiKey, type ShareRow } from '../db/shares';
import type { Deps } from '../deps';
import { requestApiKey } from './auth';
import { readShareSettings } from './options';
import { createShare, createVersion, planVersion } from './publish';
import { endAndPurge } from './purge';
import { enforcePerClient, hit, rateLimited } from './rate-limit';
import { currentShareInfo, shareInfo } from './share-info';

/**
 * Who may publish: with REQUIRE_API_KEY only key holders; anonymous publishes are limited per
 * client IP (`deps.clientIp`), keyed ones per key. Returns the key's id to record on the share.
 */
export async function admitPublisher(deps: Deps, token: string | null, clientIp: string | null): Promise<string | null> {
  const key = await requestApiKey(deps, token);
  const { rateLimits } = deps.config;
  if (key) {
    const r = await hit(deps, `publish-key:${key.id}`, rateLimits.keyedPublishes, rateLimits.windowMs);
    if (!r.ok) throw rateLimited('publishes with this API key', r.retryAfter);
    return key.id;
  }
  if (deps.config.requireApiKey) throw new ApiError(401, 'api_key_required', 'This server publishes only with an API key (Authorization: Bearer shk_…); ask its operator for one.');
  await enforcePerClient(deps, clientIp, 'publish', rateLimits.publishes, 'publishes from your address');
  return null;
}

/** Step 1 of a manifest publish: checks the manifest and settings, then plans the upload. `clientIp` counts a password hash. */
export async function publishManifest(deps: Deps, requestUrl: string, body: unknown, apiKeyId: string | null, clientIp: string | null): Promise<UploadPlan> {
  const manifest = validateManifest(body, deps.config.limits);
  const settings = await readShareSettings(deps, body as Partial<PublishRequest>, { keyed: apiKeyId !== null, isUpdate: false, clientIp, shareId: null });
  return createShare(deps, requestUrl, manifest, settings, apiKeyId);
}

/**
 * Step 1 of an update of an owned share (already admitted by `admitUpdate`): a new pending
 * version, plus any settings the update names. Every check that can refuse it runs before a
 * password is hashed. `clientIp` counts that hash.
 */
export async function updateManifest(deps: Deps, requestUrl: string, share: ShareRow, body: Partial<UpdateRequest>, clientIp: string | null): Promise<UploadPlan> {
  const manifest = validateManifest(body, deps.config.limits);
  const base = body.baseVersion === undefined ? undefined : Number(body.baseVersion);
  const slot = await planVersion(deps, share, manifest, base, body.force === true);
  const settings = await readShareSettings(deps, body, { keyed: share.apiKeyId !== null, isUpdate: true, clientIp, shareId: share.id, current: share });
  return createVersion(deps, requestUrl, share, manifest, slot, settings);
}

/** The links an API key created, newest first, from any machine; 401 without a key. */
export async function listSharesOfKey(deps: Deps, requestUrl: string, token: string | null): Promise<ShareList> {
  const key = await requestApiKey(deps, token);
  if (!key) throw new ApiError(401, 'api_key_required', 'Listing links needs an API key (Authorization: Bearer shk_…); links made without one are listed by the CLI from its state file.');
  const rows = await sharesOfApiKey(deps.db, key.id);
  return { shares: await Promise.all(rows.filter((r) => r.state !== 'pending').map((r) => shareInfo(deps, requestUrl, r))) };
}

/** The owner takes a share back: 410 on every URL from the next request, its objects deleted. Again is a no-op. */
export async function revokeShare(deps: Deps, requestUrl: string, share: ShareRow): Promise<ShareInfo> {
  if (share.state === 'revoked') return shareInfo(deps, requestUrl, share);
  if (share.state !== 'live' && share.state !== 'pending') throw new ApiError(410, 'gone', `This share was already ${share.state}.`);
  await endAndPurge(deps, share.id, 'revoked');
  return currentShareInfo(deps, requestUrl, share.id);
}

/** An operator takes a share down: 451 on every URL from the next request, its objects deleted, the reason kept. */
export async function takeDownShare(deps: Deps, requestUrl: string, id: string, rawReason: unknown): Promise<ShareInfo & { reason: string }> {
  const reason = typeof rawReason === 'string' ? rawReason.trim() : '';
  if (!reason || reason.length > 1000) throw badRequest('invalid_reason', 'A takedown needs a "reason" of 1 to 1000 characters.');
  if (!(await findShare(deps.db, id))) throw new ApiError(404, 'not_found', 'No share with that id.');
  await endAndPurge(deps, id, 'taken_down', reason);
  deps.log.info('takedown', { shareId: id, reason });
  return { ...(await currentShareInfo(deps, requestUrl, id)), reason };
}
