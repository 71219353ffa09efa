import { Hono } from 'hono';
import type { UpdateRequest } from '../../core/api-types';
import { ApiError, badRequest } from '../../core/errors';
import type { AppEnv } from '../deps';
import { ownedShare } from '../services/auth';
import { admitUpdate } from '../services/budgets';
import { expectBlob, finalize, storeBlob } from '../services/publish';
import { publishZip } from '../services/publish-zip';
import { currentShareInfo, shareInfo } from '../services/share-info';
import { admitPublisher, listSharesOfKey, publishManifest, revokeShare, updateManifest } from '../services/shares';
import { shareStats } from '../services/stats';
import { editAllowList } from '../services/allowlist';
import { declaredLength, readBody, readJson } from './body';
import { bearer, idParam } from './params';

/** `/api/shares`: publish (manifest or zip), upload, finalize, update, inspect and revoke. */
export const sharesApi = new Hono<AppEnv>();

const ZIP_TYPES = new Set(['application/zip', 'application/x-zip-compressed']);

/** The links an API key created, newest first, from any machine. */
sharesApi.get('/', async (c) => c.json(await listSharesOfKey(c.get('deps'), c.req.url, bearer(c))));

sharesApi.post('/', async (c) => {
  const deps = c.get('deps');
  const type = c.req.header('content-type')?.split(';')[0].trim().toLowerCase();
  const ip = deps.clientIp(c.req.raw);
  const keyId = await admitPublisher(deps, bearer(c), ip);
  if (type && ZIP_TYPES.has(type)) {
    const length = declaredLength(c, deps.config.limits.maxShareBytes, 'share_too_large');
    const q = c.req.query();
    const options = { entry: q.entry, title: q.title, expires: q.expires, maxViews: q.maxViews, spa: q.spa, allow: q.allow, feedback: q.feedback, live: q.live, password: c.req.header('x-share-password'), clientIp: ip };
    return c.json(await publishZip(deps, c.req.url, { request: c.req.raw, length }, options, keyId), 201);
  }
  if (type !== 'application/json') throw new ApiError(415, 'unsupported_media_type', 'Send a JSON manifest (application/json) or a zip (application/zip).');
  return c.json(await publishManifest(deps, c.req.url, await readJson(c, 'invalid_manifest'), keyId, ip), 201);
});

sharesApi.put('/:id/blobs/:sha256', async (c) => {
  const deps = c.get('deps');
  const id = idParam(c);
  const sha256 = c.req.param('sha256');
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw badRequest('invalid_hash', 'The upload path must end in the file\'s lowercase hex SHA-256.');
  await ownedShare(deps, id, bearer(c));
  const declared = c.req.header('content-length');
  const expected = await expectBlob(deps, id, sha256, declared === undefined ? null : Number(declared));
  if (!expected.stored) await storeBlob(deps, id, sha256, await readBody(c, deps.config.limits.maxFileBytes), expected);
  return c.body(null, 204);
});

sharesApi.post('/:id/versions/:number/finalize', async (c) => {
  const deps = c.get('deps');
  const id = idParam(c);
  const number = Number(c.req.param('number'));
  if (!Number.isSafeInteger(number) || number < 1) throw new ApiError(404, 'not_found', 'No such version.');
  await finalize(deps, await ownedShare(deps, id, bearer(c)), number);
  return c.json(await currentShareInfo(deps, c.req.url, id));
});

sharesApi.post('/:id/versions', async (c) => {
  const deps = c.get('deps');
  const ip = deps.clientIp(c.req.raw);
  const share = await ownedShare(deps, idParam(c), bearer(c));
  await admitUpdate(deps, share, bearer(c), ip);
  return c.json(await updateManifest(deps, c.req.url, share, (await readJson(c, 'invalid_manifest')) as Partial<UpdateRequest>, ip), 201);
});

sharesApi.get('/:id', async (c) => {
  const deps = c.get('deps');
  return c.json(await shareInfo(deps, c.req.url, await ownedShare(deps, idParam(c), bearer(c), { allowEnded: true })));
});

sharesApi.get('/:id/stats', async (c) => {
  const deps = c.get('deps');
  const share = await ownedShare(deps, idParam(c), bearer(c), { allowEnded: true });
  return c.json(await shareStats(deps, share.id));
});

/** Adds and removes allowlist entries without a new version (issue 19). */
sharesApi.post('/:id/allow', async (c) => {
  const deps = c.get('deps');
  const share = await ownedShare(deps, idParam(c), bearer(c));
  return c.json(await editAllowList(deps, share, await readJson(c, 'invalid_allow')));
});

sharesApi.delete('/:id', async (c) => {
  const deps = c.get('deps');
  const share = await ownedShare(deps, idParam(c), bearer(c), { allowEnded: true });
  return c.json(await revokeShare(deps, c.req.url, share));
});
