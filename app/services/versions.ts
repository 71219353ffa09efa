import type { ShareInfo, VersionList } from '../../core/api-types';
import { ApiError, badRequest } from '../../core/errors';
import { moveCurrentVersion, type ShareRow } from '../db/shares';
import { findVersion, previousCompleteVersion, versionsOf } from '../db/versions';
import type { Deps } from '../deps';
import { isoTime } from '../lib/time';
import { currentShareInfo, shareInfo } from './share-info';

/** `GET /api/shares/:id/versions`: a share's versions, newest first, the current one marked. */
export async function listVersions(deps: Deps, share: ShareRow): Promise<VersionList> {
  const rows = await versionsOf(deps.db, share.id);
  return {
    id: share.id,
    state: share.state,
    current: share.currentVersion,
    versions: rows.map((v) => ({
      number: v.number, state: v.state, createdAt: isoTime(v.createdAt), files: v.fileCount, bytes: v.bytes, current: v.number === share.currentVersion,
    })),
  };
}

/**
 * Makes an earlier complete version current again in one statement: the share moves only if the
 * target version exists and is complete, so a visitor sees either the old current or the target.
 * Without `to` (undefined or null), it goes back to the newest complete version before the current one.
 */
export async function rollback(deps: Deps, requestUrl: string, share: ShareRow, rawTo: unknown): Promise<ShareInfo> {
  const current = share.currentVersion;
  if (current === null) throw new ApiError(409, 'nothing_to_roll_back', 'This share has no published version yet.');
  let to: number;
  if (rawTo === undefined || rawTo === null) {
    const previous = await previousCompleteVersion(deps.db, share.id, current);
    if (previous === undefined) throw new ApiError(409, 'nothing_to_roll_back', `Version ${current} is the oldest version kept; there is nothing earlier to go back to.`);
    to = previous;
  } else {
    to = Number(rawTo);
    if (!Number.isSafeInteger(to) || to < 1) throw badRequest('invalid_version', '"to" must be a version number.');
  }
  if (to === current) return shareInfo(deps, requestUrl, share);
  if (!(await moveCurrentVersion(deps.db, share.id, current, to, deps.clock.now()))) {
    const target = await findVersion(deps.db, share.id, to);
    if (!target || target.state !== 'complete') throw new ApiError(404, 'version_not_found', `Version ${to} of this share does not exist (or is no longer kept).`);
    throw new ApiError(409, 'version_conflict', 'This share changed while rolling back; try again.');
  }
  return currentShareInfo(deps, requestUrl, share.id);
}
