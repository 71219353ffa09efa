import { desc, eq } from 'drizzle-orm';
import type { Database } from './client';
import { reports, shares, type ShareState } from './schema';

/** The `reports` table: visitors' reports of shares, for operators. */
export type ReportRow = typeof reports.$inferSelect;

export async function insertReport(db: Database, row: ReportRow): Promise<void> {
  await db.orm.insert(reports).values(row);
}

/** The newest reports first, each with its share's state now (null when the share row is gone). */
export async function listReports(db: Database, limit = 1000): Promise<{ report: ReportRow; shareState: ShareState | null }[]> {
  const rows = await db.orm.select({ report: reports, shareState: shares.state }).from(reports)
    .leftJoin(shares, eq(shares.id, reports.shareId)).orderBy(desc(reports.createdAt)).limit(limit);
  return rows;
}
