import type BetterSqlite3 from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The table wrangler keeps on D1, so both runtimes agree on what "applied" means: one row per file name. */
const CREATE_TRACKING = `CREATE TABLE IF NOT EXISTS d1_migrations(
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT UNIQUE,
  applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)`;

/** Migration files in the order wrangler applies them: by the number before the first `_`, then by name. */
export function migrationFiles(dir: string): string[] {
  const number = (name: string) => Number.parseInt(name.split('_')[0], 10);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort((a, b) => number(a) - number(b) || a.localeCompare(b));
}

/** Splits a drizzle-kit file into its statements; drizzle marks the seams with `--> statement-breakpoint`. */
export function splitStatements(sql: string): string[] {
  return sql.split('--> statement-breakpoint').map((s) => s.trim()).filter((s) => s.length > 0);
}

/**
 * Applies every file in `dir` not yet recorded in `d1_migrations`, each in its own transaction
 * together with its tracking row, so a failure leaves the database at the previous file. The same
 * files and the same tracking table as `wrangler d1 migrations apply`; returns the names applied.
 */
export function applyMigrations(sqlite: BetterSqlite3.Database, dir: string): string[] {
  sqlite.exec(CREATE_TRACKING);
  const done = new Set((sqlite.prepare('SELECT name FROM d1_migrations').all() as { name: string }[]).map((r) => r.name));
  const record = sqlite.prepare('INSERT INTO d1_migrations (name) VALUES (?)');
  const applied: string[] = [];
  for (const name of migrationFiles(dir)) {
    if (done.has(name)) continue;
    const statements = splitStatements(readFileSync(join(dir, name), 'utf8'));
    try {
      sqlite.transaction(() => {
        for (const statement of statements) sqlite.exec(statement);
        record.run(name);
      })();
    } catch (err) {
      throw new Error(`migration ${name} failed: ${(err as Error).message}`);
    }
    applied.push(name);
  }
  return applied;
}
