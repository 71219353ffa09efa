import { sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import * as schema from './schema';
import type { ServingMemo } from './serving-memo';

/** A drizzle database over D1 (async) or better-sqlite3 (sync): every query here is awaited, which works for both. */
export type Orm = BaseSQLiteDatabase<'sync' | 'async', unknown, typeof schema>;
export type Statement = BatchItem<'sqlite'>;

/**
 * The one difference between the runtimes that routes care about: D1 has no interactive
 * transactions, only batches, and better-sqlite3 has real ones. `commit` runs statements
 * all-or-nothing on either and returns each statement's rows (use `.returning()` to learn what changed).
 */
export interface Database {
  orm: Orm;
  commit(statements: Statement[]): Promise<unknown[]>;
  /** True for a driver error that means the database is unreachable or broken (answered 503), not a bad query. */
  isOutage(err: unknown): boolean;
  /**
   * Present only where this process is the database's only writer (the Node server): remembers
   * the serving path's metadata read until the next write to shares, versions or files
   * (app/db/serving-memo.ts). The Worker leaves it out.
   */
  servingMemo?: ServingMemo;
}

export { schema };

/** Answers whether the database runs a query at all (`select 1`), for health checks; throws if not. */
export async function pingDatabase(db: Database): Promise<void> {
  await db.orm.run(sql`select 1`);
}
