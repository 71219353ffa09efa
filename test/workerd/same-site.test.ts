import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import { silentLogger } from '../../app/lib/log';
import { depsFromEnv, type Env } from '../../worker/index';
import { api, publish, visit } from './helpers';

// The same rules are held on Node by the contract of app/ (one app) and in Chromium on a
// two-domain layout by test/e2e/same-site.test.ts and test/e2e/service-worker.test.ts.

const VARY = 'Cookie, Sec-Fetch-Site, Sec-Fetch-Mode, Sec-Fetch-Dest';
const fetchMeta = (site: string, mode: string, dest: string) => ({ 'sec-fetch-site': site, 'sec-fetch-mode': mode, 'sec-fetch-dest': dest });
const SIBLING_SCRIPT = fetchMeta('same-site', 'no-cors', 'script');
const OWN_SCRIPT = fetchMeta('same-origin', 'no-cors', 'script');

/** Every Set-Cookie line of an answer (workerd has Headers#getSetCookie; the shared types lack it). */
const setCookies = (res: Response) => (res.headers as unknown as { getSetCookie(): string[] }).getSetCookie();

const bundle = { 'index.html': '<p>protected page</p>', 'data.js': 'window.SECRET = "v-data";', 'theme.css': ':root{--secret:"v-css"}', 'docs/index.html': '<p>docs</p>' };

