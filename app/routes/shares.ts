import { Hono, type Context } from 'hono';
import { desc, eq } from 'drizzle-orm';
import type { PublishRequest, PublishResult, ShareList, UpdateRequest } from '../../core/api-types';
import { endShare, getShare } from '../db/queries';
import { shares } from '../db/schema';
import type { AppEnv } from '../deps';
import { ApiError, badRequest } from '../../core/errors';
import { shareOrigin } from '../lib/hosts';
import { SHARE_ID_PATTERN } from '../lib/ids';
import { validateManifest } from '../../core/manifest';
import { readZip } from '../../core/zip';
import { ownedShare, requestApiKey } from '../services/auth';
import { readShareSettings } from '../services/options';
import { enforcePerClient, hit, rateLimited } from '../services/rate-limit';
import { shareInfo } from '../services/share-info';
import { shareStats } from '../services/stats';
import { createShare, createVersion, finalize, publishFiles, storeBlob, type PlanContext } from '../services/publish';
import { deleteShareBlobs } from '../services/purge';
import { sha256Hex } from '../lib/crypto';
import { readBody, readJson } from './body';

function planContext(c: Context<AppEnv>): PlanContext {
  const deps = c.get('deps');
  return { deps, origin: (id) => shareOrigin(id, c.req.url, deps.config) };
}

function idParam(c: Context<AppEnv>): string {
  const id = c.req.param('id') ?? '';
  if (!SHARE_ID_PATTERN.test(id)) throw new ApiError(404, 'not_found', 'No share with that id.');
  return id;
}

/** `/api/shares`: publish (manifest or zip), upload, finalize, update, inspect and revoke. */
export const sharesApi = new Hono<AppEnv>();

/**
 * Who may publish: with REQUIRE_API_KEY only key holders; anonymous publishes are limited per
 * client IP, keyed ones per key. Returns the key's id to record on the share.
 */
async function admitPublisher(c: Context<AppEnv>): Promise<string | null> {
  const deps = c.get('deps');
  const key = await requestApiKey(c);
  const { rateLimits } = deps.config;
  if (key) {
    const r = await hit(deps, `publish-key:${key.id}`, rateLimits.keyedPublishes, rateLimits.windowMs);
    if (!r.ok) throw rateLimited('publishes with this API key', r.retryAfter);
    return key.id;
  }
  if (deps.config.requireApiKey) throw new ApiError(401, 'api_key_required', 'This server publishes only with an API key (Authorization: Bearer shk_…); ask its operator for one.');
  await enforcePerClient(deps, c.req.raw, 'publish', rateLimits.publishes, 'publishes from your address');
  return null;
}

/** The links an API key created, newest first, from any machine. */
sharesApi.get('/', async (c) => {
  const key = await requestApiKey(c);
  if (!key) throw new ApiError(401, 'api_key_required', 'Listing links needs an API key (Authorization: Bearer shk_…); links made without one are listed by the CLI from its state file.');
  const rows = await c.get('deps').db.orm.select().from(shares).where(eq(shares.apiKeyId, key.id)).orderBy(desc(shares.createdAt)).limit(1000);
  const list: ShareList = { shares: await Promise.all(rows.filter((r) => r.state !== 'pending').map((r) => shareInfo(c, r))) };
  return c.json(list);
});

sharesApi.post('/', async (c) => {
  const deps = c.get('deps');
  const type = c.req.header('content-type')?.split(';')[0].trim().toLowerCase();
  const keyId = await admitPublisher(c);
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
    const q = c.req.query();
    const settings = await readShareSettings(deps, { expires: q.expires, maxViews: q.maxViews as unknown as number | undefined, password: c.req.header('x-share-password') }, { keyed: keyId !== null, isUpdate: false });
    const plan = await publishFiles(planContext(c), manifest, contents, settings, keyId);
    const share = (await getShare(deps.db.orm, plan.id))!;
    return c.json({ ...(await shareInfo(c, share)), ownerToken: plan.ownerToken } satisfies PublishResult, 201);
  }
  if (type !== 'application/json') throw new ApiError(415, 'unsupported_media_type', 'Send a JSON manifest (application/json) or a zip (application/zip).');
  const body = await readJson(c);
  const manifest = validateManifest(body, deps.config.limits);
  const settings = await readShareSettings(deps, body as Partial<PublishRequest>, { keyed: keyId !== null, isUpdate: false });
  return c.json(await createShare(planContext(c), manifest, settings, keyId), 201);
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
  const settings = await readShareSettings(c.get('deps'), body, { keyed: share.apiKeyId !== null, isUpdate: true });
  return c.json(await createVersion(planContext(c), share, manifest, base, body.force === true, settings), 201);
});

sharesApi.get('/:id', async (c) => {
  const share = await ownedShare(c, idParam(c), { allowEnded: true });
  return c.json(await shareInfo(c, share));
});

sharesApi.get('/:id/stats', async (c) => {
  const share = await ownedShare(c, idParam(c), { allowEnded: true });
  const deps = c.get('deps');
  return c.json(await shareStats(deps.db.orm, share.id, deps.clock.now()));
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
