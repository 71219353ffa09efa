import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ShareInfo, UploadPlan, VersionList } from '../../core/api-types';
import type { Deps } from '../../app/deps';
import worker, { depsFromEnv, type Env } from '../../worker/index';
import { runCleanup } from '../../app/jobs/cleanup';
import { silentLogger } from '../../app/lib/log';
import { api, manifestOf, publish, uploadAll, visit, type Bundle } from './helpers';
import { count, expectApiError, r2Keys, shareRow } from './storage';

const workerEnv = env as unknown as Env;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const depsAt = (aheadMs: number): Deps => ({ ...depsFromEnv(workerEnv), clock: { now: () => Date.now() + aheadMs }, log: silentLogger });

async function info(id: string, token: string) {
  return (await (await api(`/api/shares/${id}`, { token })).json()) as ShareInfo;
}

async function update(id: string, token: string, bundle: Bundle, extra: Record<string, unknown> = {}) {
  const { files, bytes } = await manifestOf(bundle);
  const res = await api(`/api/shares/${id}/versions`, { method: 'POST', token, json: { files, ...extra } });
  if (res.status !== 201) return res;
  const plan = (await res.json()) as UploadPlan;
  await uploadAll(plan, files, bytes, token);
  return api(plan.finalizePath, { method: 'POST', token });
}

/** Moves a share's expiry into the past, as if its time had passed. */
async function expireNow(id: string) {
  await env.DB.prepare('update shares set expires_at = ? where id = ?').bind(Date.now() - 1000, id).run();
}

describe('expiry', () => {
  it('a publish gets the default expiry (7d) and a requested one; ShareInfo shows expiresAt', async () => {
    const before = Date.now();
    const plain = await publish({ 'index.html': '<p>expiry default</p>' });
    const d = Date.parse((await info(plain.id, plain.token)).expiresAt!);
    expect(d - before).toBeGreaterThanOrEqual(7 * DAY - 5000);
    expect(d - before).toBeLessThanOrEqual(7 * DAY + 60_000);
    const hour = await publish({ 'index.html': '<p>expiry 1h</p>' }, { expires: '1h' });
    const h = Date.parse((await info(hour.id, hour.token)).expiresAt!);
    expect(Math.abs(h - before - HOUR)).toBeLessThan(60_000);
  });

  it('refuses nonsense, more than MAX_EXPIRY, and `never` without an API key', async () => {
    const { files } = await manifestOf({ 'index.html': 'x' });
    await expectApiError(await api('/api/shares', { method: 'POST', json: { files, expires: 'soon' } }), 400, 'invalid_expires');
    await expectApiError(await api('/api/shares', { method: 'POST', json: { files, expires: '31d' } }), 400, 'expiry_too_long');
    await expectApiError(await api('/api/shares', { method: 'POST', json: { files, expires: 'never' } }), 400, 'expiry_not_allowed');
  });

  it('an expiring link turns 410 when its time passes, and the scheduled cleanup deletes its objects and keeps the tombstone', async () => {
    const bundle = { 'index.html': '<p>expiry ends</p>', 'a.css': '.expiry-ends{}' };
    const { id } = await publish(bundle, { expires: '1h' });
    expect((await visit(id, '/')).status).toBe(200);
    expect((await r2Keys(`${id}/`)).length).toBe(2);

    // Cleanup an hour early changes nothing; the link still serves.
    await runCleanup(depsAt(30 * 60_000));
    expect((await shareRow(id))!.state).toBe('live');

    await expireNow(id);
    for (const path of ['/', '/a.css', '/missing']) {
      const res = await visit(id, path);
      expect(res.status, path).toBe(410);
      expect(await res.text()).toContain('expired');
    }
    const controller = createScheduledController({ scheduledTime: Date.now(), cron: '*/10 * * * *' });
    const ctx = createExecutionContext();
    await worker.scheduled(controller, workerEnv, ctx);
    await waitOnExecutionContext(ctx);
    expect(await r2Keys(`${id}/`)).toEqual([]);
    expect({ versions: await count('versions', id), files: await count('files', id), blobs: await count('blobs', id) }).toEqual({ versions: 0, files: 0, blobs: 0 });
    expect((await shareRow(id))!.state).toBe('expired');
    expect((await visit(id, '/')).status).toBe(410);
  });

  it('an expired link cannot be updated back to life (410 gone), but its owner can still see and revoke it', async () => {
    const { id, token } = await publish({ 'index.html': '<p>expiry no revive</p>' }, { expires: '1h' });
    await expireNow(id);
    await expectApiError(await update(id, token, { 'index.html': '<p>revived?</p>' }, { expires: '7d' }), 410, 'gone');
    expect((await visit(id, '/')).status).toBe(410);
    expect((await api(`/api/shares/${id}`, { token })).status).toBe(200);
    expect((await api(`/api/shares/${id}`, { method: 'DELETE', token })).status).toBe(200);
  });

  it('runCleanup with a clock past the expiry ends the share', async () => {
    const { id } = await publish({ 'index.html': '<p>expiry clock</p>' }, { expires: '2h' });
    const report = await runCleanup(depsAt(3 * HOUR));
    expect(report.expiredShares).toBeGreaterThanOrEqual(1);
    expect((await shareRow(id))!.state).toBe('expired');
    expect(await r2Keys(`${id}/`)).toEqual([]);
  });

  it('an update can change the expiry, counted from now', async () => {
    const { id, token } = await publish({ 'index.html': '<p>expiry update</p>' }, { expires: '1h' });
    expect((await update(id, token, { 'index.html': '<p>expiry update 2</p>' }, { expires: '30d' })).status).toBe(200);
    const e = Date.parse((await info(id, token)).expiresAt!);
    expect(e - Date.now()).toBeGreaterThan(29 * DAY);
  });
});

