import type { UploadPlan } from '../../core/api-types';
import { recordBlob, storedHashes } from '../db/blobs';
import { findShare, insertShareStatement, updateSettingsStatements, type ShareRow } from '../db/shares';
import { finalizeVersion, findVersion, insertVersionStatements, missingHashes, pendingFileForHash, versionCounts } from '../db/versions';
import { sha256Hex } from '../../core/hash';
import { ApiError } from '../../core/errors';
import { formatBytes } from '../../core/limits';
import { shareOrigin } from '../lib/hosts';
import type { ValidManifest } from '../../core/manifest';
import type { Deps } from '../deps';
import { blobKey } from '../storage';
import { applyCharsets, evidenceFor, fileRows } from './file-rows';
import type { ShareSettings } from './options';
import { sameAsCurrent } from './same-version';

/** The answer to step 1: which hashes to send where. `requestUrl` sets the link's scheme and port. */
function plan(deps: Deps, requestUrl: string, id: string, version: number, m: ValidManifest, missing: string[], ownerToken?: string): UploadPlan {
  return {
    id, url: `${shareOrigin(id, requestUrl, deps.config)}/`, version, missing,
    uploadPath: `/api/shares/${id}/blobs/`, finalizePath: `/api/shares/${id}/versions/${version}/finalize`,
    ...(ownerToken ? { ownerToken } : {}), root: m.root, warnings: m.warnings,
  };
}

/** The version row and file rows of a manifest (`spa` as decided by the caller). */
const versionOf = (m: ValidManifest, spa: boolean) => ({ entry: m.entry, title: m.title, files: fileRows(m.files), fileCount: m.files.length, bytes: m.bytes, spa, root: m.root });

/** The row of a new pending share, and its owner token (shown once). */
async function newShare(deps: Deps, title: string | null, settings: ShareSettings, apiKeyId: string | null) {
  const { db, ids, clock } = deps;
  const id = ids.shareId();
  const ownerToken = ids.token();
  const now = clock.now();
  const statement = insertShareStatement(db, {
    id, ownerTokenHash: await sha256Hex(ownerToken), state: 'pending', currentVersion: null,
    title, createdAt: now, updatedAt: now, expiresAt: settings.expiresAt ?? null, revokedAt: null,
    maxViews: settings.maxViews ?? null, passwordHash: settings.passwordHash ?? null, allowList: settings.allowList ?? null, apiKeyId,
    feedback: settings.feedback ?? false, live: settings.live ?? false,
  });
  return { id, ownerToken, statement };
}

const firstVersion = (deps: Deps, id: string, m: ValidManifest) =>
  insertVersionStatements(deps.db, { shareId: id, number: 1, ...versionOf(m, m.spa === true), baseVersion: null, now: deps.clock.now() });

