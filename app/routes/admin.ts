import { Hono } from 'hono';
import type { TakedownRequest } from '../../core/api-types';
import type { AppEnv } from '../deps';
import { createApiKey, listApiKeys, revokeApiKey } from '../services/api-keys';
import { requireAdmin } from '../services/auth';
import { listReports } from '../services/reports';
import { takeDownShare } from '../services/shares';
import { readJson } from './body';
import { bearer, idParam } from './params';

/** `/api/admin/*`: operator routes behind `Authorization: Bearer <ADMIN_TOKEN>`. */
export const adminApi = new Hono<AppEnv>();

adminApi.use('*', async (c, next) => {
  await requireAdmin(c.get('deps'), bearer(c), c.get('deps').clientIp(c.req.raw));
  await next();
});

adminApi.post('/keys', async (c) => {
  const body = (await readJson(c)) as { name?: unknown };
  return c.json(await createApiKey(c.get('deps'), body?.name), 201);
});

adminApi.get('/keys', async (c) => c.json({ keys: await listApiKeys(c.get('deps')) }));

adminApi.delete('/keys/:id', async (c) => c.json(await revokeApiKey(c.get('deps'), c.req.param('id'))));

adminApi.get('/reports', async (c) => c.json({ reports: await listReports(c.get('deps')) }));

/** Takes a share down: 451 on every URL from the next request, its objects deleted, the reason kept. */
adminApi.post('/shares/:id/takedown', async (c) => {
  const id = idParam(c);
  const body = (await readJson(c)) as Partial<TakedownRequest> | null;
  return c.json(await takeDownShare(c.get('deps'), c.req.url, id, body?.reason));
});
