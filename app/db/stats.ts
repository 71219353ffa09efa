import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Database, Statement } from './client';
import { viewDays, viewReferrers, viewVisitors } from './schema';

/** The view-stats tables: `view_days`, `view_visitors`, `view_referrers`. */
export type ViewDayRow = typeof viewDays.$inferSelect;

/** D1 binds at most 100 parameters per statement: 3 per visitor row. */
const VISITORS_PER_INSERT = 33;

/** All-time page views and the last view, from the daily rows (which are never deleted). */
export async function viewTotals(db: Database, shareId: string): Promise<{ views: number; lastViewedAt: number | null }> {
  const [row] = await db.orm.select({ views: sql<number>`coalesce(sum(${viewDays.views}), 0)`, last: sql<number | null>`max(${viewDays.lastViewedAt})` })
    .from(viewDays).where(eq(viewDays.shareId, shareId));
  return { views: Number(row?.views ?? 0), lastViewedAt: row?.last === null || row?.last === undefined ? null : Number(row.last) };
}

/** A share's daily rows from `firstDay` (`YYYY-MM-DD`) on. */
export async function viewDaysFrom(db: Database, shareId: string, firstDay: string): Promise<ViewDayRow[]> {
  return db.orm.select().from(viewDays).where(and(eq(viewDays.shareId, shareId), gte(viewDays.day, firstDay)));
}

/** The `limit` Referer hosts with the most views, ties by host name. */
export async function topReferrers(db: Database, shareId: string, limit: number): Promise<{ host: string; views: number }[]> {
  return db.orm.select({ host: viewReferrers.host, views: viewReferrers.views }).from(viewReferrers)
    .where(eq(viewReferrers.shareId, shareId)).orderBy(desc(viewReferrers.views), viewReferrers.host).limit(limit);
}

/** One share's views on one UTC day, as a batch adds them. */
export interface DayViews {
  shareId: string;
  day: string;
  views: number;
  /** Latest view of the batch, epoch ms. */
  last: number;
  /** The day's visitor hashes seen in the batch (new or not: the insert skips known ones). */
  visitors: string[];
}

export interface ReferrerViews {
  shareId: string;
  host: string;
  views: number;
}

/**
 * The statements that add a batch of views: per share and day one upsert, then the new visitor
 * hashes and their count; per referrer one upsert. Run them with `db.commit`, in this order.
 */
export function addViewsStatements(db: Database, days: DayViews[], referrers: ReferrerViews[]): Statement[] {
  const { orm } = db;
  const statements: Statement[] = [];
  for (const d of days) {
    statements.push(orm.insert(viewDays).values({ shareId: d.shareId, day: d.day, views: d.views, uniqueVisitors: 0, lastViewedAt: d.last })
      .onConflictDoUpdate({ target: [viewDays.shareId, viewDays.day], set: { views: sql`${viewDays.views} + excluded.views`, lastViewedAt: sql`max(${viewDays.lastViewedAt}, excluded.last_viewed_at)` } }));
    for (let i = 0; i < d.visitors.length; i += VISITORS_PER_INSERT) {
      statements.push(orm.insert(viewVisitors).values(d.visitors.slice(i, i + VISITORS_PER_INSERT).map((visitor) => ({ shareId: d.shareId, day: d.day, visitor }))).onConflictDoNothing());
      // changes() is the number of hashes the insert just above added (new visitors today): the
      // batch runs in order on one connection, so this costs one row, not a recount of the day.
      statements.push(orm.update(viewDays).set({ uniqueVisitors: sql`${viewDays.uniqueVisitors} + changes()` })
        .where(sql`${viewDays.shareId} = ${d.shareId} and ${viewDays.day} = ${d.day}`));
    }
  }
  for (const r of referrers) {
    statements.push(orm.insert(viewReferrers).values(r)
      .onConflictDoUpdate({ target: [viewReferrers.shareId, viewReferrers.host], set: { views: sql`${viewReferrers.views} + excluded.views` } }));
  }
  return statements;
}

/** Deletes visitor hashes of days before `day`; returns how many rows went. */
export async function deleteVisitorsBefore(db: Database, day: string): Promise<number> {
  return (await db.orm.delete(viewVisitors).where(lt(viewVisitors.day, day)).returning({ day: viewVisitors.day })).length;
}
