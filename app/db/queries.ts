import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { ManifestFile } from '../../core/api-types';
import type { Database, Orm, Statement } from './client';
import { blobs, files, shares, versions, type ShareState } from './schema';

export type ShareRow = typeof shares.$inferSelect;
export type VersionRow = typeof versions.$inferSelect;

/** D1 binds at most 100 parameters per statement; 6 columns × 16 rows stays under it. */
const FILE_ROWS_PER_INSERT = 16;

export async function getShare(orm: Orm, id: string): Promise<ShareRow | undefined> {
  const rows = await orm.select().from(shares).where(eq(shares.id, id)).limit(1);
  return rows[0];
}

export async function getVersion(orm: Orm, shareId: string, number: number): Promise<VersionRow | undefined> {
  const rows = await orm.select().from(versions).where(and(eq(versions.shareId, shareId), eq(versions.number, number))).limit(1);
  return rows[0];
}

export async function latestVersionNumber(orm: Orm, shareId: string): Promise<number> {
  const rows = await orm.select({ n: sql<number>`coalesce(max(${versions.number}), 0)` }).from(versions).where(eq(versions.shareId, shareId));
  return Number(rows[0]?.n ?? 0);
}

export interface NewVersion {
  shareId: string;
  number: number;
  entry: string;
  files: (ManifestFile & { contentType: string })[];
  bytes: number;
  baseVersion: number | null;
  now: number;
}

/** Statements that record a pending version and its file list; nothing is served from them until finalize. */
export function insertVersionStatements(orm: Orm, v: NewVersion): Statement[] {
  const statements: Statement[] = [
    orm.insert(versions).values({
      shareId: v.shareId, number: v.number, state: 'pending', entry: v.entry,
      fileCount: v.files.length, bytes: v.bytes, baseVersion: v.baseVersion, createdAt: v.now,
    }),
  ];
  for (let i = 0; i < v.files.length; i += FILE_ROWS_PER_INSERT) {
    const chunk = v.files.slice(i, i + FILE_ROWS_PER_INSERT).map((f) => ({
      shareId: v.shareId, version: v.number, path: f.path, sha256: f.sha256, size: f.size, contentType: f.contentType,
    }));
    statements.push(orm.insert(files).values(chunk));
  }
  return statements;
}

export function insertShareStatement(orm: Orm, row: typeof shares.$inferInsert): Statement {
  return orm.insert(shares).values(row);
}

/** Hashes this share's blob store already holds, among the ones asked about, with their stored sizes. */
export async function storedHashes(orm: Orm, shareId: string, hashes: string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  const unique = [...new Set(hashes)];
  for (let i = 0; i < unique.length; i += 90) {
    const rows = await orm.select({ sha256: blobs.sha256, size: blobs.size }).from(blobs)
      .where(and(eq(blobs.shareId, shareId), inArray(blobs.sha256, unique.slice(i, i + 90))));
    for (const r of rows) found.set(r.sha256, r.size);
  }
  return found;
}

export async function recordBlob(orm: Orm, shareId: string, sha256: string, size: number, now: number): Promise<void> {
  await orm.insert(blobs).values({ shareId, sha256, size, createdAt: now }).onConflictDoNothing();
}

/** The file a pending upload may send for this hash: only hashes a pending version names are accepted. */
export async function pendingFileForHash(orm: Orm, shareId: string, sha256: string) {
  const rows = await orm.select({ size: files.size, contentType: files.contentType }).from(files)
    .innerJoin(versions, and(eq(versions.shareId, files.shareId), eq(versions.number, files.version)))
    .where(and(eq(files.shareId, shareId), eq(files.sha256, sha256), eq(versions.state, 'pending'))).limit(1);
  return rows[0];
}

/** Hashes a version names that the blob store does not hold yet. */
export async function missingHashes(orm: Orm, shareId: string, version: number): Promise<string[]> {
  const rows = await orm.selectDistinct({ sha256: files.sha256 }).from(files)
    .leftJoin(blobs, and(eq(blobs.shareId, files.shareId), eq(blobs.sha256, files.sha256)))
    .where(and(eq(files.shareId, shareId), eq(files.version, version), sql`${blobs.sha256} is null`));
  return rows.map((r) => r.sha256);
}

/**
 * Makes a pending version the one visitors see, in one atomic commit. The share moves only if
 * its current version is still the one the update was based on (`expectedCurrent`), so two
 * racing updates cannot silently overwrite each other; the caller learns which happened.
 */