describe('max views', () => {
  it('counts page views only (not assets or HEAD) and answers 410 past the limit', async () => {
    const { id, token } = await publish({ 'index.html': '<p>views</p>', 'a.css': '.views{}' }, { maxViews: 2 });
    expect((await visit(id, '/')).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await visit(id, '/a.css')).status).toBe(200);
    expect((await visit(id, '/', { method: 'HEAD' })).status).toBe(200);
    expect((await info(id, token)).views).toBe(1);
    expect((await visit(id, '/index.html')).status).toBe(200);
    // The page that used the last view can still load its assets for a moment...
    expect((await visit(id, '/a.css')).status).toBe(200);
    const third = await visit(id, '/');
    expect(third.status).toBe(410);
    expect(await third.text()).toContain('expired');
    const shown = await info(id, token);
    expect(shown).toMatchObject({ maxViews: 2, views: 2 });
    // ...and then the whole link ends, and cleanup removes it.
    expect(Date.parse(shown.expiresAt!) - Date.now()).toBeLessThanOrEqual(61_000);
    await runCleanup(depsAt(2 * 60_000));
    expect((await shareRow(id))!.state).toBe('expired');
    expect((await visit(id, '/a.css')).status).toBe(410);
  });

  it('a link whose views are used up cannot be updated back to life (410 gone), like an expired one', async () => {
    const { id, token } = await publish({ 'index.html': '<p>views over</p>' }, { maxViews: 1 });
    expect((await visit(id, '/')).status).toBe(200);
    const { files } = await manifestOf({ 'index.html': '<p>views over v2</p>' });
    await expectApiError(await api(`/api/shares/${id}/versions`, { method: 'POST', token, json: { files } }), 410, 'gone');
    expect((await visit(id, '/')).status).toBe(410);
  });

  it('concurrent views never overshoot the limit', async () => {
    const { id, token } = await publish({ 'index.html': '<p>views race</p>' }, { maxViews: 3 });
    const statuses = await Promise.all(Array.from({ length: 8 }, () => visit(id, '/').then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 410)).toHaveLength(5);
    expect((await info(id, token)).views).toBe(3);
  });

  it('refuses a bad limit', async () => {
    const { files } = await manifestOf({ 'index.html': 'x' });
    await expectApiError(await api('/api/shares', { method: 'POST', json: { files, maxViews: 0 } }), 400, 'invalid_max_views');
  });
});

