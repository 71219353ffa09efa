import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { CreatedApiKey, UploadPlan } from '../../core/api-types';
import type { Config } from '../../app/config';
import type { Deps } from '../../app/deps';
import { depsFromEnv, type Env } from '../../worker/index';
import { ADMIN, appWith } from './app-with';
import { enc, manifestOf, sha256, uploadAll, type Bundle } from './helpers';
import { count, expectApiError } from './storage';

/** Issue 12, fault 4: no request buys unbounded work (updates, pending versions, password hashes, uploads). */

const base = depsFromEnv(env as unknown as Env).config;
const limits = (rateLimits: Partial<Config['rateLimits']>, rest: Partial<Config> = {}): Partial<Config> => ({ rateLimits: { ...base.rateLimits, ...rateLimits }, ...rest });
type Call = ReturnType<typeof appWith>;

/** Publishes and finalizes one page through `call` from `ip`; returns the id and owner token. */
async function publishVia(call: Call, ip: string, html = `<p>${crypto.randomUUID()}</p>`, extra: Record<string, unknown> = {}) {
  const { files, bytes } = await manifestOf({ 'index.html': html });
  const res = await call('/api/shares', { method: 'POST', ip, json: { files, ...extra } });
  expect(res.status, await res.clone().text()).toBe(201);
  const plan = (await res.json()) as UploadPlan;
  await uploadAll(plan, files, bytes, plan.ownerToken!);
  expect((await call(plan.finalizePath, { method: 'POST', secret: plan.ownerToken })).status).toBe(200);
  return { id: plan.id, token: plan.ownerToken! };
}

/** Starts an update (step 1 only, left pending) of a share; returns the response. */
async function update(call: Call, id: string, secret: string, ip: string, bundle: Bundle = { 'index.html': `<p>${crypto.randomUUID()}</p>` }, extra: Record<string, unknown> = {}) {
  const { files } = await manifestOf(bundle);
  return call(`/api/shares/${id}/versions`, { method: 'POST', secret, ip, json: { files, force: true, ...extra } });
}

async function pendingOf(id: string): Promise<number> {
  return Number(await env.DB.prepare("select count(*) as n from versions where share_id = ? and state = 'pending'").bind(id).first('n'));
}

describe('updates count against limits like publishes', () => {
  it('past RATE_LIMIT_UPDATES an address gets 429 with Retry-After; another address still updates', async () => {
    const call = appWith(limits({ updates: 2 }));
    const { id, token } = await publishVia(call, '198.51.100.60');
    for (let i = 0; i < 2; i++) expect((await update(call, id, token, '198.51.100.61')).status).toBe(201);
    const refused = await update(call, id, token, '198.51.100.61');
    const error = await expectApiError(refused, 429, 'rate_limited');
    expect(error.message).toMatch(/updates from your address/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await update(call, id, token, '198.51.100.62')).status).toBe(201);
  });

  it('an address refused new publishes cannot pile up unfinished versions: the fourth pending update is refused', async () => {
    const call = appWith(limits({ publishes: 1 }));
    const ip = '198.51.100.63';
    const { id, token } = await publishVia(call, ip);
    const { files } = await manifestOf({ 'index.html': '<p>another</p>' });
    await expectApiError(await call('/api/shares', { method: 'POST', ip, json: { files } }), 429, 'rate_limited');
    const big = (i: number) => ({ 'index.html': `<p>${i}</p>`, 'data.bin': new Uint8Array(64 * 1024).fill(i) });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await update(call, id, token, ip, big(i))).status);
    expect(statuses).toEqual([201, 201, 201, 409, 409, 409, 409, 409]);
    expect(await pendingOf(id)).toBe(3);
  });

  it('updates with an API key count against the key, from any address', async () => {
    const call = appWith(limits({ keyedUpdates: 1 }));
    const key = (await (await call('/api/admin/keys', { method: 'POST', secret: ADMIN, json: { name: 'updates' } })).json()) as CreatedApiKey;
    const { files, bytes } = await manifestOf({ 'index.html': '<p>keyed</p>' });
    const plan = (await (await call('/api/shares', { method: 'POST', secret: key.key, ip: '198.51.100.64', json: { files } })).json()) as UploadPlan;
    await uploadAll(plan, files, bytes, plan.ownerToken!);
    expect((await call(plan.finalizePath, { method: 'POST', secret: key.key })).status).toBe(200);
    expect((await update(call, plan.id, key.key, '198.51.100.64')).status).toBe(201);
    const refused = await expectApiError(await update(call, plan.id, key.key, '198.51.100.65'), 429, 'rate_limited');
    expect(refused.message).toMatch(/this API key/);
    // The owner token of the same share counts against its address instead.
    expect((await update(call, plan.id, plan.ownerToken!, '198.51.100.65')).status).toBe(201);
  });
});

