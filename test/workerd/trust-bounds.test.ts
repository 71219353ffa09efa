import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { depsFromEnv, type Env } from '../../worker/index';
import { ADMIN, appWith } from './app-with';
import { api, manifestOf, publish, visit } from './helpers';
import { expectApiError } from './storage';

describe('admin token guesses are throttled per client', () => {
  it('after RATE_LIMIT_ADMIN_FAILURES wrong tokens, even the right one gets 429 from that address; others are not affected', async () => {
    const base = depsFromEnv(env as unknown as Env).config;
    const call = appWith({ rateLimits: { ...base.rateLimits, adminFailures: 3 } });
    const ip = '198.51.100.23';
    for (let i = 0; i < 3; i++) await expectApiError(await call('/api/admin/keys', { secret: `guess-${i}`, ip }), 403, 'forbidden');
    const locked = await call('/api/admin/keys', { secret: ADMIN, ip });
    await expectApiError(locked, 429, 'rate_limited');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call('/api/admin/keys', { secret: ADMIN, ip: '198.51.100.24' })).status).toBe(200);
  });

  it('one IPv6 /64 is one client: rotating addresses inside it does not buy more guesses', async () => {
    const base = depsFromEnv(env as unknown as Env).config;
    const call = appWith({ rateLimits: { ...base.rateLimits, adminFailures: 2 } });
    await expectApiError(await call('/api/admin/keys', { secret: 'g1', ip: '2001:db8:77:1::1' }), 403, 'forbidden');
    await expectApiError(await call('/api/admin/keys', { secret: 'g2', ip: '2001:db8:77:1::beef' }), 403, 'forbidden');
    await expectApiError(await call('/api/admin/keys', { secret: 'g3', ip: '2001:db8:77:1:ffff::9' }), 429, 'rate_limited');
    await expectApiError(await call('/api/admin/keys', { secret: 'g4', ip: '2001:db8:77:2::1' }), 403, 'forbidden');
  });
});

describe('a view-limited page is counted whole', () => {
  it('a Range request gets the whole page (200) and spends exactly one view', async () => {
    const page = `<p>${'burn after reading '.repeat(20)}</p>`;
    const { id, token } = await publish({ 'index.html': page, 'a.css': '.x{}' }, { maxViews: 2 });
    const ranged = await visit(id, '/', { headers: { range: 'bytes=0-5' } });
    expect(ranged.status).toBe(200);
    expect(ranged.headers.get('accept-ranges')).toBe('none');
    expect(await ranged.text()).toBe(page);
    const info = (await (await api(`/api/shares/${id}`, { token })).json()) as { views: number };
    expect(info.views).toBe(1);
    // Assets of a limited share still honour Range: they spend no view.
    const asset = await visit(id, '/a.css', { headers: { range: 'bytes=0-1' } });
    expect(asset.status).toBe(206);
    expect(await asset.text()).toBe('.x');
  });
});

describe('names no URL can reach are refused', () => {
  it('a manifest path with a lone surrogate → 400 invalid_path, nothing stored', async () => {
    const { files } = await manifestOf({ 'index.html': '<p>ok</p>' });
    const body = `{"files":[${JSON.stringify(files[0])},{"path":"img/\\ud83d.png","size":1,"sha256":"${'a'.repeat(64)}"}]}`;
    const res = await api('/api/shares', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    await expectApiError(res, 400, 'invalid_path');
  });
});

describe('the unlock-cookie secret must come from outside the database in production', () => {
  const production = () => appWith({ cookieSecret: null, allowGeneratedSecret: false });

  it('/healthz says the secret is missing and what to do, and stays 200 (public links work)', async () => {
    const res = await production()('/healthz');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { secrets: { cookieSecret: string }; warnings: string[] };
    expect(body.secrets.cookieSecret).toBe('missing');
    expect(body.warnings[0]).toMatch(/COOKIE_SECRET is not set.*wrangler secret put COOKIE_SECRET/);
    const dev = (await (await appWith({ cookieSecret: null, allowGeneratedSecret: true })('/healthz')).json()) as { secrets: { cookieSecret: string }; warnings: string[] };
    expect(dev).toMatchObject({ secrets: { cookieSecret: 'generated' }, warnings: [] });
    expect(((await (await appWith({ cookieSecret: 'x'.repeat(40) })('/healthz')).json()) as { secrets: unknown }).secrets).toEqual({ cookieSecret: 'configured' });
  });

  it('a publish asking for a password is refused with 503 not_configured; without one it works', async () => {
    const call = production();
    const { files } = await manifestOf({ 'index.html': '<p>pw</p>' });
    await expectApiError(await call('/api/shares', { method: 'POST', json: { files, password: 'hunter2' } }), 503, 'not_configured');
    expect((await call('/api/shares', { method: 'POST', json: { files } })).status).toBe(201);
  });

  it('an existing protected share answers 503 there, never its bytes and never a cookie', async () => {
    const { id } = await publish({ 'index.html': '<p>protected bytes</p>' }, { password: 'pw' });
    const res = await production()(`http://${id}.localhost:8787/`, { method: 'POST', body: 'password=pw', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).not.toContain('protected bytes');
  });
});

