import { eq, lt, sql } from 'drizzle-orm';
import type { Database } from './client';
import { rateLimits } from './schema';

/** The `rate_limits` table: fixed-window counters keyed by bucket. */

/** Adds one to a bucket's counter (creating it with its reset time) and returns the new count, in one upsert. */
export async function countHit(db: Database, bucket: string, resetAt: number): Promise<number> {
  const rows = await db.orm.insert(rateLimits).values({ bucket, count: 1, resetAt })
    .onConflictDoUpdate({ target: rateLimits.bucket, set: { count: sql`${rateLimits.count} + 1` } })
    .returning({ count: rateLimits.count });
  return Number(rows[0]?.count ?? 1);
}

/** A bucket's current count, without adding to it; 0 when it has none. */
export async function countOf(db: Database, bucket: string): Promise<number> {
  const rows = await db.orm.select({ count: rateLimits.count }).from(rateLimits).where(eq(rateLimits.bucket, bucket)).limit(1);
  return Number(rows[0]?.count ?? 0);
}

/** Takes one back from a bucket's counter (never below 0): an event counted in advance that turned out not to count. */
export async function uncountHit(db: Database, bucket: string): Promise<void> {
  await db.orm.update(rateLimits).set({ count: sql`max(${rateLimits.count} - 1, 0)` }).where(eq(rateLimits.bucket, bucket));
}

/** Drops counters whose window ended before `now`; returns how many. */
export async function deleteRateLimitsBefore(db: Database, now: number): Promise<number> {
  const rows = await db.orm.delete(rateLimits).where(lt(rateLimits.resetAt, now)).returning({ bucket: rateLimits.bucket });
  return rows.length;
}
