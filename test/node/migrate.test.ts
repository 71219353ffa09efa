import BetterSqlite3 from 'better-sqlite3';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyMigrations, migrationFiles, splitStatements } from '../../server/migrate';
import { MIGRATIONS_DIR } from '../../server/runtime';

const tables = (db: BetterSqlite3.Database) =>
  (db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[]).map((r) => r.name);

function copyOfMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'share-mig-'));
  for (const f of migrationFiles(MIGRATIONS_DIR)) copyFileSync(join(MIGRATIONS_DIR, f), join(dir, f));
  return dir;
}

describe('migrations on SQLite, tracked as wrangler tracks them on D1', () => {
  it('applies every file in migrations/ once, recording each by file name in d1_migrations', () => {
    const db = new BetterSqlite3(':memory:');
    const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();
    expect(applyMigrations(db, MIGRATIONS_DIR)).toEqual(files);
    expect(tables(db)).toEqual(expect.arrayContaining(['blobs', 'd1_migrations', 'files', 'shares', 'versions']));
    const rows = db.prepare('select id, name, applied_at from d1_migrations order by id').all() as { id: number; name: string; applied_at: string }[];
    expect(rows.map((r) => r.name)).toEqual(files);
    expect(rows[0].applied_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(applyMigrations(db, MIGRATIONS_DIR)).toEqual([]);
  });

  it('picks up a new file later, in numeric order', () => {
    const dir = copyOfMigrations();
    const db = new BetterSqlite3(':memory:');
    applyMigrations(db, dir);
    writeFileSync(join(dir, '9999_extra.sql'), 'CREATE TABLE `extra_b` (`x` integer);\n--> statement-breakpoint\nCREATE TABLE `extra_c` (`y` integer);');
    writeFileSync(join(dir, '0999_first.sql'), 'CREATE TABLE `extra_a` (`x` integer);');
    expect(applyMigrations(db, dir)).toEqual(['0999_first.sql', '9999_extra.sql']);
    expect(tables(db)).toEqual(expect.arrayContaining(['extra_a', 'extra_b', 'extra_c']));
  });

  it('rolls a failing file back whole and does not record it', () => {
    const dir = copyOfMigrations();
    const db = new BetterSqlite3(':memory:');
    applyMigrations(db, dir);
    writeFileSync(join(dir, '9000_broken.sql'), 'CREATE TABLE `half` (`x` integer);\n--> statement-breakpoint\nCREATE TABLE nonsense (;');
    expect(() => applyMigrations(db, dir)).toThrow(/migration 9000_broken\.sql failed/);
    expect(tables(db)).not.toContain('half');
    expect((db.prepare("select count(*) n from d1_migrations where name = '9000_broken.sql'").get() as { n: number }).n).toBe(0);
  });

  it('splits drizzle-kit files on statement breakpoints', () => {
    expect(splitStatements('A;--> statement-breakpoint\nB;\n--> statement-breakpoint\n\n')).toEqual(['A;', 'B;']);
  });
});
