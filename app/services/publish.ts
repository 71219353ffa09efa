import type { ManifestFile, UploadPlan } from '../../core/api-types';
import { recordBlob, storedHashes } from '../db/blobs';
import { findShare, insertShareStatement, updateSettingsStatements, type ShareRow } from '../db/shares';
import { finalizeVersion, findVersion, insertVersionStatements, latestVersionNumber, missingHashes, pendingFileForHash } from '../db/versions';
import { contentTypeFor } from '../../core/content-type';
import { sha256Hex } from '../../core/hash';
import { ApiError } from '../../core/errors';
import { shareOrigin } from '../lib/hosts';
import type { ValidManifest } from '../../core/manifest';
import type { Deps } from '../deps';
import { blobKey } from '../storage';
import type { ShareSettings } from './options';

/** The answer to step 1: which hashes to send where. `requestUrl` sets the link's scheme and port. */
function plan(deps: Deps, requestUrl: string, id: string, version: number, missing: string[], ownerToken?: string): UploadPlan {
  return {
    id, url: `${shareOrigin(id, requestUrl, deps.config)}/`, version, missing,
    uploadPath: `/api/shares/${id}/blobs/`, finalizePath: `/api/shares/${id}/versions/${version}/finalize`,
    ...(ownerToken ? { ownerToken } : {}),
  };
}

const withTypes = (files: ManifestFile[]) => files.map((f) => ({ ...f, contentType: contentTypeFor(f.path) }));

/** The row of a new pending share, and its owner token (shown once). */
async function newShare(deps: Deps, title: string | null, settings: ShareSettings, apiKeyId: string | null) {
  const { db, ids, clock } = deps;
  const id = ids.shareId();
  const ownerToken = ids.token();
  const now = clock.now();
  const statement = insertShareStatement(db, {
    id, ownerTokenHash: await sha256Hex(ownerToken), state: 'pending', currentVersion: null,
    title, createdAt: now, updatedAt: now, expiresAt: settings.expiresAt ?? null, revokedAt: null,
    maxViews: settings.maxViews ?? null, passwordHash: settings.passwordHash ?? null, apiKeyId,
  });
  return { id, ownerToken, statement };
}

const firstVersion = (deps: Deps, id: string, m: ValidManifest) =>
  insertVersionStatements(deps.db, { shareId: id, number: 1, entry: m.entry, files: withTypes(m.files), bytes: m.bytes, baseVersion: null, now: deps.clock.now() });

/** Step 1 of a first publish: a pending share and version. Nothing is visible until finalize. */
export async function createShare(deps: Deps, requestUrl: string, m: ValidManifest, settings: ShareSettings = {}, apiKeyId: string | null = null): Promise<UploadPlan> {
  const { id, ownerToken, statement } = await newShare(deps, m.title, settings, apiKeyId);
  await deps.db.commit([statement, ...firstVersion(deps, id, m)]);
  return plan(deps, requestUrl, id, 1, [...new Set(m.files.map((f) => f.sha256))], ownerToken);
}

/**
 * A pending share with no version yet, for the zip path, which stores each file as it unpacks it
 * and knows the file list only at the end (`addFirstVersion`). Blobs recorded for it before then
 * are found by cleanup like any abandoned publish's, once the pending TTL has passed.
 */
export async function reserveShare(deps: Deps, title: string | null, settings: ShareSettings, apiKeyId: string | null): Promise<{ id: string; ownerToken: string }> {
  const { id, ownerToken, statement } = await newShare(deps, title, settings, apiKeyId);
  await deps.db.commit([statement]);
  return { id, ownerToken };
}

/** The file list of a reserved share, as its pending version 1; `finalize` then makes it live. */
export async function addFirstVersion(deps: Deps, id: string, m: ValidManifest): Promise<void> {
  await deps.db.commit(firstVersion(deps, id, m));
}

