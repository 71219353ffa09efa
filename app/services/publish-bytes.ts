import type { PublishResult, ShareInfo } from '../../core/api-types';
import type { ValidManifest } from '../../core/manifest';
import { findShare, type ShareRow } from '../db/shares';
import type { Deps } from '../deps';
import type { ShareSettings } from './options';
import { createShare, createVersion, finalize, storeVerified, type VersionSlot } from './publish';
import { currentShareInfo, shareInfo } from './share-info';

/** Bytes the server holds itself (unpacked from a zip, decoded from MCP text), by their SHA-256, with the types of the files naming them. */
export type BytesByHash = Map<string, { bytes: Uint8Array; contentTypes: string[] }>;

/**
 * A first publish whose bytes are already in memory and hashed by the server (the zip path, the
 * remote MCP tools): the same three steps as a manifest publish (createShare, store, finalize),
 * run server-side. Answers the share with its owner token, shown this once.
 */
export async function publishHeld(deps: Deps, requestUrl: string, manifest: ValidManifest, bytes: BytesByHash, settings: ShareSettings, apiKeyId: string | null): Promise<PublishResult> {
  const created = await createShare(deps, requestUrl, manifest, settings, apiKeyId);
  await storeMissing(deps, created.id, created.missing, bytes);
  await finalize(deps, (await findShare(deps.db, created.id))!, 1);
  return { ...(await shareInfo(deps, requestUrl, (await findShare(deps.db, created.id))!)), ownerToken: created.ownerToken };
}

/**
 * An update of an owned share from bytes in memory: a new version (only hashes the share lacks are
 * stored), finalized at once. `slot` from `planVersion` (409 on a stale base or too many pending
 * versions). `unchanged`: the bytes were the ones the link shows, so no version was made.
 */
export async function updateHeld(deps: Deps, requestUrl: string, share: ShareRow, manifest: ValidManifest, bytes: BytesByHash, settings: ShareSettings, slot: VersionSlot): Promise<{ info: ShareInfo; unchanged: boolean }> {
  const plan = await createVersion(deps, requestUrl, share, manifest, slot, settings);
  await storeMissing(deps, share.id, plan.missing, bytes);
  await finalize(deps, share, plan.version);
  return { info: await currentShareInfo(deps, requestUrl, share.id), unchanged: plan.unchanged === true };
}

async function storeMissing(deps: Deps, shareId: string, missing: string[], held: BytesByHash): Promise<void> {
  for (const sha256 of missing) {
    const blob = held.get(sha256)!;
    await storeVerified(deps, shareId, sha256, blob.bytes, blob.contentTypes);
  }
}
