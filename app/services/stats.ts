import { and, desc, eq, gte, sql } from 'drizzle-orm';
import type { ShareStats } from '../../core/api-types';
import type { Orm } from '../db/client';
import { viewDays, viewReferrers } from '../db/schema';
import { utcDay } from '../lib/view-filter';

const DAY_MS = 86_400_000;
export const STATS_DAYS = 30;
export const TOP_REFERRERS = 10;

/** All-time page views and the last view, from the daily rows (which are never deleted). */
export async function viewTotals(orm: Orm, shareId: string): Promise<{ views: number; lastViewedAt: number | null }> {
  const [row] = await orm.select({ views: sql<number>`coalesce(sum(${viewDays.views}), 0)`, last: sql<number | null>`max(${viewDays.lastViewedAt})` })
    .from(viewDays).where(eq(viewDays.shareId, shareId));
  return { views: Number(row?.views ?? 0), lastViewedAt: row?.last === null || row?.last === undefined ? null : Number(row.last) };
}

/** `GET /api/shares/:id/stats`: totals, the last 30 UTC days (days without views included as 0) and top referrer hosts. */
export async function shareStats(orm: Orm, shareId: string, now: number): Promise<ShareStats> {
  const first = utcDay(now - (STATS_DAYS - 1) * DAY_MS);
  const [totals, rows, referrers] = await Promise.all([
    viewTotals(orm, shareId),
    orm.select().from(viewDays).where(and(eq(viewDays.shareId, shareId), gte(viewDays.day, first))),
    orm.select({ host: viewReferrers.host, views: viewReferrers.views }).from(viewReferrers)
      .where(eq(viewReferrers.shareId, shareId)).orderBy(desc(viewReferrers.views), viewReferrers.host).limit(TOP_REFERRERS),
  ]);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const days = Array.from({ length: STATS_DAYS }, (_, i) => {
    const day = utcDay(now - (STATS_DAYS - 1 - i) * DAY_MS);
    const r = byDay.get(day);
    return { day, views: r?.views ?? 0, uniqueVisitors: r?.uniqueVisitors ?? 0 };
  });
  return {
    id: shareId, views: totals.views,
    lastViewedAt: totals.lastViewedAt === null ? null : new Date(totals.lastViewedAt).toISOString(),
    days, topReferrers: referrers,
  };
}
