import type { AllowEdit, AllowList, ViewerStatus } from '../../core/api-types';
import { capAllowList, matchingEntry, normaliseAllowList, normaliseEntry } from '../../core/allow';
import { badRequest } from '../../core/errors';
import { parseAllowList, storedAllowList, viewersOf, type ViewerRow } from '../db/allow';
import { findShare, updateSettingsStatements, type ShareRow } from '../db/shares';
import type { Deps } from '../deps';
import { isoTime } from '../lib/time';
import { unlockSecret } from './secret';

/** The allowlist columns a publish or update sets. */
export interface AllowColumns {
  allowList: string | null;
  /** Present when an entry was removed: the new version, which ends every viewer cookie issued before. */
  allowVersion?: number;
}

/**
 * The columns for a publish's or update's `allow` (a list, or null / [] for none), given the
 * share as it is now (`current`, on updates). Removing any entry raises the version, so people
 * who are no longer listed lose access at their next request; adding entries does not, so adding a
 * colleague logs nobody out. Errors: the core's 400s (`invalid_allow`, `invalid_allow_entry`, `too_many_allowed`).
 */
export function allowSetting(raw: unknown, current?: { allowList: string | null; allowVersion: number }): AllowColumns {
  const entries = raw === null ? [] : normaliseAllowList(raw);
  const before = current ? parseAllowList(current.allowList) : [];
  const removes = before.some((e) => !entries.includes(e));
  return { allowList: storedAllowList(entries), ...(current && removes ? { allowVersion: current.allowVersion + 1 } : {}) };
}

/** A list of entries from an `AllowEdit` field; ApiError 400 `invalid_allow` for anything but a list. */
function entriesOf(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badRequest('invalid_allow', `"${field}" must be a list of email addresses and *@domain entries.`);
  return value.map(normaliseEntry);
}

/**
 * `POST /api/shares/:id/allow`: adds and removes entries without a new version (removals win
 * over additions of the same entry). `clear: true` removes the allowlist, opening the link to
 * anyone with it; an edit that would empty the list without it is refused (400 `allow_empty`),
 * since removing the last person must not silently make the link public. Errors as `allowSetting`,
 * and 503 `not_configured` without a cookie secret.
 */
export async function editAllowList(deps: Deps, share: ShareRow, body: unknown): Promise<AllowList> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('invalid_allow', 'Send {"add": [...], "remove": [...]} or {"clear": true}.');
  const edit = body as AllowEdit & { clear?: unknown };
  const add = entriesOf(edit.add, 'add');
  const remove = entriesOf(edit.remove, 'remove');
  const before = parseAllowList(share.allowList);
  let entries: string[] = [];
  if (edit.clear !== true) {
    entries = capAllowList([...new Set([...before, ...add])].filter((e) => !remove.includes(e)));
    if (entries.length === 0) throw badRequest('allow_empty', 'That would leave nobody on the allowlist. To let anyone with the link open it again, remove the allowlist ({"clear": true}; share allow <link> --clear); to keep it closed, revoke the link.');
    await unlockSecret(deps);
  }
  const columns = allowSetting(entries, share);
  await deps.db.commit(updateSettingsStatements(deps.db, share.id, columns, deps.clock.now()));
  return { id: share.id, allow: entries };
}

/** The entries of a share's allowlist, as `ShareInfo.allow` shows them. */
export const allowOf = (share: Pick<ShareRow, 'allowList'>): string[] => parseAllowList(share.allowList);

/** One person's status from their row (or none yet). */
function statusOf(entry: string, row: ViewerRow | undefined, address: string | null): ViewerStatus {
  return {
    entry, address,
    status: row?.firstOpenedAt != null ? 'opened' : row?.codeSentAt != null ? 'code_sent' : 'invited',
    codeSentAt: isoTime(row?.codeSentAt ?? null), firstOpenedAt: isoTime(row?.firstOpenedAt ?? null),
    lastOpenedAt: isoTime(row?.lastOpenedAt ?? null), failedAttempts: row?.failedAttempts ?? 0,
  };
}

/**
 * Each person's status on an allowlisted link, in the list's order: one row per exact entry
 * (`invited` until they ask for a code); for a domain entry, one row per address of it that asked
 * for a code (newest first), or a single `invited` row with no address when nobody did yet.
 * Undefined for a link without an allowlist.
 */
export async function viewerStatuses(deps: Deps, shareId: string): Promise<ViewerStatus[] | undefined> {
  const share = await findShare(deps.db, shareId);
  const entries = share ? allowOf(share) : [];
  if (entries.length === 0) return undefined;
  const rows = await viewersOf(deps.db, shareId);
  const byAddress = new Map(rows.map((r) => [r.address, r]));
  return entries.flatMap((entry) => {
    if (!entry.startsWith('*@')) return [statusOf(entry, byAddress.get(entry), entry)];
    const under = rows.filter((r) => matchingEntry(entries, r.address) === entry).sort((a, b) => (b.codeSentAt ?? 0) - (a.codeSentAt ?? 0));
    return under.length === 0 ? [statusOf(entry, undefined, null)] : under.map((r) => statusOf(entry, r, r.address));
  });
}
