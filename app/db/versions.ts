import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { ManifestFile } from '../../core/api-types';
import type { Database, Statement } from './client';
import { blobs, files, shares, versions, type ShareState } from './schema';

/** The `versions` and `files` tables: a share's published (or pending) file lists. */
export type VersionRow = typeof versions.$inferSelect;

/** D1 binds at most 100 parameters per statement; 6 columns × 16 rows stays under it. */
const FILE_ROWS_PER_INSERT = 16;

export async function findVersion(db: Database, shareId: string, number: number): Promise<VersionRow | undefined> {
  const rows = await db.orm.select().from(versions).where(and(eq(versions.shareId, shareId), eq(versions.number, number))).limit(1);
  return rows[0];
}

/** A share's versions, newest first. */
export async function versionsOf(db: Database, shareId: string): Promise<VersionRow[]> {
  return db.orm.select().from(versions).where(eq(versions.shareId, shareId)).orderBy(desc(versions.number));
}

/** The highest version number a share has used (0 for none). */
export async function latestVersionNumber(db: Database, shareId: string): Promise<number> {
  const rows = await db.orm.select({ n: sql<number>`coalesce(max(${versions.number}), 0)` }).from(versions).where(eq(versions.shareId, shareId));
  return Number(rows[0]?.n ?? 0);
}

/** The newest complete version before `before`, or undefined. */
export async function previousCompleteVersion(db: Database, shareId: string, before: number): Promise<number | undefined> {
  const rows = await db.orm.select({ number: versions.number }).from(versions)
    .where(and(eq(versions.shareId, shareId), eq(versions.state, 'complete'), lt(versions.number, before)))
    .orderBy(desc(versions.number)).limit(1);
  return rows[0]?.number;
}

/** A version's files as a manifest lists them (path, size, sha256), in path order. */
export async function filesOfVersion(db: Database, shareId: string, number: number): Promise<ManifestFile[]> {
  return db.orm.select({ path: files.path, size: files.size, sha256: files.sha256 }).from(files)
    .where(and(eq(files.shareId, shareId), eq(files.version, number))).orderBy(files.path);
}

export interface NewVersion {
  shareId: string;
  number: number;
  entry: string;
  title: string | null;
  files: (ManifestFile & { contentType: string })[];
  bytes: number;
  baseVersion: number | null;
  now: number;
}

/** Statements that record a pending version and its file list; nothing is served from them until finalize. */
export function insertVersionStatements(db: Database, v: NewVersion): Statement[] {
  const { orm } = db;
  const statements: Statement[] = [
    orm.insert(versions).values({
      shareId: v.shareId, number: v.number, state: 'pending', entry: v.entry, title: v.title,
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

/** The file a pending upload may send for this hash: only hashes a pending version names are accepted. */
export async function pendingFileForHash(db: Database, shareId: string, sha256: string): Promise<{ size: number; contentType: string } | undefined> {
  const rows = await db.orm.select({ size: files.size, contentType: files.contentType }).from(files)
    .innerJoin(versions, and(eq(versions.shareId, files.shareId), eq(versions.number, files.version)))
    .where(and(eq(files.shareId, shareId), eq(files.sha256, sha256), eq(versions.state, 'pending'))).limit(1);
  return rows[0];
}

/** Hashes a version names that the blob store does not hold yet. */
export async function missingHashes(db: Database, shareId: string, version: number): Promise<string[]> {
  const rows = await db.orm.selectDistinct({ sha256: files.sha256 }).from(files)
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

/** Deletes one version and its file rows together. */
export async function deleteVersion(db: Database, shareId: string, number: number): Promise<void> {
  const { orm } = db;
  await db.commit([
    orm.delete(files).where(and(eq(files.shareId, shareId), eq(files.version, number))),
    orm.delete(versions).where(and(eq(versions.shareId, shareId), eq(versions.number, number))),
  ]);
}

export interface VersionKey {
  shareId: string;
  number: number;
}

/** Complete versions with at least `keep` newer complete ones, never a share's current one. */
export async function versionsBeyond(db: Database, keep: number, limit: number): Promise<VersionKey[]> {
  return db.orm.select({ shareId: versions.shareId, number: versions.number }).from(versions)
    .innerJoin(shares, eq(shares.id, versions.shareId))
    .where(and(eq(versions.state, 'complete'), sql`${versions.number} <> coalesce(${shares.currentVersion}, -1)`,
      sql`(select count(*) from ${versions} as newer where newer.share_id = ${versions.shareId} and newer.state = 'complete' and newer.number > ${versions.number}) >= ${keep}`)).limit(limit);
}

/** Pending versions created before `cutoff`: publishes that were never finalized. */
export async function stalePendingVersions(db: Database, cutoff: number, limit: number): Promise<VersionKey[]> {
  return db.orm.select({ shareId: versions.shareId, number: versions.number }).from(versions)
    .where(and(eq(versions.state, 'pending'), lt(versions.createdAt, cutoff))).limit(limit);
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
export async function resolveFiles(db: Database, shareId: string, wanted: string[], isRoot: boolean): Promise<ServedRow[]> {
  const pathMatch = isRoot ? or(inArray(files.path, wanted), eq(files.path, versions.entry)) : inArray(files.path, wanted);
  return db.orm.select({
    state: shares.state, currentVersion: shares.currentVersion, expiresAt: shares.expiresAt,
    maxViews: shares.maxViews, passwordHash: shares.passwordHash, entry: versions.entry,
    path: files.path, sha256: files.sha256, size: files.size, contentType: files.contentType,
  }).from(shares)
    .leftJoin(versions, and(eq(versions.shareId, shares.id), eq(versions.number, shares.currentVersion)))
    .leftJoin(files, and(eq(files.shareId, shares.id), eq(files.version, shares.currentVersion), pathMatch))
    .where(eq(shares.id, shareId)) as Promise<ServedRow[]>;
}
