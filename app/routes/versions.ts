import { Hono } from 'hono';
import type { RollbackRequest } from '../../core/api-types';
import type { AppEnv } from '../deps';
import { ownedShare } from '../services/auth';
import { listVersions, rollback } from '../services/versions';
import { readJson } from './body';
import { bearer, idParam } from './params';

/** `/api/shares/:id/versions` (list) and `/api/shares/:id/rollback`: a share's history and going back in it. */
export const versionsApi = new Hono<AppEnv>();

versionsApi.get('/:id/versions', async (c) => {
  const deps = c.get('deps');
  return c.json(await listVersions(deps, await ownedShare(deps, idParam(c), bearer(c), { allowEnded: true })));
});

/** Body `{"to": n}` (optional, JSON): without it, back to the version before the current one. */
versionsApi.post('/:id/rollback', async (c) => {
  const deps = c.get('deps');
  const share = await ownedShare(deps, idParam(c), bearer(c));
  const raw = c.req.header('content-type')?.startsWith('application/json') ? await readJson(c) : {};
  const body = (raw && typeof raw === 'object' ? raw : {}) as RollbackRequest;
  return c.json(await rollback(deps, c.req.url, share, body.to));
});