/** Step 1 of an update: a new pending version; only hashes this share does not hold yet are asked for. */
export async function createVersion(deps: Deps, requestUrl: string, share: ShareRow, m: ValidManifest, baseVersion: number | undefined, force: boolean, settings: ShareSettings = {}): Promise<UploadPlan> {
  const { db, clock } = deps;
  if (!force && baseVersion !== undefined && baseVersion !== share.currentVersion) {
    throw new ApiError(409, 'version_conflict', `This share was updated since version ${baseVersion} (it is now at version ${share.currentVersion}). Fetch it again or force the update.`);
  }
  // A stored object is served with the size its file row names, so a new row must name the stored size.
  const have = await storedHashes(db, share.id, m.files.map((f) => f.sha256));
  const wrong = m.files.find((f) => have.has(f.sha256) && have.get(f.sha256) !== f.size);
  if (wrong) throw new ApiError(400, 'size_mismatch', `${wrong.path} is listed as ${wrong.size} bytes, but the stored file with its sha256 is ${have.get(wrong.sha256)} bytes.`);
  const number = (await latestVersionNumber(db, share.id)) + 1;
  try {
    // Settings named by the update (expiry, view limit, password) apply at once, in the same commit.
    await db.commit([
      ...insertVersionStatements(db, { shareId: share.id, number, entry: m.entry, files: withTypes(m.files), bytes: m.bytes, baseVersion: force ? null : (baseVersion ?? share.currentVersion), now: clock.now() }),
      ...updateSettingsStatements(db, share.id, settings, clock.now()),
    ]);
  } catch (err) {
    if (String(err).includes('UNIQUE') || String((err as Error)?.cause).includes('UNIQUE')) {
      throw new ApiError(409, 'version_conflict', 'Another update of this share is in progress; try again.');
    }
    throw err;
  }
  return plan(deps, requestUrl, share.id, number, [...new Set(m.files.map((f) => f.sha256).filter((h) => !have.has(h)))]);
}

/** Step 2: one file's bytes, accepted only if a pending version names the hash and the bytes match it. */
export async function storeBlob(deps: Deps, shareId: string, sha256: string, bytes: Uint8Array): Promise<void> {
  const expected = await pendingFileForHash(deps.db, shareId, sha256);
  if (!expected) throw new ApiError(404, 'not_expected', 'No pending version of this share names that hash; publish the manifest first.');
  if (bytes.byteLength !== expected.size) throw new ApiError(400, 'size_mismatch', `Expected ${expected.size} bytes, got ${bytes.byteLength}.`);
  if ((await sha256Hex(bytes)) !== sha256) throw new ApiError(400, 'hash_mismatch', 'The uploaded bytes do not match their SHA-256.');
  await storeVerified(deps, shareId, sha256, bytes, expected.contentType);
}

/**
 * Stores bytes whose SHA-256 the server computed itself (the zip path), so they are not hashed
 * again, and records them. Never for bytes a client hashed: those go through `storeBlob`.
 */
export async function storeVerified(deps: Deps, shareId: string, sha256: string, bytes: Uint8Array, contentType: string): Promise<void> {
  await deps.blobs.put(blobKey(shareId, sha256), bytes, contentType);
  await recordBlob(deps.db, shareId, sha256, bytes.byteLength, deps.clock.now());
}

/** Step 3: flips the share to the new version atomically, once every byte is stored. */
export async function finalize(deps: Deps, share: ShareRow, number: number): Promise<void> {
  const version = await findVersion(deps.db, share.id, number);
  if (!version) throw new ApiError(404, 'not_found', `Version ${number} of this share does not exist.`);
  if (version.state === 'complete') {
    if (share.currentVersion === number) return;
    throw new ApiError(409, 'version_conflict', `Version ${number} was already finalized.`);
  }
  const missing = await missingHashes(deps.db, share.id, number);
  if (missing.length > 0) throw new ApiError(409, 'missing_files', `${missing.length} file(s) of this version have not been uploaded yet.`, { missing });
  const expected = version.baseVersion === null ? (number === 1 ? null : 'any') : version.baseVersion;
  const moved = await finalizeVersion(deps.db, share.id, number, expected, undefined, deps.clock.now());
  if (!moved) {
    const now = await findShare(deps.db, share.id);
    if (now && now.state !== 'live' && now.state !== 'pending') throw new ApiError(410, 'gone', `This share was ${now.state}.`);
    throw new ApiError(409, 'version_conflict', `This share was updated by someone else since version ${version.baseVersion}.`);
  }
}
