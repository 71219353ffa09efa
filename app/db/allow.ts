import { and, eq, gt, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Database, Statement } from './client';
import { allowCodes, allowViewers } from './schema';

/** The allowlist tables (issue 19): the list on `shares`, `allow_viewers` (per-person status) and `allow_codes` (hashed one-time codes). */
export type ViewerRow = typeof allowViewers.$inferSelect;

/** Reads a stored allowlist (`shares.allow_list`): the entries, or an empty list when the link has none. */
export function parseAllowList(stored: string | null): string[] {
  if (stored === null) return [];
  const value: unknown = JSON.parse(stored);
  return Array.isArray(value) ? value.filter((e): e is string => typeof e === 'string') : [];
}

/** The stored form of an allowlist: null for none (anyone with the link). */
export const storedAllowList = (entries: string[]): string | null => (entries.length === 0 ? null : JSON.stringify(entries));

/**
 * Statements that forget the people and codes of a share that its allowlist (`stored`, as in
 * `shares.allow_list`; null: none) no longer lets in: an address stays only while it is an entry
 * or its `*@domain` is. The list goes in as one JSON parameter (`json_each`), since D1 binds at
 * most 100 parameters per statement.
 */
export function forgetUnlistedStatements(db: Database, shareId: string, stored: string | null): Statement[] {
  if (stored === null) return deleteAllowRowsStatements(db, shareId);
  const unlisted = (address: typeof allowViewers.address | typeof allowCodes.address) => sql`${address} not in (select value from json_each(${stored}))
    and ('*@' || substr(${address}, instr(${address}, '@') + 1)) not in (select value from json_each(${stored}))`;
  return [
    db.orm.delete(allowViewers).where(and(eq(allowViewers.shareId, shareId), unlisted(allowViewers.address))),
    db.orm.delete(allowCodes).where(and(eq(allowCodes.shareId, shareId), unlisted(allowCodes.address))),
  ];
}

/** Statements deleting every person and code of a share (its allowlist removed, or the share ended). */
export function deleteAllowRowsStatements(db: Database, shareId: string): Statement[] {
  return [
    db.orm.delete(allowViewers).where(eq(allowViewers.shareId, shareId)),
    db.orm.delete(allowCodes).where(eq(allowCodes.shareId, shareId)),
  ];
}

/** A share's people, in no particular order. */
export function viewersOf(db: Database, shareId: string): Promise<ViewerRow[]> {
  return db.orm.select().from(allowViewers).where(eq(allowViewers.shareId, shareId));
}

/**
 * Stores a new code for one person (replacing any earlier one, whose attempts start again) and
 * notes that a code was sent, in one commit.
 */
export async function storeCode(db: Database, row: { shareId: string; address: string; entry: string; codeHash: string; expiresAt: number; now: number }): Promise<void> {
  const { orm } = db;
  await db.commit([
    orm.insert(allowCodes).values({ shareId: row.shareId, address: row.address, codeHash: row.codeHash, expiresAt: row.expiresAt, attempts: 0 })
      .onConflictDoUpdate({ target: [allowCodes.shareId, allowCodes.address], set: { codeHash: row.codeHash, expiresAt: row.expiresAt, attempts: 0 } }),
    orm.insert(allowViewers).values({ shareId: row.shareId, address: row.address, entry: row.entry, codeSentAt: row.now })
      .onConflictDoUpdate({ target: [allowViewers.shareId, allowViewers.address], set: { entry: row.entry, codeSentAt: row.now } }),
  ]);
}

/**
 * Uses a code: deletes it only if it is this person's, right, unexpired and has attempts left, in
 * one statement, so two requests with the same code cannot both succeed. True when it was used.
 */
export async function consumeCode(db: Database, shareId: string, address: string, codeHash: string, now: number, maxAttempts: number): Promise<boolean> {
  const rows = await db.orm.delete(allowCodes).where(and(
    eq(allowCodes.shareId, shareId), eq(allowCodes.address, address), eq(allowCodes.codeHash, codeHash),
    gt(allowCodes.expiresAt, now), lt(allowCodes.attempts, maxAttempts),
  )).returning({ address: allowCodes.address });
  return rows.length === 1;
}

/** Counts a wrong code against the person's live code and their status (no-ops for an address without rows). */
export async function countWrongCode(db: Database, shareId: string, address: string): Promise<void> {
  const { orm } = db;
  await db.commit([
    orm.update(allowCodes).set({ attempts: sql`${allowCodes.attempts} + 1` }).where(and(eq(allowCodes.shareId, shareId), eq(allowCodes.address, address))),
    orm.update(allowViewers).set({ failedAttempts: sql`${allowViewers.failedAttempts} + 1` }).where(and(eq(allowViewers.shareId, shareId), eq(allowViewers.address, address))),
  ]);
}

/**
 * Notes that a person loaded the link at `now`: the first time also sets `first_opened_at`, later
 * ones only move `last_opened_at`, and only when it is older than `minGapMs` (at most one write a minute).
 */
export async function markOpened(db: Database, shareId: string, address: string, now: number, minGapMs: number): Promise<void> {
  await db.orm.update(allowViewers).set({
    firstOpenedAt: sql`coalesce(${allowViewers.firstOpenedAt}, ${now})`, lastOpenedAt: now,
  }).where(and(eq(allowViewers.shareId, shareId), eq(allowViewers.address, address),
    or(isNull(allowViewers.lastOpenedAt), lte(allowViewers.lastOpenedAt, now - minGapMs))));
}

/** Deletes codes that expired before `now`; returns how many. */
export async function deleteExpiredCodes(db: Database, now: number): Promise<number> {
  const rows = await db.orm.delete(allowCodes).where(lte(allowCodes.expiresAt, now)).returning({ address: allowCodes.address });
  return rows.length;
}
