import { Hono, type Context } from 'hono';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { RollbackRequest, VersionList } from '../../core/api-types';
import { getShare } from '../db/queries';
import { shares, versions } from '../db/schema';
import type { AppEnv } from '../deps';
import { ApiError, badRequest } from '../../core/errors';
import { SHARE_ID_PATTERN } from '../lib/ids';
import { ownedShare } from '../services/auth';
import { shareInfo } from '../services/share-info';
import { readJson } from './body';

function idParam(c: Context<AppEnv>): string {
  const id = c.req.param('id') ?? '';
  if (!SHARE_ID_PATTERN.test(id)) throw new ApiError(404, 'not_found', 'No share with that id.');
  return id;
}

/** `/api/shares/:id/versions` (list) and `/api/shares/:id/rollback`: a share's history and going back in it. */
export const versionsApi = new Hono<AppEnv>();

versionsApi.get('/:id/versions', async (c) => {
  const share = await ownedShare(c, idParam(c), { allowEnded: true });
  const rows = await c.get('deps').db.orm.select().from(versions).where(eq(versions.shareId, share.id)).orderBy(desc(versions.number));
  const list: VersionList = {
    id: share.id,
    current: share.currentVersion,
    versions: rows.map((v) => ({
      number: v.number, state: v.state, createdAt: new Date(v.createdAt).toISOString(), files: v.fileCount, bytes: v.bytes, current: v.number === share.currentVersion,
    })),
  };
  return c.json(list);
});

/**
 * Makes an earlier complete version current again in one statement: the share moves only if the
 * target version exists and is complete, so a visitor sees either the old current or the target.
 * Without `to`, it goes back to the newest complete version before the current one.
 */
versionsApi.post('/:id/rollback', async (c) => {
  const deps = c.get('deps');
  const { orm } = deps.db;
  const share = await ownedShare(c, idParam(c));
  if (share.currentVersion === null) throw new ApiError(409, 'nothing_to_roll_back', 'This share has no published version yet.');
  const raw = c.req.header('content-type')?.startsWith('application/json') ? await readJson(c) : {};
  const body = (raw && typeof raw === 'object' ? raw : {}) as RollbackRequest;
  let to: number;
  if (body.to === undefined || body.to === null) {
    const prev = await orm.select({ number: versions.number }).from(versions)
      .where(and(eq(versions.shareId, share.id), eq(versions.state, 'complete'), lt(versions.number, share.currentVersion)))
      .orderBy(desc(versions.number)).limit(1);
    if (!prev[0]) throw new ApiError(409, 'nothing_to_roll_back', `Version ${share.currentVersion} is the oldest version kept; there is nothing earlier to go back to.`);
    to = prev[0].number;
  } else {
    to = Number(body.to);
    if (!Number.isSafeInteger(to) || to < 1) throw badRequest('invalid_version', '"to" must be a version number.');
  }
  if (to === share.currentVersion) return c.json(await shareInfo(c, share));
  // One statement: the target must exist and be complete, and nobody may have moved the share meanwhile.
  const moved = await orm.update(shares).set({ currentVersion: to, updatedAt: deps.clock.now() }).where(and(
    eq(shares.id, share.id), eq(shares.state, 'live'), eq(shares.currentVersion, share.currentVersion),
    sql`exists (select 1 from ${versions} where ${versions.shareId} = ${share.id} and ${versions.number} = ${to} and ${versions.state} = 'complete')`,
  )).returning({ id: shares.id });
  if (moved.length === 0) {
    const target = await orm.select({ state: versions.state }).from(versions).where(and(eq(versions.shareId, share.id), eq(versions.number, to))).limit(1);
    if (!target[0] || target[0].state !== 'complete') throw new ApiError(404, 'version_not_found', `Version ${to} of this share does not exist (or is no longer kept).`);
    throw new ApiError(409, 'version_conflict', 'This share changed while rolling back; try again.');
  }
  return c.json(await shareInfo(c, (await getShare(orm, share.id))!));
});