describe('versions and rollback', () => {
  it('lists versions with the current marker; rollback restores the previous content at the same URL', async () => {
    const { id, token } = await publish({ 'index.html': '<p>rollback v1</p>', 'a.css': '.rb1{}' });
    expect((await update(id, token, { 'index.html': '<p>rollback v2</p>' }, { baseVersion: 1 })).status).toBe(200);
    expect((await update(id, token, { 'index.html': '<p>rollback v3</p>' }, { baseVersion: 2 })).status).toBe(200);
    const list = (await (await api(`/api/shares/${id}/versions`, { token })).json()) as VersionList;
    expect(list.current).toBe(3);
    expect(list.versions.map((v) => [v.number, v.current, v.files])).toEqual([[3, true, 1], [2, false, 1], [1, false, 2]]);

    const back = await api(`/api/shares/${id}/rollback`, { method: 'POST', token });
    expect(back.status).toBe(200);
    expect(((await back.json()) as ShareInfo).version).toBe(2);
    expect(await (await visit(id, '/')).text()).toBe('<p>rollback v2</p>');

    const to1 = await api(`/api/shares/${id}/rollback`, { method: 'POST', token, json: { to: 1 } });
    expect(((await to1.json()) as ShareInfo).version).toBe(1);
    expect(await (await visit(id, '/')).text()).toBe('<p>rollback v1</p>');
    expect(await (await visit(id, '/a.css')).text()).toBe('.rb1{}');

    await expectApiError(await api(`/api/shares/${id}/rollback`, { method: 'POST', token, json: { to: 9 } }), 404, 'version_not_found');
    await expectApiError(await api(`/api/shares/${id}/rollback`, { method: 'POST', token }), 409, 'nothing_to_roll_back');
    await expectApiError(await api(`/api/shares/${id}/rollback`, { method: 'POST', json: { to: 3 } }), 401, 'unauthorized');
  });

  it('a stale update (based on an older version) gets 409, and force overrides it', async () => {
    const { id, token } = await publish({ 'index.html': '<p>stale v1</p>' });
    expect((await update(id, token, { 'index.html': '<p>stale v2 by A</p>' }, { baseVersion: 1 })).status).toBe(200);
    await expectApiError(await update(id, token, { 'index.html': '<p>stale by B</p>' }, { baseVersion: 1 }), 409, 'version_conflict');
    expect(await (await visit(id, '/')).text()).toBe('<p>stale v2 by A</p>');
    expect((await update(id, token, { 'index.html': '<p>forced by B</p>' }, { baseVersion: 1, force: true })).status).toBe(200);
    expect(await (await visit(id, '/')).text()).toBe('<p>forced by B</p>');
  });

  it('cleanup keeps MAX_VERSIONS complete versions and then deletes older ones and their objects', async () => {
    const { id, token } = await publish({ 'index.html': '<p>keep 1</p>' });
    for (let n = 2; n <= 4; n++) expect((await update(id, token, { 'index.html': `<p>keep ${n}</p>` })).status).toBe(200);
    const deps = { ...depsAt(0), config: { ...depsAt(0).config, maxVersions: 2 } };
    await runCleanup(deps);
    const list = (await (await api(`/api/shares/${id}/versions`, { token })).json()) as VersionList;
    expect(list.versions.map((v) => v.number)).toEqual([4, 3]);
    // Their objects are strays now; past the pending TTL the stray sweep deletes them.
    await runCleanup({ ...deps, clock: { now: () => Date.now() + 2 * HOUR } });
    expect((await r2Keys(`${id}/`)).length).toBe(2);
    expect(await (await visit(id, '/')).text()).toBe('<p>keep 4</p>');
  });

  it('revoking deletes every version', async () => {
    const { id, token } = await publish({ 'index.html': '<p>revoke all 1</p>' });
    expect((await update(id, token, { 'index.html': '<p>revoke all 2</p>' })).status).toBe(200);
    expect((await api(`/api/shares/${id}`, { method: 'DELETE', token })).status).toBe(200);
    expect({ versions: await count('versions', id), objects: (await r2Keys(`${id}/`)).length }).toEqual({ versions: 0, objects: 0 });
  });
});
