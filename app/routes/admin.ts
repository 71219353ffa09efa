import { Hono, type Context } from 'hono';
import type { TakedownRequest } from '../../core/api-types';
import { endShare, getShare } from '../db/queries';
import type { AppEnv } from '../deps';
import { ApiError, badRequest } from '../../core/errors';
import { SHARE_ID_PATTERN } from '../lib/ids';
import { createApiKey, listApiKeys, revokeApiKey } from '../services/api-keys';
import { requireAdmin } from '../services/auth';
import { deleteShareBlobs } from '../services/purge';
import { listReports } from '../services/reports';
import { shareInfo } from '../services/share-info';
import { readJson } from './body';

/** `/api/admin/*`: operator routes behind `Authorization: Bearer <ADMIN_TOKEN>`. */
export const adminApi = new Hono<AppEnv>();

adminApi.use('*', async (c, next) => {
  await requireAdmin(c);
  await next();
});

adminApi.post('/keys', async (c) => {
  const body = (await readJson(c)) as { name?: unknown };
  return c.json(await createApiKey(c.get('deps'), body?.name), 201);
});

adminApi.get('/keys', async (c) => c.json({ keys: await listApiKeys(c.get('deps')) }));

adminApi.delete('/keys/:id', async (c) => c.json(await revokeApiKey(c.get('deps'), c.req.param('id'))));

adminApi.get('/reports', async (c) => c.json({ reports: await listReports(c.get('deps')) }));

function idParam(c: Context<AppEnv>): string {
  const id = c.req.param('id') ?? '';
  if (!SHARE_ID_PATTERN.test(id)) throw new ApiError(404, 'not_found', 'No share with that id.');
  return id;
}

/** Takes a share down: 451 on every URL from the next request, its objects deleted, the reason kept. */
adminApi.post('/shares/:id/takedown', async (c) => {
  const deps = c.get('deps');
  const id = idParam(c);
  const body = (await readJson(c)) as Partial<TakedownRequest>;
  const reason = typeof body?.reason === 'string' ? body.reason.trim() : '';
  if (!reason || reason.length > 1000) throw badRequest('invalid_reason', 'A takedown needs a "reason" of 1 to 1000 characters.');
  const share = await getShare(deps.db.orm, id);
  if (!share) throw new ApiError(404, 'not_found', 'No share with that id.');
  await endShare(deps.db, id, 'taken_down', deps.clock.now(), reason);
  await deleteShareBlobs(deps, id);
  deps.log.info('takedown', { shareId: id, reason });
  return c.json({ ...(await shareInfo(c, (await getShare(deps.db.orm, id))!)), reason });
});
