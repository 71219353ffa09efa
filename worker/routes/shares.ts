import { Hono, type Context } from 'hono';
import type { PublishResult, ShareInfo, UpdateRequest } from '../api-types';
import { endShare, getShare, getVersion, type ShareRow } from '../db/queries';
import type { AppEnv } from '../deps';
import { ApiError, badRequest } from '../lib/errors';
import { shareOrigin } from '../lib/hosts';
import { SHARE_ID_PATTERN } from '../lib/ids';
import { validateManifest } from '../lib/manifest';
import { readZip } from '../lib/zip';
import { ownedShare } from '../services/auth';
import { createShare, createVersion, finalize, publishFiles, storeBlob, type PlanContext } from '../services/publish';
import { deleteShareBlobs } from '../services/purge';
import { sha256Hex } from '../lib/crypto';
import { readBody, readJson } from './body';

function planContext(c: Context<AppEnv>): PlanContext {
  const deps = c.get('deps');
  return { deps, origin: (id) => shareOrigin(id, c.req.url, deps.config) };
}

async function shareInfo(c: Context<AppEnv>, share: ShareRow): Promise<ShareInfo> {
  const deps = c.get('deps');
  const version = share.currentVersion ? await getVersion(deps.db.orm, share.id, share.currentVersion) : undefined;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: share.id, url: `${shareOrigin(share.id, c.req.url, deps.config)}/`, state: share.state, version: share.currentVersion,
    title: share.title, createdAt: iso(share.createdAt)!, updatedAt: iso(share.updatedAt)!, expiresAt: iso(share.expiresAt),
    files: version?.fileCount ?? 0, bytes: version?.bytes ?? 0,
  };
}

function idParam(c: Context<AppEnv>): string {
  const id = c.req.param('id') ?? '';
  if (!SHARE_ID_PATTERN.test(id)) throw new ApiError(404, 'not_found', 'No share with that id.');
  return id;
}

/** `/api/shares`: publish (manifest or zip), upload, finalize, update, inspect and revoke. */
export const sharesApi = new Hono<AppEnv>();

sharesApi.post('/', async (c) => {
  const deps = c.get('deps');
  const type = c.req.header('content-type')?.split(';')[0].trim().toLowerCase();
  if (type === 'application/zip' || type === 'application/x-zip-compressed') {
    const bytes = await readBody(c, deps.config.limits.maxShareBytes, 'share_too_large');
    const entries = readZip(bytes, deps.config.limits);
    const contents = new Map<string, Uint8Array>();
    const manifestFiles = [];
    for (const e of entries) {
      contents.set(e.path, e.bytes);
      manifestFiles.push({ path: e.path, size: e.bytes.byteLength, sha256: await sha256Hex(e.bytes) });
    }
    const manifest = validateManifest({ files: manifestFiles, entry: c.req.query('entry') || undefined, title: c.req.query('title') || undefined }, deps.config.limits);
    const plan = await publishFiles(planContext(c), manifest, contents);
    const share = (await getShare(deps.db.orm, plan.id))!;
    return c.json({ ...(await shareInfo(c, share)), ownerToken: plan.ownerToken } satisfies PublishResult, 201);
  }
  if (type !== 'application/json') throw new ApiError(415, 'unsupported_media_type', 'Send a JSON manifest (application/json) or a zip (application/zip).');
  const manifest = validateManifest(await readJson(c), deps.config.limits);
  return c.json(await createShare(planContext(c), manifest), 201);
});

sharesApi.put('/:id/blobs/:sha256', async (c) => {
  const deps = c.get('deps');
  const id = idParam(c);
  const sha256 = c.req.param('sha256');
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw badRequest('invalid_hash', 'The upload path must end in the file\'s lowercase hex SHA-256.');
  await ownedShare(c, id);
  const bytes = await readBody(c, deps.config.limits.maxFileBytes);
  await storeBlob(deps, id, sha256, bytes);
  return c.body(null, 204);
});

sharesApi.post('/:id/versions/:number/finalize', async (c) => {
  const id = idParam(c);
  const number = Number(c.req.param('number'));
  if (!Number.isSafeInteger(number) || number < 1) throw new ApiError(404, 'not_found', 'No such version.');
  const share = await ownedShare(c, id);
  await finalize(c.get('deps'), share, number);
  return c.json(await shareInfo(c, (await getShare(c.get('deps').db.orm, id))!));
});

sharesApi.post('/:id/versions', async (c) => {
  const id = idParam(c);
  const share = await ownedShare(c, id);
  const body = (await readJson(c)) as UpdateRequest;
  const manifest = validateManifest(body, c.get('deps').config.limits);
  const base = body.baseVersion === undefined ? undefined : Number(body.baseVersion);
  return c.json(await createVersion(planContext(c), share, manifest, base, body.force === true), 201);
});

sharesApi.get('/:id', async (c) => {
  const share = await ownedShare(c, idParam(c), { allowEnded: true });
  return c.json(await shareInfo(c, share));
});

sharesApi.delete('/:id', async (c) => {
  const deps = c.get('deps');
  const id = idParam(c);
  const share = await ownedShare(c, id, { allowEnded: true });
  if (share.state === 'revoked') return c.json(await shareInfo(c, share));
  if (share.state !== 'live' && share.state !== 'pending') throw new ApiError(410, 'gone', `This share was already ${share.state}.`);
  await endShare(deps.db, id, 'revoked', deps.clock.now());
  await deleteShareBlobs(deps, id);
  return c.json(await shareInfo(c, (await getShare(deps.db.orm, id))!));
});
