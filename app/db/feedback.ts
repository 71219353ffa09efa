import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database, Statement } from './client';
import { feedbackComments, feedbackErrors, feedbackMissing, feedbackReplies, files, shares } from './schema';

/** The feedback tables of issue 16: error groups and missing paths here, comments in db/comments.ts. */
export type ErrorGroupRow = typeof feedbackErrors.$inferSelect;
export type MissingRow = typeof feedbackMissing.$inferSelect;

/** Missing paths of one share as a batch adds them. */
export interface MissingCount {
  shareId: string;
  path: string;
  count: number;
  first: number;
  last: number;
}

/**
 * Statements adding a batch of 404 counts: per path one update of an existing row, then an insert
 * that only happens while the share holds fewer than `cap` paths. At the cap new paths are
 * dropped and the counts of known ones keep growing.
 */
export function addMissingStatements(db: Database, rows: MissingCount[], cap: number): Statement[] {
  const { orm } = db;
  return rows.flatMap((r) => [
    orm.update(feedbackMissing).set({ count: sql`${feedbackMissing.count} + ${r.count}`, lastSeen: sql`max(${feedbackMissing.lastSeen}, ${r.last})` })
      .where(and(eq(feedbackMissing.shareId, r.shareId), eq(feedbackMissing.path, r.path))),
    orm.insert(feedbackMissing).select(sql`select ${r.shareId}, ${r.path}, ${r.count}, ${r.first}, ${r.last}
      where (select count(*) from ${feedbackMissing} where ${feedbackMissing.shareId} = ${r.shareId}) < ${cap}`).onConflictDoNothing(),
  ]);
}

/** One error group as one report adds to it (the reporting browser's family in `browser`). */
export interface ErrorCount {
  shareId: string;
  groupKey: string;
  kind: ErrorGroupRow['kind'];
  message: string;
  source: string | null;
  page: string;
  count: number;
  at: number;
  browser: string;
}

/** Browser families kept per error group. */
const MAX_BROWSERS = 12;

/**
 * Statements adding one report's error groups, like `addMissingStatements`: known groups count
 * on (and learn the browser family, up to a dozen), new ones are inserted only below `cap`.
 */
export function addErrorStatements(db: Database, rows: ErrorCount[], cap: number): Statement[] {
  const { orm } = db;
  const nl = sql`char(10)`;
  return rows.flatMap((r) => [
    orm.update(feedbackErrors).set({
      count: sql`${feedbackErrors.count} + ${r.count}`, lastSeen: sql`max(${feedbackErrors.lastSeen}, ${r.at})`,
      browsers: sql`case when instr(${nl} || ${feedbackErrors.browsers} || ${nl}, ${nl} || ${r.browser} || ${nl}) > 0
        or length(${feedbackErrors.browsers}) - length(replace(${feedbackErrors.browsers}, ${nl}, '')) >= ${MAX_BROWSERS - 1}
        then ${feedbackErrors.browsers} else ${feedbackErrors.browsers} || ${nl} || ${r.browser} end`,
    }).where(and(eq(feedbackErrors.shareId, r.shareId), eq(feedbackErrors.groupKey, r.groupKey))),
    orm.insert(feedbackErrors).select(sql`select ${r.shareId}, ${r.groupKey}, ${r.kind}, ${r.message}, ${r.source}, ${r.page}, ${r.count}, ${r.at}, ${r.at}, ${r.browser}
      where (select count(*) from ${feedbackErrors} where ${feedbackErrors.shareId} = ${r.shareId}) < ${cap}`).onConflictDoNothing(),
  ]);
}

/** A share's error groups, most recently seen first. */
export async function errorGroupsOf(db: Database, shareId: string, limit: number): Promise<ErrorGroupRow[]> {
  return db.orm.select().from(feedbackErrors).where(eq(feedbackErrors.shareId, shareId)).orderBy(desc(feedbackErrors.lastSeen)).limit(limit);
}

/**
 * A share's missing paths that its current version still does not hold (a path the bundle now
 * has, `/x` for file `x`, is left out), most asked for first; and how many paths are stored in all.
 */
export async function missingPathsOf(db: Database, shareId: string, limit: number): Promise<{ rows: MissingRow[]; stored: number }> {
  const { orm } = db;
  const [rows, [total]] = await Promise.all([
    orm.select().from(feedbackMissing).where(and(eq(feedbackMissing.shareId, shareId), sql`not exists (
      select 1 from ${files} join ${shares} on ${shares.id} = ${files.shareId}
      where ${files.shareId} = ${shareId} and ${files.version} = ${shares.currentVersion} and '/' || ${files.path} = ${feedbackMissing.path})`))
      .orderBy(desc(feedbackMissing.count), feedbackMissing.path).limit(limit),
    orm.select({ n: sql<number>`count(*)` }).from(feedbackMissing).where(eq(feedbackMissing.shareId, shareId)),
  ]);
  return { rows, stored: Number(total?.n ?? 0) };
}

/** How many error groups a share holds (for its `capped` note). */
export async function errorGroupCount(db: Database, shareId: string): Promise<number> {
  const [row] = await db.orm.select({ n: sql<number>`count(*)` }).from(feedbackErrors).where(eq(feedbackErrors.shareId, shareId));
  return Number(row?.n ?? 0);
}

/** Statements deleting everything viewers left on a share (the link ended). */
export function deleteFeedbackStatements(db: Database, shareId: string): Statement[] {
  const { orm } = db;
  return [
    orm.delete(feedbackErrors).where(eq(feedbackErrors.shareId, shareId)),
    orm.delete(feedbackMissing).where(eq(feedbackMissing.shareId, shareId)),
    orm.delete(feedbackReplies).where(eq(feedbackReplies.shareId, shareId)),
    orm.delete(feedbackComments).where(eq(feedbackComments.shareId, shareId)),
  ];
}
