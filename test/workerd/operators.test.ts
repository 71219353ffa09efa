import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { CreatedApiKey, ReportInfo, ShareInfo, ShareList, UploadPlan } from '../../core/api-types';
import { depsFromEnv, type Env } from '../../worker/index';
import { ADMIN, appWith } from './app-with';
import { manifestOf, uploadAll, publish, visit } from './helpers';
import { expectApiError, r2Keys, shareRow } from './storage';

async function newKey(call: ReturnType<typeof appWith>, name: string) {
  const res = await call('/api/admin/keys', { method: 'POST', secret: ADMIN, json: { name } });
  expect(res.status).toBe(201);
  return (await res.json()) as CreatedApiKey;
}

async function publishVia(call: ReturnType<typeof appWith>, html: string, secret?: string, ip?: string, extra: Record<string, unknown> = {}) {
  const { files, bytes } = await manifestOf({ 'index.html': html });
  const res = await call('/api/shares', { method: 'POST', secret, ip, json: { files, ...extra } });
  if (res.status !== 201) return { res };
  const plan = (await res.json()) as UploadPlan;
  await uploadAll(plan, files, bytes, plan.ownerToken!);
  const fin = await call(plan.finalizePath, { method: 'POST', secret: plan.ownerToken });
  expect(fin.status).toBe(200);
  return { res, plan };
}

