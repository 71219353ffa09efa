import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from './client';
import { apiKeys } from './schema';

/** The `api_keys` table: operator-issued publishing keys, stored as SHA-256 hashes. */
export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function insertApiKey(db: Database, row: ApiKeyRow): Promise<void> {
  await db.orm.insert(apiKeys).values(row);
}

/** Every key, newest first. */
export async function listApiKeys(db: Database): Promise<ApiKeyRow[]> {
  return db.orm.select().from(apiKeys).orderBy(desc(apiKeys.createdAt));
}

export async function findApiKeyById(db: Database, id: string): Promise<ApiKeyRow | undefined> {
  const rows = await db.orm.select().from(apiKeys).where(eq(apiKeys.id, id)).limit(1);
  return rows[0];
}

export async function findApiKeyByHash(db: Database, keyHash: string): Promise<ApiKeyRow | undefined> {
  const rows = await db.orm.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash)).limit(1);
  return rows[0];
}

/** Marks a key revoked at `now` unless it already is (the first revocation time is kept). */
export async function markApiKeyRevoked(db: Database, id: string, now: number): Promise<void> {
  await db.orm.update(apiKeys).set({ revokedAt: now }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
}
