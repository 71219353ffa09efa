import type { ShareInfo } from '../../core/api-types';
import { findShare, type ShareRow } from '../db/shares';
import { viewTotals } from '../db/stats';
import { findVersion } from '../db/versions';
import type { Deps } from '../deps';
import { shareOrigin } from '../lib/hosts';
import { isoTime } from '../lib/time';
import { allowOf } from './allowlist';

/**
 * A share as the API shows it to its owner (never its secrets). `requestUrl` is the URL the API
 * was called on: the link's scheme and port follow it (`shareOrigin`).
 */
export async function shareInfo(deps: Deps, requestUrl: string, share: ShareRow): Promise<ShareInfo> {
  const [version, totals] = await Promise.all([
    share.currentVersion ? findVersion(deps.db, share.id, share.currentVersion) : undefined,
    viewTotals(deps.db, share.id),
  ]);
  return {
    id: share.id, url: `${shareOrigin(share.id, requestUrl, deps.config)}/`, state: share.state, version: share.currentVersion,
    title: share.title, entry: version?.entry ?? null, createdAt: isoTime(share.createdAt), updatedAt: isoTime(share.updatedAt), expiresAt: isoTime(share.expiresAt),
    files: version?.fileCount ?? 0, bytes: version?.bytes ?? 0,
    maxViews: share.maxViews, views: share.maxViews !== null ? share.viewCount : totals.views,
    lastViewedAt: isoTime(totals.lastViewedAt), passwordProtected: share.passwordHash !== null,
    root: version?.root ?? null, spa: version?.spa ?? false,
    allow: allowOf(share),
    feedback: share.feedback, live: share.live || share.feedback,
  };
}

/** `shareInfo` of a share as it is now, read again after a change (the row must exist). */
export async function currentShareInfo(deps: Deps, requestUrl: string, shareId: string): Promise<ShareInfo> {
  return shareInfo(deps, requestUrl, (await findShare(deps.db, shareId))!);
}
