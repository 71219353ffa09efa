import type { Context } from 'hono';
import type { ShareInfo } from '../../core/api-types';
import { getVersion, type ShareRow } from '../db/queries';
import type { AppEnv } from '../deps';
import { shareOrigin } from '../lib/hosts';
import { viewTotals } from './stats';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A share as the API shows it to its owner (never its secrets). */
export async function shareInfo(c: Context<AppEnv>, share: ShareRow): Promise<ShareInfo> {
  const deps = c.get('deps');
  const [version, totals] = await Promise.all([
    share.currentVersion ? getVersion(deps.db.orm, share.id, share.currentVersion) : undefined,
    viewTotals(deps.db.orm, share.id),
  ]);
  return {
    id: share.id, url: `${shareOrigin(share.id, c.req.url, deps.config)}/`, state: share.state, version: share.currentVersion,
    title: share.title, createdAt: iso(share.createdAt)!, updatedAt: iso(share.updatedAt)!, expiresAt: iso(share.expiresAt),
    files: version?.fileCount ?? 0, bytes: version?.bytes ?? 0,
    maxViews: share.maxViews, views: share.maxViews !== null ? share.viewCount : totals.views,
    lastViewedAt: iso(totals.lastViewedAt), passwordProtected: share.passwordHash !== null,
  };
}
