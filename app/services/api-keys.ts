import type { ApiKeyInfo, CreatedApiKey } from '../../core/api-types';
import { findApiKeyByHash, findApiKeyById, insertApiKey, listApiKeys as listKeyRows, markApiKeyRevoked, type ApiKeyRow } from '../db/api-keys';
import type { Deps } from '../deps';
import { sha256Hex } from '../../core/hash';
import { constantTimeEqual } from '../lib/crypto';
import { ApiError, badRequest } from '../../core/errors';
import { base64url, lowerAlnumIds } from '../lib/ids';
import { isoTime } from '../lib/time';

export type { ApiKeyRow };

/** Keys are recognisable by their prefix, so the same `Authorization: Bearer` header carries either kind of secret. */
export const API_KEY_PREFIX = 'shk_';
const keyId = lowerAlnumIds(12);

export const keyInfo = (k: ApiKeyRow): ApiKeyInfo => ({ id: k.id, name: k.name, createdAt: isoTime(k.createdAt), revokedAt: isoTime(k.revokedAt) });

/** A new key: 32 random bytes (256 bits), shown once; only its SHA-256 is stored. */
export async function createApiKey(deps: Deps, rawName: unknown): Promise<CreatedApiKey> {
  const name = typeof rawName === 'string' ? rawName.trim() : '';
  if (!name || name.length > 100) throw badRequest('invalid_name', '"name" must be 1 to 100 characters.');
  const key = `${API_KEY_PREFIX}${base64url(crypto.getRandomValues(new Uint8Array(32)))}`;
  const row: ApiKeyRow = { id: `key_${keyId()}`, name, keyHash: await sha256Hex(key), createdAt: deps.clock.now(), revokedAt: null };
  await insertApiKey(deps.db, row);
  return { ...keyInfo(row), key };
}

export async function listApiKeys(deps: Deps): Promise<ApiKeyInfo[]> {
  return (await listKeyRows(deps.db)).map(keyInfo);
}

/** Revokes a key (again is fine: the first time is kept); 404 for an unknown id. */
export async function revokeApiKey(deps: Deps, id: string): Promise<ApiKeyInfo> {
  await markApiKeyRevoked(deps.db, id, deps.clock.now());
  const row = await findApiKeyById(deps.db, id);
  if (!row) throw new ApiError(404, 'not_found', 'No API key with that id.');
  return keyInfo(row);
}

/** The live key a presented secret belongs to, or a 401: a wrong key is never silently treated as anonymous. */
export async function findApiKey(deps: Deps, presented: string): Promise<ApiKeyRow> {
  const hash = await sha256Hex(presented);
  const row = await findApiKeyByHash(deps.db, hash);
  if (!row || !constantTimeEqual(row.keyHash, hash) || row.revokedAt !== null) throw new ApiError(401, 'invalid_api_key', 'That API key is not valid (unknown or revoked).');
  return row;
}
