import { blobHashes, forgetBlobs } from '../db/queries';
import type { Deps } from '../deps';
import { blobKey } from '../storage';

/** Deletes a share's objects from the blob store, then forgets them, so a failure half-way is retried by cleanup. */
export async function deleteShareBlobs(deps: Deps, shareId: string, only?: string[]): Promise<number> {
  const hashes = only ?? (await blobHashes(deps.db.orm, shareId));
  if (hashes.length === 0) return 0;
  await deps.blobs.delete(hashes.map((h) => blobKey(shareId, h)));
  await forgetBlobs(deps.db.orm, shareId, only ? hashes : undefined);
  return hashes.length;
}