describe('unfinished versions per share are capped', () => {
  it('past MAX_PENDING_VERSIONS: 409 too_many_pending with Retry-After and what to do; finalizing one makes room', async () => {
    const call = appWith();
    const ip = '198.51.100.66';
    const { id, token } = await publishVia(call, ip);
    const plans: UploadPlan[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await update(call, id, token, ip, { 'index.html': `<p>pending ${i}</p>` });
      expect(res.status).toBe(201);
      plans.push((await res.json()) as UploadPlan);
    }
    const refused = await update(call, id, token, ip);
    const error = await expectApiError(refused, 409, 'too_many_pending');
    expect(error.message).toMatch(/3 unfinished updates.*Try again in \d+ minutes.*finish one/);
    expect(error.details).toMatchObject({ pending: 3, limit: 3 });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3000);
    expect(retryAfter).toBeLessThanOrEqual(3600);

    const { files, bytes } = await manifestOf({ 'index.html': '<p>pending 0</p>' });
    await uploadAll(plans[0], files, bytes, token);
    expect((await call(plans[0].finalizePath, { method: 'POST', secret: token })).status).toBe(200);
    expect((await update(call, id, token, ip)).status).toBe(201);
    expect(await pendingOf(id)).toBe(3);
  });

  it('pending versions older than the pending TTL no longer count (they are abandoned; cleanup removes them)', async () => {
    let offset = 0;
    const call = appWith({}, () => ({ clock: { now: () => Date.now() + offset } }));
    const ip = '198.51.100.67';
    const { id, token } = await publishVia(call, ip);
    for (let i = 0; i < 3; i++) expect((await update(call, id, token, ip)).status).toBe(201);
    await expectApiError(await update(call, id, token, ip), 409, 'too_many_pending');
    offset = base.pendingTtlMs + 1000;
    expect((await update(call, id, token, ip)).status).toBe(201);
  });
});

describe('password hashing is bounded per address and per share', () => {
  it('past PASSWORD_HASHES_PER_IP, publishes and updates that set a password get 429 (zip path too); without one they pass', async () => {
    const call = appWith(limits({ passwordHashesPerIp: 2 }));
    const ip = '198.51.100.69';
    await publishVia(call, ip, '<p>pw 1</p>', { password: 'one' });
    const { id, token } = await publishVia(call, ip, '<p>pw 2</p>', { password: 'two' });
    const { files } = await manifestOf({ 'index.html': '<p>pw 3</p>' });
    const refused = await expectApiError(await call('/api/shares', { method: 'POST', ip, json: { files, password: 'three' } }), 429, 'rate_limited');
    expect(refused.message).toMatch(/passwords set from your address/);
    const { zipSync } = await import('fflate');
    const zip = await call('/api/shares', { method: 'POST', ip, body: zipSync({ 'index.html': enc.encode('<p>zip</p>') }), headers: { 'content-type': 'application/zip', 'x-share-password': 'four' } });
    await expectApiError(zip, 429, 'rate_limited');
    await expectApiError(await update(call, id, token, ip, undefined, { password: 'five' }), 429, 'rate_limited');
    await publishVia(call, ip, '<p>no pw</p>');
    expect((await update(call, id, token, '198.51.100.70', undefined, { password: 'six' })).status).toBe(201);
  });

  it('past PASSWORD_HASHES_PER_SHARE, updates of that share setting a password get 429 from any address', async () => {
    const call = appWith(limits({ passwordHashesPerShare: 2 }, { maxPendingVersions: 10 }));
    const { id, token } = await publishVia(call, '198.51.100.71');
    for (const ip of ['198.51.100.72', '198.51.100.73']) expect((await update(call, id, token, ip, undefined, { password: ip })).status).toBe(201);
    const refused = await expectApiError(await update(call, id, token, '198.51.100.74', undefined, { password: 'x' }), 429, 'rate_limited');
    expect(refused.message).toMatch(/password changes on this link/);
    expect((await update(call, id, token, '198.51.100.74')).status).toBe(201);
    const other = await publishVia(call, '198.51.100.71');
    expect((await update(call, other.id, other.token, '198.51.100.74', undefined, { password: 'y' })).status).toBe(201);
  });
});

describe('uploads buy no more work than a pending version expects', () => {
  /** The real R2 store, counting its writes. */
  const countingPuts = (counter: { puts: number }) => (deps: Deps): Partial<Deps> => ({
    blobs: { ...deps.blobs, put: (...args: Parameters<Deps['blobs']['put']>) => { counter.puts++; return deps.blobs.put(...args); } },
  });

  it('a hash the share already holds is not read, hashed or stored again (204)', async () => {
    const counter = { puts: 0 };
    const call = appWith({}, countingPuts(counter));
    const bytes = enc.encode(`<p>${crypto.randomUUID()}</p>`);
    const hash = await sha256(bytes);
    const plan = (await (await call('/api/shares', { method: 'POST', ip: '198.51.100.75', json: { files: [{ path: 'index.html', size: bytes.byteLength, sha256: hash }] } })).json()) as UploadPlan;
    for (let i = 0; i < 3; i++) expect((await call(`${plan.uploadPath}${hash}`, { method: 'PUT', secret: plan.ownerToken, body: bytes })).status).toBe(204);
    expect(counter.puts).toBe(1);
    expect(await count('blobs', plan.id)).toBe(1);
  });

  it('a body whose declared length is not the expected size is refused before it is read', async () => {
    const call = appWith();
    const bytes = enc.encode('<p>small</p>');
    const hash = await sha256(bytes);
    const plan = (await (await call('/api/shares', { method: 'POST', ip: '198.51.100.76', json: { files: [{ path: 'index.html', size: bytes.byteLength, sha256: hash }] } })).json()) as UploadPlan;
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024);
    const body = new ReadableStream<Uint8Array>({ pull(c) { pulled += chunk.byteLength; if (pulled > 4 * 1024 * 1024) c.close(); else c.enqueue(chunk); } });
    const res = await call(`${plan.uploadPath}${hash}`, { method: 'PUT', secret: plan.ownerToken, body, headers: { 'content-length': String(4 * 1024 * 1024) }, duplex: 'half' } as RequestInit);
    await expectApiError(res, 400, 'size_mismatch');
    expect(pulled).toBeLessThan(1024 * 1024);
  });
});
