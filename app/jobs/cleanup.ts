import { endedSharesWithBlobs, strayBlobs } from '../db/blobs';
import { abandonedShareIds, deleteShare, expiredShareIds } from '../db/shares';
import { deleteVisitorsBefore } from '../db/stats';
import { deleteExpiredCodes } from '../db/allow';
import { deleteVersion, stalePendingVersions, versionsBeyond } from '../db/versions';
import { utcDay } from '../lib/view-filter';
import type { Deps } from '../deps';
import { deleteShareBlobs, endAndPurge } from '../services/purge';
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
  /** Zip uploads a publish cut off (a crash, a stopped isolate) left in the spool. */
  spooledUploads: number;
  /** One-time codes of allowlisted links past their 10 minutes. */
  expiredCodes: number;
}

/**
 * Removes what unfinished publishes and ended shares leave behind: pending versions older than the
 * pending TTL (and shares that never got a first version), zip uploads left in the spool, blobs no version names any more, and
 * objects of revoked shares whose deletion did not finish, and expired one-time codes (an ended share's allowlist, people and codes go with it: `endShare`). Safe to run at any time, repeatedly.
 */
export async function runCleanup(deps: Deps): Promise<CleanupReport> {
  const { db } = deps;
  const cutoff = deps.clock.now() - deps.config.pendingTtlMs;
  const now = deps.clock.now();
  const report: CleanupReport = { abandonedVersions: 0, abandonedShares: 0, strayBlobs: 0, endedShareBlobs: 0, expiredShares: 0, oldVersions: 0, rateLimitRows: 0, visitorRows: 0, spooledUploads: 0, expiredCodes: 0 };

  // Expired links: already 410 on every request; here they become tombstones and lose their objects.
  for (const id of await expiredShareIds(db, now, 200)) {
    report.endedShareBlobs += await endAndPurge(deps, id, 'expired');
    report.expiredShares++;
  }

  // Versions beyond the newest MAX_VERSIONS complete ones (never the current one); their objects
  // become strays that the step below deletes once no kept version names them.
  for (const v of await versionsBeyond(db, deps.config.maxVersions, 500)) {
    await deleteVersion(db, v.shareId, v.number);
    report.oldVersions++;
  }

  for (const v of await stalePendingVersions(db, cutoff, 500)) {
    await deleteVersion(db, v.shareId, v.number);
    report.abandonedVersions++;
  }

  for (const id of await abandonedShareIds(db, cutoff, 500)) {
    report.strayBlobs += await deleteShareBlobs(deps, id);
    await deleteShare(db, id);
    report.abandonedShares++;
  }

  const byShare = new Map<string, string[]>();
  for (const b of await strayBlobs(db, cutoff, 1000)) byShare.set(b.shareId, [...(byShare.get(b.shareId) ?? []), b.sha256]);
  for (const [shareId, hashes] of byShare) report.strayBlobs += await deleteShareBlobs(deps, shareId, hashes);

  for (const id of await endedSharesWithBlobs(db, 200)) report.endedShareBlobs += await deleteShareBlobs(deps, id);

  report.rateLimitRows = await pruneRateLimits(deps);

  report.spooledUploads = await deps.spool.sweep(cutoff);

  // Visitor hashes exist only to count a day's uniques; the count stays in view_days.
  report.visitorRows = await deleteVisitorsBefore(db, utcDay(now - 2 * 86_400_000));

  // A code is refused after its expiry anyway; its hash is not kept longer than it could be used.
  report.expiredCodes = await deleteExpiredCodes(db, now);

  if (Object.values(report).some((n) => n > 0)) deps.log.info('cleanup', { ...report });
  return report;
}
