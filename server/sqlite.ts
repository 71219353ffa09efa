import type BetterSqlite3 from 'better-sqlite3';
import { is } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { SQLiteSelectBase } from 'drizzle-orm/sqlite-core';
import type { Database, Orm, Statement } from '../app/db/client';
import * as schema from '../app/db/schema';
import { servingMemo } from '../app/db/serving-memo';
import { watchServingWrites } from './write-watch';

/** The sync face every drizzle sqlite query builder has on better-sqlite3. */
interface SyncQuery {
  config?: { returning?: unknown };
  run(): unknown;
  all(): unknown[];
}

/**
 * Runs one statement inside a sync transaction and answers what D1's batch would for it: the
 * rows for a select or a `.returning()` statement, the run result otherwise. Statements must run
 * synchronously here, since better-sqlite3 transactions cannot span an `await`.
 */
function runSync(statement: Statement): unknown {
  const q = statement as unknown as SyncQuery;
  if (is(statement, SQLiteSelectBase) || q.config?.returning) return q.all();
  return q.run();
}

/**
 * A drizzle database over better-sqlite3 for the Node runtime. `commit` is one real transaction:
 * every statement or none, exactly the all-or-nothing promise D1's batch gives the routes.
 * With `servingMemoEntries` (> 0) the serving path's metadata read is memoized and every write
 * through this connection that may change it clears the memo (server/write-watch.ts); a write by
 * anyone else is seen through `PRAGMA data_version` on every lookup.
 */
export function sqliteDatabase(sqlite: BetterSqlite3.Database, opts: { servingMemoEntries?: number } = {}): Database {
  const entries = opts.servingMemoEntries ?? 0;
  const dataVersion = sqlite.prepare('pragma data_version').pluck();
  const memo = entries > 0 ? servingMemo({ maxEntries: entries, outsideWrites: () => dataVersion.get() }) : undefined;
  const client = memo ? watchServingWrites(sqlite, () => memo.invalidate()) : sqlite;
  const orm = drizzle(client, { schema });
  const commitAll = sqlite.transaction((statements: Statement[]) => statements.map(runSync));
  return {
    orm: orm as unknown as Orm,
    async commit(statements: Statement[]) {
      if (statements.length === 0) return [];
      return commitAll(statements);
    },
    isOutage: isSqliteOutage,
    ...(memo ? { servingMemo: memo } : {}),
  };
}

/** better-sqlite3 reports failures as `SQLITE_*` codes; constraint violations are answers about the data, not outages. */
export function isSqliteOutage(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') && !code.startsWith('SQLITE_CONSTRAINT');
}