describe('API keys', () => {
  it('admin creates, lists and revokes keys; keys are shown once and stored hashed', async () => {
    const call = appWith();
    const key = await newKey(call, 'team');
    expect(key.key).toMatch(/^shk_[A-Za-z0-9_-]{43}$/);
    const list = (await (await call('/api/admin/keys', { secret: ADMIN })).json()) as { keys: Record<string, unknown>[] };
    const listed = list.keys.find((k) => k.id === key.id)!;
    expect(listed).toMatchObject({ name: 'team', revokedAt: null });
    expect(listed).not.toHaveProperty('key');
    const row = await env.DB.prepare('select key_hash from api_keys where id = ?').bind(key.id).first<{ key_hash: string }>();
    expect(row!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.key_hash).not.toContain(key.key);
    expect((await call(`/api/admin/keys/${key.id}`, { method: 'DELETE', secret: ADMIN })).status).toBe(200);
    await expectApiError((await publishVia(call, '<p>revoked key</p>', key.key)).res, 401, 'invalid_api_key');
  });

  it('admin routes need the admin token, and do not exist without one', async () => {
    const call = appWith();
    await expectApiError(await call('/api/admin/keys'), 401, 'unauthorized');
    await expectApiError(await call('/api/admin/keys', { secret: 'wrong' }), 403, 'forbidden');
    await expectApiError(await appWith({ adminToken: null })('/api/admin/keys', { secret: ADMIN }), 404, 'not_found');
  });

  it('with REQUIRE_API_KEY an anonymous publish is refused and a keyed one works', async () => {
    const call = appWith({ requireApiKey: true });
    const before = Number(await env.DB.prepare('select count(*) as n from shares').first('n'));
    await expectApiError((await publishVia(call, '<p>anonymous refused</p>')).res, 401, 'api_key_required');
    expect(Number(await env.DB.prepare('select count(*) as n from shares').first('n'))).toBe(before);
    await expectApiError((await publishVia(call, '<p>bad key</p>', 'shk_not-a-real-key')).res, 401, 'invalid_api_key');
    const key = await newKey(call, 'required');
    const { plan } = await publishVia(call, '<p>keyed works</p>', key.key);
    expect(await (await visit(plan!.id, '/')).text()).toBe('<p>keyed works</p>');
  });

  it('a key lists its links from anywhere and can update and revoke them; never another key\'s', async () => {
    const call = appWith();
    const key = await newKey(call, 'lister');
    const other = await newKey(call, 'other');
    const a = (await publishVia(call, '<p>key a</p>', key.key)).plan!;
    const b = (await publishVia(call, '<p>key b</p>', key.key)).plan!;
    const c = (await publishVia(call, '<p>key c other</p>', other.key)).plan!;
    const list = (await (await call('/api/shares', { secret: key.key })).json()) as ShareList;
    expect(list.shares.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
    expect(list.shares[0]).toHaveProperty('expiresAt');
    await expectApiError(await call('/api/shares'), 401, 'api_key_required');
    await expectApiError(await call(`/api/shares/${c.id}`, { method: 'DELETE', secret: key.key }), 403, 'forbidden');
    const revoked = await call(`/api/shares/${a.id}`, { method: 'DELETE', secret: key.key });
    expect(((await revoked.json()) as ShareInfo).state).toBe('revoked');
    expect((await visit(a.id, '/')).status).toBe(410);
  });

  it('keyed links may be `never` (ALLOW_NEVER_EXPIRY=keyed), anonymous ones may not', async () => {
    const call = appWith();
    const key = await newKey(call, 'never');
    const { plan } = await publishVia(call, '<p>forever</p>', key.key, undefined, { expires: 'never' });
    expect((await shareRow(plan!.id))!).toMatchObject({ state: 'live' });
    const row = await env.DB.prepare('select expires_at from shares where id = ?').bind(plan!.id).first<{ expires_at: number | null }>();
    expect(row!.expires_at).toBeNull();
    await expectApiError((await publishVia(call, '<p>anon forever</p>', undefined, undefined, { expires: 'never' })).res, 400, 'expiry_not_allowed');
  });
});

describe('rate limits', () => {
  it('anonymous publishes past the limit per client IP get 429 with Retry-After; other IPs and keys are unaffected', async () => {
    const base = depsFromEnv(env as unknown as Env).config;
    const call = appWith({ rateLimits: { ...base.rateLimits, publishes: 3 } });
    for (let i = 0; i < 3; i++) expect((await publishVia(call, `<p>rl ${i}</p>`, undefined, '192.0.2.10')).res.status).toBe(201);
    const over = (await publishVia(call, '<p>rl over</p>', undefined, '192.0.2.10')).res;
    expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
    await expectApiError(over, 429, 'rate_limited');
    expect((await publishVia(call, '<p>rl other ip</p>', undefined, '192.0.2.11')).res.status).toBe(201);
    const key = await newKey(call, 'rl');
    expect((await publishVia(call, '<p>rl keyed</p>', key.key, '192.0.2.10')).res.status).toBe(201);
    const rows = await env.DB.prepare("select bucket, count from rate_limits where bucket like 'publish:%'").all<{ bucket: string; count: number }>();
    expect(rows.results.some((r) => r.count >= 4)).toBe(true);
    for (const r of rows.results) expect(r.bucket).not.toContain('192.0.2');
  });
});

describe('takedown and reports', () => {
  it('anyone can report a link (JSON or the report page form); the admin lists reports', async () => {
    const call = appWith();
    const { id, url } = await publish({ 'index.html': '<p>reported</p>' });
    const res = await call('/api/reports', { method: 'POST', json: { link: `${url}some/page`, reason: 'phishing', message: 'asks for bank login' } });
    expect(res.status).toBe(201);
    const page = await call(`/report?link=${encodeURIComponent(url)}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('action="/api/reports"');
    expect(html).toContain(`value="${url}"`);
    expect(html).not.toContain('<script');
    const viaForm = await call('/api/reports', { method: 'POST', body: new URLSearchParams({ link: id, reason: 'spam' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(viaForm.status).toBe(201);
    expect(await viaForm.text()).toContain('Thank you');
    await expectApiError(await call('/api/reports', { method: 'POST', json: { link: 'https://example.com/', reason: 'spam' } }), 400, 'invalid_link');
    await expectApiError(await call('/api/reports', { method: 'POST', json: { id, reason: 'because' } }), 400, 'invalid_reason');
    const list = (await (await call('/api/admin/reports', { secret: ADMIN })).json()) as { reports: ReportInfo[] };
    const mine = list.reports.filter((r) => r.shareId === id);
    expect(mine.map((r) => r.reason).sort()).toEqual(['phishing', 'spam']);
    expect(mine.find((r) => r.reason === 'phishing')).toMatchObject({ message: 'asks for bank login', shareState: 'live' });
  });

  it('reports are rate-limited per client IP', async () => {
    const base = depsFromEnv(env as unknown as Env).config;
    const call = appWith({ rateLimits: { ...base.rateLimits, reports: 2 } });
    const { id } = await publish({ 'index.html': '<p>report flood</p>' });
    for (let i = 0; i < 2; i++) expect((await call('/api/reports', { method: 'POST', ip: '192.0.2.50', json: { id, reason: 'spam' } })).status).toBe(201);
    await expectApiError(await call('/api/reports', { method: 'POST', ip: '192.0.2.50', json: { id, reason: 'spam' } }), 429, 'rate_limited');
  });

  it('a taken-down link answers 451 with a neutral page on every URL; its objects are deleted and the reason kept', async () => {
    const call = appWith();
    const { id } = await publish({ 'index.html': '<p>taken down</p>', 'a.js': 'td()' });
    await expectApiError(await call(`/api/admin/shares/${id}/takedown`, { method: 'POST', secret: ADMIN, json: {} }), 400, 'invalid_reason');
    const res = await call(`/api/admin/shares/${id}/takedown`, { method: 'POST', secret: ADMIN, json: { reason: 'phishing (report rep_x)' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ state: 'taken_down', reason: 'phishing (report rep_x)' });
    for (const path of ['/', '/a.js', '/nope']) {
      const page = await visit(id, path);
      expect(page.status, path).toBe(451);
      const text = await page.text();
      expect(text).toMatch(/unavailable/i);
      expect(text).not.toContain('phishing');
    }
    expect(await r2Keys(`${id}/`)).toEqual([]);
    expect((await env.DB.prepare('select reason from shares where id = ?').bind(id).first<{ reason: string }>())!.reason).toBe('phishing (report rep_x)');
  });
});
