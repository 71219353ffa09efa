import type BetterSqlite3 from 'better-sqlite3';

/**
 * Tables whose writes never change what the serving path reads (`resolveFiles` joins shares,
 * versions and files only). Every other write — including one whose target cannot be read from
 * its SQL — counts as a serving write, so a table added later is covered without anyone
 * remembering to list it.
 */
const UNSERVED_TABLES = new Set(['blobs', 'api_keys', 'settings', 'rate_limits', 'reports', 'view_days', 'view_visitors', 'view_referrers']);

const WRITE_TARGET = /^\s*(?:insert(?:\s+or\s+\w+)?\s+into|replace\s+into|update(?:\s+or\s+\w+)?|delete\s+from)\s+["`[]?(\w+)/i;

/** Whether a statement's SQL may change a row the serving path reads (see UNSERVED_TABLES). */
export function touchesServedRows(source: string): boolean {
  const target = WRITE_TARGET.exec(source)?.[1]?.toLowerCase();
  return target === undefined || !UNSERVED_TABLES.has(target);
}

/**
 * The same better-sqlite3 connection, for drizzle, that calls `onWrite` just before any statement
 * that may change served rows runs (`run`, `get`, `all`, `iterate`, also inside a transaction) and
 * before any `exec`. Read-only statements (`stmt.readonly`) and writes to UNSERVED_TABLES do not
 * call it. The connection is synchronous, so no read can run between `onWrite` and the write.
 */
export function watchServingWrites(sqlite: BetterSqlite3.Database, onWrite: () => void): BetterSqlite3.Database {
  const prepare = (source: string) => {
    const stmt = sqlite.prepare(source);
    if (stmt.readonly || !touchesServedRows(source)) return stmt;
    const watched = stmt as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const method of ['run', 'get', 'all', 'iterate'] as const) {
      const original = watched[method];
      watched[method] = function (this: unknown, ...args: unknown[]) {
        onWrite();
        return original.apply(this, args);
      };
    }
    return stmt;
  };
  const exec = (source: string) => {
    onWrite();
    return sqlite.exec(source);
  };
  return new Proxy(sqlite, {
    get(target, prop) {
      if (prop === 'prepare') return prepare;
      if (prop === 'exec') return exec;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
