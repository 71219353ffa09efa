import { and, eq, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import { blobs, files, shares, versions, viewVisitors } from '../db/schema';
import { utcDay } from '../lib/view-filter';
import type { Deps } from '../deps';
import { deleteShareBlobs } from '../services/purge';
import { endShare } from '../db/queries';
import { pruneRateLimits } from '../services/rate-limit';

export interface CleanupReport {
  abandonedVersions: number;
  abandonedShares: number;
  strayBlobs: number;
  endedShareBlobs: number;
  expiredShares: number;
  oldVersions: number;
  rateLimitRows: number;
  visitorRows: number;
}

/**
 * Removes what unfinished publishes and ended shares leave behind: pending versions older than the
 * pending TTL (and shares that never got a first version), blobs no version names any more, and
 * objects of revoked shares whose deletion did not finish. Safe to run at any time, repeatedly.
 */
export async function runCleanup(deps: Deps): Promise<CleanupReport> {
  const { orm } = deps.db;
  const cutoff = deps.clock.now() - deps.config.pendingTtlMs;
  const now = deps.clock.now();
  const report: CleanupReport = { abandonedVersions: 0, abandonedShares: 0, strayBlobs: 0, endedShareBlobs: 0, expiredShares: 0, oldVersions: 0, rateLimitRows: 0, visitorRows: 0 };

  // Expired links: already 410 on every request; here they become tombstones and lose their objects.
  const expired = await orm.select({ id: shares.id }).from(shares)
    .where(and(inArray(shares.state, ['live', 'pending']), lte(shares.expiresAt, now))).limit(200);
  for (const s of expired) {
    await endShare(deps.db, s.id, 'expired', now);
    report.endedShareBlobs += await deleteShareBlobs(deps, s.id);
    report.expiredShares++;
  }

  // Versions beyond the newest MAX_VERSIONS complete ones (never the current one); their objects
  // become strays that the step below deletes once no kept version names them.
  const old = await orm.select({ shareId: versions.shareId, number: versions.number }).from(versions)
    .innerJoin(shares, eq(shares.id, versions.shareId))
    .where(and(eq(versions.state, 'complete'), sql`${versions.number} <> coalesce(${shares.currentVersion}, -1)`,
      sql`(select count(*) from ${versions} as newer where newer.share_id = ${versions.shareId} and newer.state = 'complete' and newer.number > ${versions.number}) >= ${deps.config.maxVersions}`)).limit(500);
  for (const v of old) {
    await deps.db.commit([
      orm.delete(files).where(and(eq(files.shareId, v.shareId), eq(files.version, v.number))),
      orm.delete(versions).where(and(eq(versions.shareId, v.shareId), eq(versions.number, v.number))),
    ]);
    report.oldVersions++;
  }

  const stale = await orm.select({ shareId: versions.shareId, number: versions.number }).from(versions)
    .where(and(eq(versions.state, 'pending'), lt(versions.createdAt, cutoff))).limit(500);
  for (const v of stale) {
    await deps.db.commit([
      orm.delete(files).where(and(eq(files.shareId, v.shareId), eq(files.version, v.number))),
      orm.delete(versions).where(and(eq(versions.shareId, v.shareId), eq(versions.number, v.number))),
    ]);
    report.abandonedVersions++;
  }

  const neverPublished = await orm.select({ id: shares.id }).from(shares)
    .where(and(eq(shares.state, 'pending'), isNull(shares.currentVersion), lt(shares.createdAt, cutoff),
      sql`not exists (select 1 from ${versions} where ${versions.shareId} = ${shares.id})`)).limit(500);
  for (const s of neverPublished) {
    report.strayBlobs += await deleteShareBlobs(deps, s.id);
    await orm.delete(shares).where(eq(shares.id, s.id));
    report.abandonedShares++;
  }

  const strays = await orm.select({ shareId: blobs.shareId, sha256: blobs.sha256 }).from(blobs)
    .innerJoin(shares, eq(shares.id, blobs.shareId))
    .where(and(inArray(shares.state, ['live', 'pending']), lt(blobs.createdAt, cutoff),
      sql`not exists (select 1 from ${files} where ${files.shareId} = ${blobs.shareId} and ${files.sha256} = ${blobs.sha256})`)).limit(1000);
  const byShare = new Map<string, string[]>();
  for (const b of strays) byShare.set(b.shareId, [...(byShare.get(b.shareId) ?? []), b.sha256]);
  for (const [shareId, hashes] of byShare) report.strayBlobs += await deleteShareBlobs(deps, shareId, hashes);

  const ended = await orm.selectDistinct({ shareId: blobs.shareId }).from(blobs)
    .innerJoin(shares, eq(shares.id, blobs.shareId))
    .where(inArray(shares.state, ['revoked', 'expired', 'taken_down'])).limit(200);
  for (const s of ended) report.endedShareBlobs += await deleteShareBlobs(deps, s.shareId);

  report.rateLimitRows = await pruneRateLimits(deps);

  // Visitor hashes exist only to count a day's uniques; the count stays in view_days.
  const keepFrom = utcDay(now - 2 * 86_400_000);
  report.visitorRows = (await orm.delete(viewVisitors).where(lt(viewVisitors.day, keepFrom)).returning({ day: viewVisitors.day })).length;

  if (Object.values(report).some((n) => n > 0)) deps.log.info('cleanup', { ...report });
  return report;
}
