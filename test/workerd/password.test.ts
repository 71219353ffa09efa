import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { UploadPlan } from '../../core/api-types';
import { createApp } from '../../app/app';
import { depsFromEnv, type Env } from '../../worker/index';
import { silentLogger } from '../../app/lib/log';
import { api, manifestOf, publish, uploadAll, visit } from './helpers';

const form = (password: string) => ({ method: 'POST', body: new URLSearchParams({ password }), headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': '203.0.113.7' }, redirect: 'manual' as const });

async function unlock(id: string, password: string, path = '/') {
  const res = await visit(id, path, form(password));
  return { res, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? null };
}

describe('password-protected shares', () => {
  const bundle = { 'index.html': '<p>secret page</p>', 'css/a.css': '.secret{}', 'img/x.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>' };

  it('refuse the page and every asset without the cookie, with a password page on the share origin', async () => {
    const { id, token } = await publish(bundle, { password: 'correct horse' });
    for (const path of ['/', '/index.html', '/css/a.css', '/img/x.svg', '/missing']) {
      const res = await visit(id, path);
      expect(res.status, path).toBe(401);
      const html = await res.text();
      expect(html).toContain('<form method="post">');
      // The product mark, as on every other visitor page.
      expect(html).toContain('<p class="brand">share<span>.</span></p>');
      expect(html).not.toContain('secret');
      expect(html).not.toContain('<script');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'");
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    const info = await (await api(`/api/shares/${id}`, { token })).json() as { passwordProtected: boolean };
    expect(info.passwordProtected).toBe(true);
  });

  it('the right password sets a signed host-only HttpOnly SameSite=Lax cookie that opens page and assets', async () => {
    const { id } = await publish(bundle, { password: 'correct horse' });
    const { res, cookie } = await unlock(id, 'correct horse', '/css/a.css?x=1');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/css/a.css?x=1');
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^share_unlock=\d+\.[A-Za-z0-9%]{44,60}; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    expect(setCookie).not.toMatch(/domain/i);
    for (const [path, text] of Object.entries({ '/': bundle['index.html'], '/css/a.css': bundle['css/a.css'], '/img/x.svg': bundle['img/x.svg'] })) {
      const page = await visit(id, path, { headers: { cookie: cookie! } });
      expect(page.status, path).toBe(200);
      expect(await page.text()).toBe(text);
    }
  });

  it('refuses a wrong password, a forged or tampered cookie, and another share\'s cookie', async () => {
    const a = await publish(bundle, { password: 'pw-a' });
    const b = await publish({ 'index.html': '<p>secret b</p>' }, { password: 'pw-a' });
    const wrong = await unlock(a.id, 'nope');
    expect(wrong.res.status).toBe(401);
    expect(wrong.cookie).toBeNull();
    expect(await wrong.res.text()).toContain('not right');
    const { cookie } = await unlock(a.id, 'pw-a');
    const [name, value] = cookie!.split('=');
    const [exp, sig] = value.split('.');
    for (const bad of [`${name}=${Number(exp) + 1000}.${sig}`, `${name}=${exp}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`, `${name}=x`]) {
      expect((await visit(a.id, '/', { headers: { cookie: bad } })).status).toBe(401);
    }
    expect((await visit(b.id, '/', { headers: { cookie: cookie! } })).status).toBe(401);
  });

  it('changing the password invalidates old cookies; the new password works', async () => {
    const { id, token } = await publish(bundle, { password: 'first' });
    const { cookie } = await unlock(id, 'first');
    expect((await visit(id, '/', { headers: { cookie: cookie! } })).status).toBe(200);
    const { files, bytes } = await manifestOf({ 'index.html': '<p>secret v2</p>' });
    const res = await api(`/api/shares/${id}/versions`, { method: 'POST', token, json: { files, password: 'second' } });
    const plan = (await res.json()) as UploadPlan;
    await uploadAll(plan, files, bytes, token);
    expect((await api(plan.finalizePath, { method: 'POST', token })).status).toBe(200);
    expect((await visit(id, '/', { headers: { cookie: cookie! } })).status).toBe(401);
    expect((await unlock(id, 'first')).res.status).toBe(401);
    const fresh = await unlock(id, 'second');
    expect(await (await visit(id, '/', { headers: { cookie: fresh.cookie! } })).text()).toBe('<p>secret v2</p>');
  });

  it('stores only a salted PBKDF2 hash', async () => {
    const { id } = await publish(bundle, { password: 'stored-pw' });
    const row = await env.DB.prepare('select password_hash from shares where id = ?').bind(id).first<{ password_hash: string }>();
    expect(row!.password_hash).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(row!.password_hash).not.toContain('stored-pw');
  });

  it('throttles attempts per client IP with a 429 page and Retry-After; other clients still get in', async () => {
    const { id } = await publish(bundle, { password: 'throttle-pw' });
    const base = depsFromEnv(env as unknown as Env);
    const app = createApp({ ...base, log: silentLogger, config: { ...base.config, password: { ...base.config.password, attemptsPerIp: 3 } } });
    const attempt = (pw: string, ip: string) => app.request(`http://${id}.localhost:8787/`, { method: 'POST', body: new URLSearchParams({ password: pw }), headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': ip } });
    for (let i = 0; i < 3; i++) expect((await attempt('guess', '198.51.100.1')).status).toBe(401);
    const blocked = await attempt('throttle-pw', '198.51.100.1');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await blocked.text()).toContain('Too many attempts');
    expect((await attempt('throttle-pw', '198.51.100.2')).status).toBe(303);
    const stored = await env.DB.prepare("select bucket from rate_limits where bucket like ?").bind(`pw:${id}:%`).all<{ bucket: string }>();
    expect(stored.results.length).toBeGreaterThan(0);
    for (const r of stored.results) expect(r.bucket).not.toContain('198.51.100');
  });

  it('an oversized form is refused like a wrong password', async () => {
    const { id } = await publish(bundle, { password: 'big-form' });
    const res = await visit(id, '/', { ...form('x'), body: `password=big-form&pad=${'x'.repeat(10_000)}` });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('a share without a password refuses POST with 405', async () => {
    const { id } = await publish({ 'index.html': '<p>open</p>' });
    expect((await visit(id, '/', form('x'))).status).toBe(405);
  });
});
