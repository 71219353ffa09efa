import type { ShareStats } from '../../core/api-types';
import { topReferrers, viewDaysFrom, viewTotals } from '../db/stats';
import type { Deps } from '../deps';
import { isoTime } from '../lib/time';
import { utcDay } from '../lib/view-filter';
import { viewerStatuses } from './allowlist';

const DAY_MS = 86_400_000;
export const STATS_DAYS = 30;
export const TOP_REFERRERS = 10;

/** `GET /api/shares/:id/stats`: totals, the last 30 UTC days (days without views included as 0), top referrer hosts and, for an allowlisted link, each person's status. */
export async function shareStats(deps: Deps, shareId: string): Promise<ShareStats> {
  const now = deps.clock.now();
  const first = utcDay(now - (STATS_DAYS - 1) * DAY_MS);
  const [totals, rows, referrers, viewers] = await Promise.all([
    viewTotals(deps.db, shareId),
    viewDaysFrom(deps.db, shareId, first),
    topReferrers(deps.db, shareId, TOP_REFERRERS),
    viewerStatuses(deps, shareId),
  ]);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const days = Array.from({ length: STATS_DAYS }, (_, i) => {
    const day = utcDay(now - (STATS_DAYS - 1 - i) * DAY_MS);
    const r = byDay.get(day);
    return { day, views: r?.views ?? 0, uniqueVisitors: r?.uniqueVisitors ?? 0 };
  });
  return {
    id: shareId, views: totals.views,
    lastViewedAt: isoTime(totals.lastViewedAt),
    days, topReferrers: referrers,
    ...(viewers ? { viewers } : {}),
  };
}
