import { and, desc, eq, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Database, Statement } from './client';
import { deleteAllowRowsStatements, forgetUnlistedStatements } from './allow';
import { deleteFeedbackStatements } from './feedback';
import { files, shares, versions, type ShareState } from './schema';

export type { ShareState };

/** The `shares` table: one row per link, kept as a tombstone once it ends. */
export type ShareRow = typeof shares.$inferSelect;
export type NewShareRow = typeof shares.$inferInsert;

/** The lifecycle columns a publish or update may set; a field left undefined is not changed. */
export type ShareSettingColumns = Partial<Pick<NewShareRow, 'expiresAt' | 'maxViews' | 'passwordHash' | 'allowList' | 'allowVersion' | 'feedback' | 'live'>>;

export async function findShare(db: Database, id: string): Promise<ShareRow | undefined> {
  const rows = await db.orm.select().from(shares).where(eq(shares.id, id)).limit(1);
  return rows[0];
}

/** The shares an API key created, newest first (pending ones included; callers filter). */
export async function sharesOfApiKey(db: Database, apiKeyId: string, limit = 1000): Promise<ShareRow[]> {
  return db.orm.select().from(shares).where(eq(shares.apiKeyId, apiKeyId)).orderBy(desc(shares.createdAt)).limit(limit);
}

export function insertShareStatement(db: Database, row: NewShareRow): Statement {
  return db.orm.insert(shares).values(row);
}

/**
 * Statements applying an update's lifecycle settings; naming a view limit restarts the count, and
 * a new allowlist forgets the people it no longer lets in. None when the update names no setting.
 */
export function updateSettingsStatements(db: Database, shareId: string, settings: ShareSettingColumns, now: number): Statement[] {
  if (Object.keys(settings).length === 0) return [];
  const reset = settings.maxViews !== undefined ? { viewCount: 0 } : {};
  const update = db.orm.update(shares).set({ ...settings, ...reset, updatedAt: now }).where(eq(shares.id, shareId));
  return settings.allowList === undefined ? [update] : [update, ...forgetUnlistedStatements(db, shareId, settings.allowList)];
}

/** Marks a share gone in one write, so every URL of it answers 410 from the next request on; its files, versions, feedback, allowlist and viewers go with it. */
export async function endShare(db: Database, shareId: string, state: ShareState, now: number, reason?: string): Promise<void> {
  const { orm } = db;
  await db.commit([
    orm.update(shares).set({ state, revokedAt: now, updatedAt: now, currentVersion: null, allowList: null, ...(reason === undefined ? {} : { reason }) }).where(eq(shares.id, shareId)),
    ...deleteAllowRowsStatements(db, shareId),
    orm.delete(files).where(eq(files.shareId, shareId)),
    orm.delete(versions).where(eq(versions.shareId, shareId)),
    // What viewers left on it (errors, missing paths, comments) goes with it.
    ...deleteFeedbackStatements(db, shareId),
  ]);
}

/**
 * Moves a live share from version `from` to `to` in one statement, only if `to` exists and is
 * complete and nobody moved the share meanwhile. True when it moved.
 */
export async function moveCurrentVersion(db: Database, shareId: string, from: number, to: number, now: number): Promise<boolean> {
  // The link's title follows the version it shows.
  const title = sql`(select ${versions.title} from ${versions} where ${versions.shareId} = ${shareId} and ${versions.number} = ${to})`;
  const moved = await db.orm.update(shares).set({ currentVersion: to, title, updatedAt: now }).where(and(
    eq(shares.id, shareId), eq(shares.state, 'live'), eq(shares.currentVersion, from),
    sql`exists (select 1 from ${versions} where ${versions.shareId} = ${shareId} and ${versions.number} = ${to} and ${versions.state} = 'complete')`,
  )).returning({ id: shares.id });
  return moved.length === 1;
}

/** After the last allowed page view, the page's own assets stay reachable this long, then the link expires. */
export const LAST_VIEW_GRACE_MS = 60_000;

/**
 * Counts one page view of a share with a view limit, atomically: the update matches only while
 * views remain, so concurrent visitors cannot overshoot. The view that uses the last one also
 * moves the expiry to a minute from now, so that page can still load its assets and then the
 * link ends everywhere (expiry is checked on every request, and cleanup deletes it).
 */
export async function countView(db: Database, shareId: string, now: number): Promise<boolean> {
  const graceEnd = now + LAST_VIEW_GRACE_MS;
  const rows = await db.orm.update(shares).set({
    viewCount: sql`${shares.viewCount} + 1`,
    expiresAt: sql`case when ${shares.viewCount} + 1 >= ${shares.maxViews} then min(coalesce(${shares.expiresAt}, ${graceEnd}), ${graceEnd}) else ${shares.expiresAt} end`,
  }).where(and(eq(shares.id, shareId), sql`${shares.viewCount} < ${shares.maxViews}`)).returning({ viewCount: shares.viewCount });
  return rows.length === 1;
}

/** Live or pending shares whose expiry has passed (cleanup turns them into tombstones). */
export async function expiredShareIds(db: Database, now: number, limit: number): Promise<string[]> {
  const rows = await db.orm.select({ id: shares.id }).from(shares)
    .where(and(inArray(shares.state, ['live', 'pending']), lte(shares.expiresAt, now))).limit(limit);
  return rows.map((r) => r.id);
}

/** Pending shares created before `cutoff` that have no version left: first publishes never finished. */
export async function abandonedShareIds(db: Database, cutoff: number, limit: number): Promise<string[]> {
  const rows = await db.orm.select({ id: shares.id }).from(shares)
    .where(and(eq(shares.state, 'pending'), isNull(shares.currentVersion), lt(shares.createdAt, cutoff),
      sql`not exists (select 1 from ${versions} where ${versions.shareId} = ${shares.id})`)).limit(limit);
  return rows.map((r) => r.id);
}

/** Deletes a share's row outright (only for shares that were never published). */
export async function deleteShare(db: Database, shareId: string): Promise<void> {
  await db.orm.delete(shares).where(eq(shares.id, shareId));
}
