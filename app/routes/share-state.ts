import type { ServedRow } from '../db/versions';
import { withClearSiteData } from '../lib/content-guards';
import { statusPage } from './status-page';

/**
 * The answer of a share's origin when the share may not be served at all, from the serving read's
 * first row: 404 (unknown, pending, never published), 410 (revoked, expired), 451 (taken down);
 * null when it is live. Ended shares answer with Clear-Site-Data, whatever the path (a service
 * worker's update fetch, the feedback endpoints), so nothing of them outlives them in a browser.
 */
export function unservable(share: ServedRow | undefined, now: number): Response | null {
  if (!share || share.state === 'pending' || (share.state === 'live' && share.currentVersion === null)) return statusPage('not_found', 404);
  if (share.state === 'revoked') return withClearSiteData(statusPage('revoked', 410));
  if (share.state === 'expired' || (share.expiresAt !== null && share.expiresAt <= now)) return withClearSiteData(statusPage('expired', 410));
  if (share.state === 'taken_down') return withClearSiteData(statusPage('taken_down', 451));
  return null;
}
