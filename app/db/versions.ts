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

export interface VersionCounts {
  /** The highest version number the share has used (0 for none). */
  latest: number;
  /** Pending versions created at or after `since`. */
  pending: number;
  /** When the oldest of those was created (ms), or null without any. */
  oldestPendingAt: number | null;
}

/**
 * A share's highest version number and its recent pending versions, read in one statement so the
 * two agree: an update that numbers itself `latest + 1` from this read collides (primary key) with
 * any version inserted after it, so no two updates can both pass a cap on `pending`.
 */
export async function versionCounts(db: Database, shareId: string, since: number): Promise<VersionCounts> {
  const recentPending = sql`${versions.state} = 'pending' and ${versions.createdAt} >= ${since}`;
  const rows = await db.orm.select({
    latest: sql<number>`coalesce(max(${versions.number}), 0)`,
    pending: sql<number>`coalesce(sum(case when ${recentPending} then 1 else 0 end), 0)`,
    oldestPendingAt: sql<number | null>`min(case when ${recentPending} then ${versions.createdAt} end)`,
  }).from(versions).where(eq(versions.shareId, shareId));
  const row = rows[0];
  return { latest: Number(row?.latest ?? 0), pending: Number(row?.pending ?? 0), oldestPendingAt: row?.oldestPendingAt == null ? null : Number(row.oldestPendingAt) };
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
  /** The bundle's files, plus one index row per folder (`dir/`, see core/index-pages.ts). */
  files: (ManifestFile & { contentType: string })[];
  /** Files of the bundle (index rows not counted). */
  fileCount: number;
  bytes: number;
  baseVersion: number | null;
  spa: boolean;
  root: string | null;
  now: number;
}

/** Statements that record a pending version and its file list; nothing is served from them until finalize. */
export function insertVersionStatements(db: Database, v: NewVersion): Statement[] {
  const { orm } = db;
  const statements: Statement[] = [
    orm.insert(versions).values({
      shareId: v.shareId, number: v.number, state: 'pending', entry: v.entry, title: v.title,
      fileCount: v.fileCount, bytes: v.bytes, baseVersion: v.baseVersion, createdAt: v.now, spa: v.spa, root: v.root,
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

/**
 * What a pending upload may send for this hash, or undefined: only hashes a pending version names
 * are accepted. `contentTypes` are the types of the files naming it (a few at most), so the
 * store step knows whether the bytes are text to examine; `stored` says the share holds them already.
 */
export async function pendingFileForHash(db: Database, shareId: string, sha256: string): Promise<{ size: number; contentTypes: string[]; stored: boolean } | undefined> {
  // One statement: whether the share already holds the bytes comes along (left join on blobs).
  const rows = await db.orm.selectDistinct({ size: files.size, contentType: files.contentType, stored: sql<number | null>`${blobs.size}` }).from(files)
    .innerJoin(versions, and(eq(versions.shareId, files.shareId), eq(versions.number, files.version)))
    .leftJoin(blobs, and(eq(blobs.shareId, files.shareId), eq(blobs.sha256, files.sha256)))
    .where(and(eq(files.shareId, shareId), eq(files.sha256, sha256), eq(versions.state, 'pending'))).limit(20);
  return rows[0] && { size: rows[0].size, contentTypes: rows.map((r) => r.contentType), stored: rows[0].stored !== null };
}

/** A version's file rows whose stored bytes were examined for their encoding, with that evidence. */
export async function examinedFilesOf(db: Database, shareId: string, version: number): Promise<{ sha256: string; contentType: string; evidence: string }[]> {
  return db.orm.selectDistinct({ sha256: files.sha256, contentType: files.contentType, evidence: sql<string>`${blobs.encodingEvidence}` }).from(files)
    .innerJoin(blobs, and(eq(blobs.shareId, files.shareId), eq(blobs.sha256, files.sha256)))
    .where(and(eq(files.shareId, shareId), eq(files.version, version), sql`${blobs.encodingEvidence} is not null`));
}

/** Statements that set the served Content-Type of a version's files with the given type and hashes (one per 90 hashes). */
export function setContentTypeStatements(db: Database, shareId: string, version: number, from: string, to: string, hashes: string[]): Statement[] {
  const out: Statement[] = [];
  for (let i = 0; i < hashes.length; i += 90) {
    out.push(db.orm.update(files).set({ contentType: to }).where(and(
      eq(files.shareId, shareId), eq(files.version, version), eq(files.contentType, from), inArray(files.sha256, hashes.slice(i, i + 90)),
    )));
  }
  return out;
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
  /** The allowlist as stored (JSON), or null: anyone with the link may open it. */
  allowList: string | null;
  allowVersion: number;
  /** The link's feedback and live-update settings (issue 16): its HTML pages get the script. */
  feedback: boolean;
  live: boolean;
  entry: string | null;
  spa: boolean | null;
  path: string | null;
  sha256: string | null;
  size: number | null;
  contentType: string | null;
}

/**
 * The serving path's only metadata read: the share's state and, in the same query, the rows of
 * the current version's files that the request could mean (plus 404.html). `entry` says when the
 * entry page's row is wanted too: always (the root), only if the version is a single-page app
 * (a page route that may fall back to it), or never. Where the database has a serving memo (the
 * Node server) the answer may come from it; it is exact, since every write to these tables clears it.
 */
export async function resolveFiles(db: Database, shareId: string, wanted: string[], entry: 'always' | 'spa' | 'never'): Promise<ServedRow[]> {
  const read = () => resolveFilesQuery(db, shareId, wanted, entry);
  // Paths never hold NUL (core/paths.ts), so the key is unambiguous.
  if (db.servingMemo) return db.servingMemo.get(`${shareId}\0${entry}\0${wanted.join('\0')}`, async () => freezeRows(await read()));
  return read();
}

/** Memoized rows are shared by every request that reads them: none may change them. */
function freezeRows(rows: ServedRow[]): ServedRow[] {
  for (const row of rows) Object.freeze(row);
  return Object.freeze(rows) as ServedRow[];
}

function resolveFilesQuery(db: Database, shareId: string, wanted: string[], entry: 'always' | 'spa' | 'never'): Promise<ServedRow[]> {
  const entryRow = entry === 'always' ? eq(files.path, versions.entry) : entry === 'spa' ? and(eq(versions.spa, true), eq(files.path, versions.entry)) : undefined;
  const pathMatch = entryRow ? or(inArray(files.path, wanted), entryRow) : inArray(files.path, wanted);
  return db.orm.select({
    state: shares.state, currentVersion: shares.currentVersion, expiresAt: shares.expiresAt,
    maxViews: shares.maxViews, passwordHash: shares.passwordHash, allowList: shares.allowList, allowVersion: shares.allowVersion, feedback: shares.feedback, live: shares.live, entry: versions.entry, spa: versions.spa,
    path: files.path, sha256: files.sha256, size: files.size, contentType: files.contentType,
  }).from(shares)
    .leftJoin(versions, and(eq(versions.shareId, shares.id), eq(versions.number, shares.currentVersion)))
    .leftJoin(files, and(eq(files.shareId, shares.id), eq(files.version, shares.currentVersion), pathMatch))
    .where(eq(shares.id, shareId)) as Promise<ServedRow[]>;
}