/** Step 1 of a first publish: a pending share and version. Nothing is visible until finalize. */
export async function createShare(deps: Deps, requestUrl: string, m: ValidManifest, settings: ShareSettings = {}, apiKeyId: string | null = null): Promise<UploadPlan> {
  const { id, ownerToken, statement } = await newShare(deps, m.title, settings, apiKeyId);
  await deps.db.commit([statement, ...firstVersion(deps, id, m)]);
  return plan(deps, requestUrl, id, 1, m, [...new Set(m.files.map((f) => f.sha256))], ownerToken);
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

/** An update checked and numbered, before anything costly (a password hash, file rows) is done for it. */
export interface VersionSlot {
  number: number;
  /** The version the update replaces, or null when forced. */
  baseVersion: number | null;
  /** Hashes of the manifest the share already holds, with their stored sizes. */
  have: Map<string, number>;
}

/**
 * Step 1 of an update, its checks: the base version (409 `version_conflict`), the share's
 * unfinished versions (409 `too_many_pending` past MAX_PENDING_VERSIONS, with Retry-After: when
 * the oldest passes the pending TTL and stops counting) and stored sizes (400 `size_mismatch`).
 * Refusing rather than replacing the oldest pending version: that one may be another client's
 * upload in progress (a second machine, a CI job), and an abandoned one frees itself after the TTL.
 */
export async function planVersion(deps: Deps, share: ShareRow, m: ValidManifest, baseVersion: number | undefined, force: boolean): Promise<VersionSlot> {
  const { db, clock, config } = deps;
  if (!force && baseVersion !== undefined && baseVersion !== share.currentVersion) {
    throw new ApiError(409, 'version_conflict', `This share was updated since version ${baseVersion} (it is now at version ${share.currentVersion}). Fetch it again or force the update.`);
  }
  const now = clock.now();
  const counts = await versionCounts(db, share.id, now - config.pendingTtlMs);
  if (counts.pending >= config.maxPendingVersions) {
    const retryAfter = Math.max(1, Math.ceil(((counts.oldestPendingAt ?? now) + config.pendingTtlMs - now) / 1000));
    throw new ApiError(409, 'too_many_pending', `This link already has ${counts.pending} unfinished updates, the most it may hold. Try again in ${Math.ceil(retryAfter / 60)} minutes, when the oldest is abandoned, or finish one of them (upload its files, then finalize it).`,
      { pending: counts.pending, limit: config.maxPendingVersions, retryAfter }, { 'Retry-After': String(retryAfter) });
  }
  // A stored object is served with the size its file row names, so a new row must name the stored size.
  const have = await storedHashes(db, share.id, m.files.map((f) => f.sha256));
  const wrong = m.files.find((f) => have.has(f.sha256) && have.get(f.sha256) !== f.size);
  if (wrong) throw new ApiError(400, 'size_mismatch', `${wrong.path} is listed as ${wrong.size} bytes, but the stored file with its sha256 is ${have.get(wrong.sha256)} bytes.`);
  return { number: counts.latest + 1, baseVersion: force ? null : (baseVersion ?? share.currentVersion), have };
}

/**
 * Step 1 of an update, its write: a new pending version; only hashes this share does not hold yet
 * are asked for. An update that changes nothing a visitor sees (`sameAsCurrent`) makes no version:
 * the plan names the current one, `unchanged`, with nothing to send; settings it names still apply.
 */
export async function createVersion(deps: Deps, requestUrl: string, share: ShareRow, m: ValidManifest, slot: VersionSlot, settings: ShareSettings = {}): Promise<UploadPlan> {
  const { db, clock } = deps;
  // An update that does not say whether the bundle is a single-page app keeps what the link does now.
  const spa = m.spa ?? (share.currentVersion ? (await findVersion(db, share.id, share.currentVersion))?.spa ?? false : false);
  if (await sameAsCurrent(deps, share, m, spa)) {
    const statements = updateSettingsStatements(db, share.id, settings, clock.now());
    if (statements.length > 0) await db.commit(statements);
    return { ...plan(deps, requestUrl, share.id, share.currentVersion!, m, []), unchanged: true };
  }
  try {
    // Settings named by the update (expiry, view limit, password) apply at once, in the same commit.
    await db.commit([
      ...insertVersionStatements(db, { shareId: share.id, number: slot.number, ...versionOf(m, spa), baseVersion: slot.baseVersion, now: clock.now() }),
      ...updateSettingsStatements(db, share.id, settings, clock.now()),
    ]);
  } catch (err) {
    if (String(err).includes('UNIQUE') || String((err as Error)?.cause).includes('UNIQUE')) {
      throw new ApiError(409, 'version_conflict', 'Another update of this share is in progress; try again.');
    }
    throw err;
  }
  return plan(deps, requestUrl, share.id, slot.number, m, [...new Set(m.files.map((f) => f.sha256).filter((h) => !slot.have.has(h)))]);
}

/** What an upload of one hash may be: its size and type, and whether the share holds it already. */
export interface ExpectedBlob {
  size: number;
  /** The types of the pending files with this hash (their encoding evidence is kept for text). */
  contentTypes: string[];
  stored: boolean;
}

/**
 * Step 2, before any byte is read: an upload is accepted only for a hash a pending version names
 * (404 `not_expected`), and only at the size it names: a declared `Content-Length` over
 * MAX_FILE_BYTES is 413 `file_too_large`, any other one but the expected size 400
 * `size_mismatch`. A PUT so buys no reading, hashing or storing beyond what a pending version
 * expects (a body without `Content-Length` is read up to MAX_FILE_BYTES and refused by its size
 * before it is hashed). A hash the share already holds is `stored`: the caller answers 204
 * without reading the body, since content addressing makes the stored bytes the same ones.
 */
export async function expectBlob(deps: Deps, shareId: string, sha256: string, declaredLength: number | null): Promise<ExpectedBlob> {
  const expected = await pendingFileForHash(deps.db, shareId, sha256);
  if (!expected) throw new ApiError(404, 'not_expected', 'No pending version of this share names that hash; publish the manifest first.');
  if (declaredLength !== null && declaredLength > deps.config.limits.maxFileBytes) {
    throw new ApiError(413, 'file_too_large', `The upload is ${formatBytes(declaredLength)}; the limit is ${formatBytes(deps.config.limits.maxFileBytes)}.`);
  }
  if (declaredLength !== null && declaredLength !== expected.size) throw new ApiError(400, 'size_mismatch', `Expected ${expected.size} bytes, got ${declaredLength}.`);
  return expected;
}

/** Step 2: one file's bytes, read within its expected size (`expectBlob`), stored only if they hash to `sha256`. */
export async function storeBlob(deps: Deps, shareId: string, sha256: string, bytes: Uint8Array, expected: ExpectedBlob): Promise<void> {
  if (bytes.byteLength !== expected.size) throw new ApiError(400, 'size_mismatch', `Expected ${expected.size} bytes, got ${bytes.byteLength}.`);
  if ((await sha256Hex(bytes)) !== sha256) throw new ApiError(400, 'hash_mismatch', 'The uploaded bytes do not match their SHA-256.');
  await storeVerified(deps, shareId, sha256, bytes, expected.contentTypes);
}

/**
 * Stores bytes whose SHA-256 the server computed itself (the zip path), so they are not hashed
 * again, and records them, with their encoding evidence when a text file names them
 * (`contentTypes`: the types of the files with these bytes). Never for bytes a client hashed:
 * those go through `storeBlob`.
 */
export async function storeVerified(deps: Deps, shareId: string, sha256: string, bytes: Uint8Array, contentTypes: string[]): Promise<void> {
  await deps.blobs.put(blobKey(shareId, sha256), bytes, contentTypes[0] ?? 'application/octet-stream');
  await recordBlob(deps.db, shareId, sha256, bytes.byteLength, deps.clock.now(), evidenceFor(bytes, contentTypes));
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
  await applyCharsets(deps.db, share.id, number);
  const expected = version.baseVersion === null ? (number === 1 ? null : 'any') : version.baseVersion;
  const moved = await finalizeVersion(deps.db, share.id, number, expected, version.title, deps.clock.now());
  if (!moved) {
    const now = await findShare(deps.db, share.id);
    if (now && now.state !== 'live' && now.state !== 'pending') throw new ApiError(410, 'gone', `This share was ${now.state}.`);
    throw new ApiError(409, 'version_conflict', `This share was updated by someone else since version ${version.baseVersion}.`);
  }
}