async function unlockedShare() {
  const { id, token } = await publish(bundle, { password: 'pw-same-site' });
  const res = await visit(id, '/', { method: 'POST', body: new URLSearchParams({ password: 'pw-same-site' }), headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': '203.0.113.9', ...fetchMeta('same-origin', 'navigate', 'document') }, redirect: 'manual' });
  expect(res.status).toBe(303);
  expectProtected(res, 'unlock 303');
  return { id, token, cookie: res.headers.get('set-cookie')!.split(';')[0] };
}

function expectProtected(res: Response, label: string) {
  expect(res.headers.get('cross-origin-resource-policy'), label).toBe('same-origin');
  expect(res.headers.get('vary'), label).toBe(VARY);
  expect(res.headers.get('cache-control'), label).toMatch(/^(private, no-cache|no-store)$/);
}

describe('a password-protected share on a shared content domain', () => {
  it('marks every answer CORP same-origin with Vary, private: password page, page, assets, 304, redirect, 404', async () => {
    const { id, cookie } = await unlockedShare();
    const locked = await visit(id, '/data.js');
    expect(locked.status).toBe(401);
    expectProtected(locked, 'password page');
    const cases: [string, RequestInit, number][] = [
      ['/', {}, 200], ['/data.js', {}, 200], ['/theme.css', {}, 200], ['/docs', { redirect: 'manual' }, 301], ['/missing', {}, 404],
    ];
    for (const [path, init, status] of cases) {
      const res = await visit(id, path, { ...init, headers: { cookie, ...OWN_SCRIPT } });
      expect(res.status, path).toBe(status);
      expectProtected(res, path);
      await res.arrayBuffer();
    }
    const first = await visit(id, '/data.js', { headers: { cookie } });
    const etag = first.headers.get('etag')!;
    await first.arrayBuffer();
    const notModified = await visit(id, '/data.js', { headers: { cookie, 'if-none-match': etag } });
    expect(notModified.status).toBe(304);
    expectProtected(notModified, '304');
  });

  it('refuses a sibling share\'s <script src>, <link rel=stylesheet>, fetch and <iframe> with a bare 403, even with the unlock cookie', async () => {
    const { id, cookie } = await unlockedShare();
    for (const [path, meta] of [
      ['/data.js', SIBLING_SCRIPT], ['/theme.css', fetchMeta('same-site', 'no-cors', 'style')], ['/data.js', fetchMeta('cross-site', 'cors', 'empty')],
      ['/', fetchMeta('same-site', 'navigate', 'iframe')], ['/', fetchMeta('cross-site', 'navigate', 'iframe')],
    ] as const) {
      const res = await visit(id, path, { headers: { cookie, ...meta } });
      expect(res.status, `${path} ${meta['sec-fetch-dest']}`).toBe(403);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expectProtected(res, path);
      const text = await res.text();
      expect(text).not.toContain('v-data');
      expect(text).not.toContain('<form');
    }
    // The same request from the share's own page, or a link followed from anywhere, still works.
    expect(await (await visit(id, '/data.js', { headers: { cookie, ...OWN_SCRIPT } })).text()).toBe(bundle['data.js']);
    expect((await visit(id, '/', { headers: { cookie, ...fetchMeta('cross-site', 'navigate', 'document') } })).status).toBe(200);
    expect((await visit(id, '/', { headers: { cookie, ...fetchMeta('none', 'navigate', 'document') } })).status).toBe(200);
  });

  it('refuses a password posted from another origin\'s page without checking it', async () => {
    const { id } = await publish(bundle, { password: 'pw-cross-post' });
    const res = await visit(id, '/', { method: 'POST', body: new URLSearchParams({ password: 'pw-cross-post' }), headers: { 'content-type': 'application/x-www-form-urlencoded', ...fetchMeta('cross-site', 'navigate', 'document') }, redirect: 'manual' });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('a share without a password stays embeddable: no CORP, same-site subresources load', async () => {
    const { id } = await publish({ 'index.html': '<p>open</p>', 'lib.js': 'window.LIB = 1;' });
    const res = await visit(id, '/lib.js', { headers: SIBLING_SCRIPT });
    expect(res.status).toBe(200);
    expect(res.headers.get('cross-origin-resource-policy')).toBeNull();
    expect(await res.text()).toBe('window.LIB = 1;');
  });
});

describe('cookies other shares plant for the content domain', () => {
  it('a decoy share_unlock sent ahead of ours does not hide the valid one, and is expired for the parent domain', async () => {
    const { id, cookie } = await unlockedShare();
    const value = cookie.slice(cookie.indexOf('=') + 1);
    const res = await visit(id, '/', { headers: { cookie: `share_unlock=decoy; share_unlock=${value}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(bundle['index.html']);
    expect(setCookies(res)).toEqual(['share_unlock=; Domain=localhost; Path=/; Max-Age=0']);
  });

  it('an oversized Cookie header changes nothing in the answer but expires each stray name for the parent domain', async () => {
    const { id } = await publish({ 'index.html': '<p>bombed</p>', 'a.css': 'a{}' });
    const plain = await visit(id, '/');
    const junk = Array.from({ length: 12 }, (_, i) => `junk${i}=${'j'.repeat(3000)}`).join('; ');
    const bombed = await visit(id, '/', { headers: { cookie: junk } });
    expect(bombed.status).toBe(200);
    expect(await bombed.text()).toBe(await plain.text());
    const expiries = setCookies(bombed);
    expect(expiries).toHaveLength(12);
    for (let i = 0; i < 12; i++) expect(expiries).toContain(`junk${i}=; Domain=localhost; Path=/; Max-Age=0`);
    // An ordinary header changes nothing and expires nothing.
    const small = await visit(id, '/a.css', { headers: { cookie: 'theme=dark; other=1' } });
    expect(setCookies(small)).toEqual([]);
    expect(await small.text()).toBe('a{}');
  });
});

describe('service workers on content origins', () => {
  it('refuse the script fetch (Service-Worker: script) on a live share, protected or not', async () => {
    const open = await publish({ 'index.html': '<p>sw</p>', 'sw.js': 'self.onfetch = () => {};' });
    const swFetch = { 'service-worker': 'script', ...fetchMeta('same-origin', 'same-origin', 'serviceworker') };
    const res = await visit(open.id, '/sw.js', { headers: swFetch });
    expect(res.status).toBe(403);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).not.toContain('onfetch');
    // The same file as a plain script still loads.
    expect(await (await visit(open.id, '/sw.js')).text()).toBe('self.onfetch = () => {};');
    const { id, cookie } = await unlockedShare();
    expect((await visit(id, '/data.js', { headers: { cookie, ...swFetch } })).status).toBe(403);
  });
});

describe('ended shares clear what they left in the browser', () => {
  const CSD = '"cache", "storage"';

  it('revoked: 410 with Clear-Site-Data on every URL, the service worker\'s update fetch included', async () => {
    const { id, token } = await publish({ 'index.html': '<p>to revoke</p>', 'sw.js': 'self.onfetch = () => {};' });
    expect((await api(`/api/shares/${id}`, { method: 'DELETE', token })).status).toBe(200);
    for (const headers of [{}, { 'service-worker': 'script' }] as Record<string, string>[]) {
      for (const path of ['/', '/sw.js', '/missing']) {
        const res = await visit(id, path, { headers });
        expect(res.status, path).toBe(410);
        expect(res.headers.get('clear-site-data'), path).toBe(CSD);
      }
    }
  });

  it('expired (by time and by view limit): 410 with Clear-Site-Data', async () => {
    const timed = await publish({ 'index.html': '<p>short</p>' }, { expires: '1h' });
    const base = depsFromEnv(env as unknown as Env);
    const later = createApp({ ...base, log: silentLogger, clock: { now: () => Date.now() + 2 * 3600_000 } });
    const res = await later.request(`http://${timed.id}.localhost:8787/`);
    expect(res.status).toBe(410);
    expect(res.headers.get('clear-site-data')).toBe(CSD);

    const once = await publish({ 'index.html': '<p>once</p>' }, { maxViews: 1 });
    expect((await visit(once.id, '/')).status).toBe(200);
    const burnt = await visit(once.id, '/');
    expect(burnt.status).toBe(410);
    expect(burnt.headers.get('clear-site-data')).toBe(CSD);
  });

  it('taken down: 451 with Clear-Site-Data', async () => {
    const ADMIN = 'test-admin-token-same-site-0123';
    const base = depsFromEnv(env as unknown as Env);
    const app = createApp({ ...base, log: silentLogger, config: { ...base.config, adminToken: ADMIN } });
    const { id } = await publish({ 'index.html': '<p>bad</p>' });
    const down = await app.request(`http://localhost:8787/api/admin/shares/${id}/takedown`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'phishing' }) });
    expect(down.status).toBe(200);
    const res = await visit(id, '/');
    expect(res.status).toBe(451);
    expect(res.headers.get('clear-site-data')).toBe(CSD);
  });
});
