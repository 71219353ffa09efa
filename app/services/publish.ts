import type { ManifestFile, UploadPlan } from '../../core/api-types';
import { recordBlob, storedHashes } from '../db/blobs';
import { findShare, insertShareStatement, updateSettingsStatements, type ShareRow } from '../db/shares';
import { filesOfVersion, finalizeVersion, findVersion, insertVersionStatements, latestVersionNumber, missingHashes, pendingFileForHash } from '../db/versions';
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

/** Step 1 of a first publish: a pending share and version. Nothing is visible until finalize. */
export async function createShare(deps: Deps, requestUrl: string, m: ValidManifest, settings: ShareSettings = {}, apiKeyId: string | null = null): Promise<UploadPlan> {
  const { db, ids, clock } = deps;
  const id = ids.shareId();
  const ownerToken = ids.token();
  const now = clock.now();
  await db.commit([
    insertShareStatement(db, {
      id, ownerTokenHash: await sha256Hex(ownerToken), state: 'pending', currentVersion: null,
      title: m.title, createdAt: now, updatedAt: now, expiresAt: settings.expiresAt ?? null, revokedAt: null,
      maxViews: settings.maxViews ?? null, passwordHash: settings.passwordHash ?? null, apiKeyId,
    }),
    ...insertVersionStatements(db, { shareId: id, number: 1, entry: m.entry, title: m.title, files: withTypes(m.files), bytes: m.bytes, baseVersion: null, now }),
  ]);
  return plan(deps, requestUrl, id, 1, [...new Set(m.files.map((f) => f.sha256))], ownerToken);
}

/**
 * True when a manifest names exactly the files (paths, sizes, hashes) and entry page of a share's
 * current version: sharing it again would change nothing a visitor can see.
 */
async function sameAsCurrent(deps: Deps, share: ShareRow, m: ValidManifest): Promise<boolean> {
  if (share.state !== 'live' || share.currentVersion === null) return false;
  const current = await findVersion(deps.db, share.id, share.currentVersion);
  if (!current || current.entry !== m.entry || current.fileCount !== m.files.length || current.bytes !== m.bytes) return false;
  const have = new Map((await filesOfVersion(deps.db, share.id, share.currentVersion)).map((f) => [f.path, f]));
  return m.files.every((f) => { const h = have.get(f.path); return h !== undefined && h.sha256 === f.sha256 && h.size === f.size; });
}

/**
 * Step 1 of an update: a new pending version; only hashes this share does not hold yet are asked
 * for. An update that changes nothing (the same files and entry page as the current version) makes
 * no version at all: the plan names the current one, `unchanged`, with nothing to send.
 */
export async function createVersion(deps: Deps, requestUrl: string, share: ShareRow, m: ValidManifest, baseVersion: number | undefined, force: boolean, settings: ShareSettings = {}): Promise<UploadPlan> {
  const { db, clock } = deps;
  if (!force && baseVersion !== undefined && baseVersion !== share.currentVersion) {
    throw new ApiError(409, 'version_conflict', `This share was updated since version ${baseVersion} (it is now at version ${share.currentVersion}). Fetch it again or force the update.`);
  }
  if (await sameAsCurrent(deps, share, m)) {
    const statements = updateSettingsStatements(db, share.id, settings, clock.now());
    if (statements.length > 0) await db.commit(statements);
    return { ...plan(deps, requestUrl, share.id, share.currentVersion!, []), unchanged: true };
  }
  // A stored object is served with the size its file row names, so a new row must name the stored size.
  const have = await storedHashes(db, share.id, m.files.map((f) => f.sha256));
  const wrong = m.files.find((f) => have.has(f.sha256) && have.get(f.sha256) !== f.size);
  if (wrong) throw new ApiError(400, 'size_mismatch', `${wrong.path} is listed as ${wrong.size} bytes, but the stored file with its sha256 is ${have.get(wrong.sha256)} bytes.`);
  const number = (await latestVersionNumber(db, share.id)) + 1;
  try {
    // Settings named by the update (expiry, view limit, password) apply at once, in the same commit.
    await db.commit([
      ...insertVersionStatements(db, { shareId: share.id, number, entry: m.entry, title: m.title, files: withTypes(m.files), bytes: m.bytes, baseVersion: force ? null : (baseVersion ?? share.currentVersion), now: clock.now() }),
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
  const moved = await finalizeVersion(deps.db, share.id, number, expected, version.title, deps.clock.now());
  if (!moved) {
    const now = await findShare(deps.db, share.id);
    if (now && now.state !== 'live' && now.state !== 'pending') throw new ApiError(410, 'gone', `This share was ${now.state}.`);
    throw new ApiError(409, 'version_conflict', `This share was updated by someone else since version ${version.baseVersion}.`);
  }
}
