import { blobHashes, forgetBlobs } from '../db/blobs';
import { endShare, type ShareState } from '../db/shares';
import type { Deps } from '../deps';
import { blobKey } from '../storage';

/** Deletes a share's objects from the blob store, then forgets them, so a failure half-way is retried by cleanup. */
export async function deleteShareBlobs(deps: Deps, shareId: string, only?: string[]): Promise<number> {
  const hashes = only ?? (await blobHashes(deps.db, shareId));
  if (hashes.length === 0) return 0;
  await deps.blobs.delete(hashes.map((h) => blobKey(shareId, h)));
  await forgetBlobs(deps.db, shareId, only ? hashes : undefined);
  return hashes.length;
}

/**
 * Ends a share (revoked, expired or taken down): one write makes every URL of it answer 410 (451)
 * from the next request on, then its objects are deleted. Returns how many objects went.
 */
export async function endAndPurge(deps: Deps, shareId: string, state: Exclude<ShareState, 'pending' | 'live'>, reason?: string): Promise<number> {
  await endShare(deps.db, shareId, state, deps.clock.now(), reason);
  return deleteShareBlobs(deps, shareId);
}
