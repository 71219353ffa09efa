import type { ValidManifest } from '../../core/manifest';
import type { ShareRow } from '../db/shares';
import { filesOfVersion, findVersion } from '../db/versions';
import type { Deps } from '../deps';

/**
 * True when an update would change nothing a visitor can see: the share is live and its current
 * version has exactly the manifest's files (paths, sizes, hashes), entry page, root folder and
 * single-page-app setting (`spa`, as the update resolves it). Such an update makes no version
 * (`createVersion` answers `unchanged`). Index rows (`dir/`) are derived from the files, so they
 * are not compared.
 */
export async function sameAsCurrent(deps: Deps, share: ShareRow, m: ValidManifest, spa: boolean): Promise<boolean> {
  if (share.state !== 'live' || share.currentVersion === null) return false;
  const current = await findVersion(deps.db, share.id, share.currentVersion);
  if (!current || current.entry !== m.entry || current.fileCount !== m.files.length || current.bytes !== m.bytes) return false;
  if (current.spa !== spa || (current.root ?? null) !== (m.root ?? null)) return false;
  const have = new Map((await filesOfVersion(deps.db, share.id, share.currentVersion)).map((f) => [f.path, f]));
  return m.files.every((f) => { const h = have.get(f.path); return h !== undefined && h.sha256 === f.sha256 && h.size === f.size; });
}