export async function finalizeVersion(db: Database, shareId: string, number: number, expectedCurrent: number | null | 'any', title: string | null | undefined, now: number): Promise<boolean> {
  const { orm } = db;
  const currentMatches = expectedCurrent === 'any' ? sql`1` : expectedCurrent === null ? sql`${shares.currentVersion} is null` : eq(shares.currentVersion, expectedCurrent);
  const set: Partial<typeof shares.$inferInsert> = { currentVersion: number, state: 'live', updatedAt: now };
  if (title !== undefined) set.title = title;
  const [moved] = (await db.commit([
    orm.update(shares).set(set).where(and(eq(shares.id, shareId), inArray(shares.state, ['pending', 'live']), currentMatches)).returning({ id: shares.id }),
    orm.update(versions).set({ state: 'complete' }).where(and(
      eq(versions.shareId, shareId), eq(versions.number, number),
      sql`exists (select 1 from ${shares} where ${shares.id} = ${shareId} and ${shares.currentVersion} = ${number})`,
    )),
  ])) as [unknown[]];
  return moved.length === 1;
}

/** Marks a share gone in one write, so every URL of it answers 410 from the next request on. */
export async function endShare(db: Database, shareId: string, state: ShareState, now: number, reason?: string): Promise<void> {
  const { orm } = db;
  await db.commit([
    orm.update(shares).set({ state, revokedAt: now, updatedAt: now, currentVersion: null, ...(reason === undefined ? {} : { reason }) }).where(eq(shares.id, shareId)),
    orm.delete(files).where(eq(files.shareId, shareId)),
    orm.delete(versions).where(eq(versions.shareId, shareId)),
  ]);
}

export async function blobHashes(orm: Orm, shareId: string): Promise<string[]> {
  const rows = await orm.select({ sha256: blobs.sha256 }).from(blobs).where(eq(blobs.shareId, shareId));
  return rows.map((r) => r.sha256);
}

export async function forgetBlobs(orm: Orm, shareId: string, hashes?: string[]): Promise<void> {
  if (hashes && hashes.length === 0) return;
  for (let i = 0; i < (hashes?.length ?? 1); i += 90) {
    const where = hashes ? and(eq(blobs.shareId, shareId), inArray(blobs.sha256, hashes.slice(i, i + 90))) : eq(blobs.shareId, shareId);
    await orm.delete(blobs).where(where);
  }
}

export interface ServedRow {
  state: ShareState;
  currentVersion: number | null;
  expiresAt: number | null;
  maxViews: number | null;
  passwordHash: string | null;
  entry: string | null;
  path: string | null;
  sha256: string | null;
  size: number | null;
  contentType: string | null;
}

/**
 * The serving path's only metadata read: the share's state and, in the same query, the rows of
 * the current version's files that the request could mean (plus the entry page and 404.html).
 */
export async function resolveFiles(orm: Orm, shareId: string, wanted: string[], isRoot: boolean): Promise<ServedRow[]> {
  const pathMatch = isRoot ? or(inArray(files.path, wanted), eq(files.path, versions.entry)) : inArray(files.path, wanted);
  return orm.select({
    state: shares.state, currentVersion: shares.currentVersion, expiresAt: shares.expiresAt,
    maxViews: shares.maxViews, passwordHash: shares.passwordHash, entry: versions.entry,
    path: files.path, sha256: files.sha256, size: files.size, contentType: files.contentType,
  }).from(shares)
    .leftJoin(versions, and(eq(versions.shareId, shares.id), eq(versions.number, shares.currentVersion)))
    .leftJoin(files, and(eq(files.shareId, shares.id), eq(files.version, shares.currentVersion), pathMatch))
    .where(eq(shares.id, shareId)) as Promise<ServedRow[]>;
}


/** After the last allowed page view, the page's own assets stay reachable this long, then the link expires. */
export const LAST_VIEW_GRACE_MS = 60_000;

/**
 * Counts one page view of a share with a view limit, atomically: the update matches only while
 * views remain, so concurrent visitors cannot overshoot. The view that uses the last one also
 * moves the expiry to a minute from now, so that page can still load its assets and then the
 * link ends everywhere (expiry is checked on every request, and cleanup deletes it).
 */
export async function countView(orm: Orm, shareId: string, now: number): Promise<boolean> {
  const graceEnd = now + LAST_VIEW_GRACE_MS;
  const rows = await orm.update(shares).set({
    viewCount: sql`${shares.viewCount} + 1`,
    expiresAt: sql`case when ${shares.viewCount} + 1 >= ${shares.maxViews} then min(coalesce(${shares.expiresAt}, ${graceEnd}), ${graceEnd}) else ${shares.expiresAt} end`,
  }).where(and(eq(shares.id, shareId), sql`${shares.viewCount} < ${shares.maxViews}`)).returning({ viewCount: shares.viewCount });
  return rows.length === 1;
}
