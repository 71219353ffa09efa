import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Database } from './client';
import { blobs, files, shares } from './schema';

/** The `blobs` table: which hashes the blob store holds for each share. */

/** D1 binds at most 100 parameters per statement: hashes go in chunks of 90. */
const HASHES_PER_QUERY = 90;

/** Hashes this share's blob store already holds, among the ones asked about, with their stored sizes. */
export async function storedHashes(db: Database, shareId: string, hashes: string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  const unique = [...new Set(hashes)];
  for (let i = 0; i < unique.length; i += HASHES_PER_QUERY) {
    const rows = await db.orm.select({ sha256: blobs.sha256, size: blobs.size }).from(blobs)
      .where(and(eq(blobs.shareId, shareId), inArray(blobs.sha256, unique.slice(i, i + HASHES_PER_QUERY))));
    for (const r of rows) found.set(r.sha256, r.size);
  }
  return found;
}

/** Records a stored blob; `encodingEvidence` (core/charset.ts) when its bytes were examined as text, else null. */
export async function recordBlob(db: Database, shareId: string, sha256: string, size: number, now: number, encodingEvidence: string | null = null): Promise<void> {
  await db.orm.insert(blobs).values({ shareId, sha256, size, createdAt: now, encodingEvidence }).onConflictDoNothing();
}

/** Every hash recorded for a share. */
export async function blobHashes(db: Database, shareId: string): Promise<string[]> {
  const rows = await db.orm.select({ sha256: blobs.sha256 }).from(blobs).where(eq(blobs.shareId, shareId));
  return rows.map((r) => r.sha256);
}

/** Forgets the named hashes of a share, or all of them when `hashes` is undefined. */
export async function forgetBlobs(db: Database, shareId: string, hashes?: string[]): Promise<void> {
  if (hashes && hashes.length === 0) return;
  for (let i = 0; i < (hashes?.length ?? 1); i += HASHES_PER_QUERY) {
    const where = hashes ? and(eq(blobs.shareId, shareId), inArray(blobs.sha256, hashes.slice(i, i + HASHES_PER_QUERY))) : eq(blobs.shareId, shareId);
    await db.orm.delete(blobs).where(where);
  }
}

/** Blobs of live or pending shares, stored before `cutoff`, that no file row names any more. */
export async function strayBlobs(db: Database, cutoff: number, limit: number): Promise<{ shareId: string; sha256: string }[]> {
  return db.orm.select({ shareId: blobs.shareId, sha256: blobs.sha256 }).from(blobs)
    .innerJoin(shares, eq(shares.id, blobs.shareId))
    .where(and(inArray(shares.state, ['live', 'pending']), lt(blobs.createdAt, cutoff),
      sql`not exists (select 1 from ${files} where ${files.shareId} = ${blobs.shareId} and ${files.sha256} = ${blobs.sha256})`)).limit(limit);
}

/** Ended shares (revoked, expired, taken down) that still have blobs: a purge that did not finish. */
export async function endedSharesWithBlobs(db: Database, limit: number): Promise<string[]> {
  const rows = await db.orm.selectDistinct({ shareId: blobs.shareId }).from(blobs)
    .innerJoin(shares, eq(shares.id, blobs.shareId))
    .where(inArray(shares.state, ['revoked', 'expired', 'taken_down'])).limit(limit);
  return rows.map((r) => r.shareId);
}
