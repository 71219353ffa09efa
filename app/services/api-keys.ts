import { customAlphabet } from 'nanoid';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { ApiKeyInfo, CreatedApiKey } from '../../core/api-types';
import { apiKeys } from '../db/schema';
import type { Deps } from '../deps';
import { constantTimeEqual, sha256Hex } from '../lib/crypto';
import { ApiError, badRequest } from '../../core/errors';
import { base64url } from '../lib/ids';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

/** Keys are recognisable by their prefix, so the same `Authorization: Bearer` header carries either kind of secret. */
export const API_KEY_PREFIX = 'shk_';
const keyId = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyz', 12);

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
export const keyInfo = (k: ApiKeyRow): ApiKeyInfo => ({ id: k.id, name: k.name, createdAt: iso(k.createdAt)!, revokedAt: iso(k.revokedAt) });

/** A new key: 32 random bytes (256 bits), shown once; only its SHA-256 is stored. */
export async function createApiKey(deps: Deps, rawName: unknown): Promise<CreatedApiKey> {
  const name = typeof rawName === 'string' ? rawName.trim() : '';
  if (!name || name.length > 100) throw badRequest('invalid_name', '"name" must be 1 to 100 characters.');
  const key = `${API_KEY_PREFIX}${base64url(crypto.getRandomValues(new Uint8Array(32)))}`;
  const row: ApiKeyRow = { id: `key_${keyId()}`, name, keyHash: await sha256Hex(key), createdAt: deps.clock.now(), revokedAt: null };
  await deps.db.orm.insert(apiKeys).values(row);
  return { ...keyInfo(row), key };
}

export async function listApiKeys(deps: Deps): Promise<ApiKeyInfo[]> {
  return (await deps.db.orm.select().from(apiKeys).orderBy(desc(apiKeys.createdAt))).map(keyInfo);
}

export async function revokeApiKey(deps: Deps, id: string): Promise<ApiKeyInfo> {
  const now = deps.clock.now();
  await deps.db.orm.update(apiKeys).set({ revokedAt: now }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
  const rows = await deps.db.orm.select().from(apiKeys).where(eq(apiKeys.id, id)).limit(1);
  if (!rows[0]) throw new ApiError(404, 'not_found', 'No API key with that id.');
  return keyInfo(rows[0]);
}

/** The live key a presented secret belongs to, or a 401: a wrong key is never silently treated as anonymous. */
export async function findApiKey(deps: Deps, presented: string): Promise<ApiKeyRow> {
  const hash = await sha256Hex(presented);
  const rows = await deps.db.orm.select().from(apiKeys).where(eq(apiKeys.keyHash, hash)).limit(1);
  const row = rows[0];
  if (!row || !constantTimeEqual(row.keyHash, hash) || row.revokedAt !== null) throw new ApiError(401, 'invalid_api_key', 'That API key is not valid (unknown or revoked).');
  return row;
}
