import BetterSqlite3 from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findShare, insertShareStatement } from '../../app/db/shares';
import { finalizeVersion, insertVersionStatements } from '../../app/db/versions';
import { shares } from '../../app/db/schema';
import { sqliteDatabase } from '../../server/sqlite';
import { applyMigrations } from '../../server/migrate';
import { MIGRATIONS_DIR, openSqlite } from '../../server/runtime';

function freshDb() {
  const sqlite = new BetterSqlite3(':memory:');
  applyMigrations(sqlite, MIGRATIONS_DIR);
  return sqliteDatabase(sqlite);
}

const share = (id: string) => ({ id, ownerTokenHash: 'h', state: 'pending' as const, currentVersion: null, title: null, createdAt: 1, updatedAt: 1, expiresAt: null, revokedAt: null });

describe('the better-sqlite3 Database adapter', () => {
  it('commit is all or nothing: a failing statement undoes the ones before it', async () => {
    const db = freshDb();
    await expect(db.commit([insertShareStatement(db, share('aaaaaaaaaaaaaa')), insertShareStatement(db, share('aaaaaaaaaaaaaa'))])).rejects.toThrow(/UNIQUE/);
    expect(await findShare(db, 'aaaaaaaaaaaaaa')).toBeUndefined();
  });

  it('commit returns rows for .returning() statements, as D1 batch does', async () => {
    const db = freshDb();
    await db.commit([
      insertShareStatement(db, share('bbbbbbbbbbbbbb')),
      ...insertVersionStatements(db, { shareId: 'bbbbbbbbbbbbbb', number: 1, entry: 'index.html', title: null, files: [], fileCount: 0, bytes: 0, baseVersion: null, spa: false, root: null, now: 1 }),
    ]);
    const [rows] = (await db.commit([db.orm.update(shares).set({ title: 't' }).where(eq(shares.id, 'bbbbbbbbbbbbbb')).returning({ id: shares.id })])) as [unknown[]];
    expect(rows).toEqual([{ id: 'bbbbbbbbbbbbbb' }]);
    expect(await finalizeVersion(db, 'bbbbbbbbbbbbbb', 1, null, undefined, 2)).toBe(true);
    expect(await finalizeVersion(db, 'bbbbbbbbbbbbbb', 1, null, undefined, 3)).toBe(false);
    expect(await findShare(db, 'bbbbbbbbbbbbbb')).toMatchObject({ state: 'live', currentVersion: 1 });
  });

  it('opens files in WAL mode with a busy timeout', () => {
    const sqlite = openSqlite(join(mkdtempSync(join(tmpdir(), 'share-db-')), 'x', 'share.db'));
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    sqlite.close();
  });
});
