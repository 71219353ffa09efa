import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { APP, api, errorOf, manifestOf, publish, visit } from './helpers';

const page = (path: string) => SELF.fetch(`${APP}${path}`);

function expectAppPageHeaders(res: Response) {
  const csp = res.headers.get('content-security-policy') ?? '';
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  expect(directives['script-src']).toEqual(["'self'"]);
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(directives['frame-ancestors']).toEqual(["'none'"]);
  expect(directives['connect-src']).toEqual(["'self'"]);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
}

describe('web app pages', () => {
  for (const path of ['/', '/links']) {
    it(`${path} is HTML with a CSP that forbids inline script, and has no inline script itself`, async () => {
      const res = await page(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expectAppPageHeaders(res);
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBe(1);
      expect(scripts[0][1]).toMatch(/src="\/assets\/app\.[A-Z0-9]+\.js"/);
      expect(scripts[0][2]).toBe('');
      expect(html).not.toMatch(/<style|\son[a-z]+=/i);
    });
  }

  it('serves content-hashed assets with a long immutable cache and their type', async () => {
    const html = await (await page('/')).text();
    const js = html.match(/src="(\/assets\/app\.[A-Z0-9]+\.js)"/)![1];
    const css = html.match(/href="(\/assets\/style\.[A-Z0-9]+\.css)"/)![1];
    for (const [path, type] of [[js, 'text/javascript; charset=utf-8'], [css, 'text/css; charset=utf-8']]) {
      const res = await page(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await res.text()).length).toBeGreaterThan(100);
    }
    expect((await page('/assets/app.NOSUCHHASH.js')).status).toBe(404);
    expect((await page('/assets/constructor')).status).toBe(404);
  });

  it('an unknown app path is an HTML 404 page with the same headers', async () => {
    const res = await page('/no/such/page');
    expect(res.status).toBe(404);
    expectAppPageHeaders(res);
    expect(await res.text()).toContain('Page not found');
  });

  it('the app pages are not served on a share origin', async () => {
    const { id } = await publish({ 'index.html': `<title>x</title>${crypto.randomUUID()}` });
    const res = await visit(id, '/links');
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('Your links');
    expect((await visit(id, '/assets/x.js')).status).toBe(404);
  });
});

describe("Hono's secure headers on the app host, never on a share's origin", () => {
  it('API answers and app pages carry them: never framed, same-origin resources, no referrer', async () => {
    for (const res of [await page('/api'), await page('/api/nope'), await page('/no-such-page')]) {
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it("a share's page gets none of the app's policy, so the user's page runs as written", async () => {
    const { id } = await publish({ 'index.html': '<script>document.title = "ran"</script>' });
    const res = await visit(id, '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('Origin check on state-changing API calls', () => {
  const bundle = () => ({ 'index.html': `<title>o</title>${crypto.randomUUID()}` });

  it('allows a publish with no Origin header (CLI, curl) and from the app origin itself', async () => {
    for (const headers of [{}, { origin: APP }] as Record<string, string>[]) {
      const { files } = await manifestOf(bundle());
      const res = await api('/api/shares', { method: 'POST', json: { files }, headers });
      expect(res.status).toBe(201);
    }
  });

  for (const origin of ['http://evil.example', 'http://abcdefghijklmn.localhost:8787', 'null', 'http://localhost:9999', 'https://localhost:8787']) {
    it(`refuses a publish from Origin ${origin} with 403 origin_not_allowed`, async () => {
      const { files } = await manifestOf(bundle());
      const res = await api('/api/shares', { method: 'POST', json: { files }, headers: { origin } });
      expect(await errorOf(res)).toMatchObject({ status: 403, code: 'origin_not_allowed' });
    });
  }

  it('refuses upload, finalize, update and revoke from a share origin, and they leave the share as it was', async () => {
    const { id, token, url } = await publish(bundle());
    const evil = { origin: url.replace(/\/$/, '') };
    const { files, bytes } = await manifestOf(bundle());
    const put = await api(`/api/shares/${id}/blobs/${files[0].sha256}`, { method: 'PUT', body: bytes.get('index.html'), token, headers: evil });
    expect(await errorOf(put)).toMatchObject({ status: 403, code: 'origin_not_allowed' });
    const update = await api(`/api/shares/${id}/versions`, { method: 'POST', json: { files }, token, headers: evil });
    expect(await errorOf(update)).toMatchObject({ status: 403, code: 'origin_not_allowed' });
    const fin = await api(`/api/shares/${id}/versions/1/finalize`, { method: 'POST', token, headers: evil });
    expect(await errorOf(fin)).toMatchObject({ status: 403, code: 'origin_not_allowed' });
    const del = await api(`/api/shares/${id}`, { method: 'DELETE', token, headers: evil });
    expect(await errorOf(del)).toMatchObject({ status: 403, code: 'origin_not_allowed' });
    expect((await visit(id)).status).toBe(200);
    const info = await api(`/api/shares/${id}`, { token, headers: evil });
    expect(info.status).toBe(200);
    expect(((await info.json()) as { state: string; version: number })).toMatchObject({ state: 'live', version: 1 });
    const ok = await api(`/api/shares/${id}`, { method: 'DELETE', token, headers: { origin: APP } });
    expect(ok.status).toBe(200);
    expect((await visit(id)).status).toBe(410);
  });
});
