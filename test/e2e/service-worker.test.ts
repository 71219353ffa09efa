// Fault 3: a service worker installed on a share's origin answers for it from the browser, so a
// revoke (410) or takedown (451) would never reach that visitor. Run on the production layout
// (test/helpers/two-domain.ts, https, so service workers and Clear-Site-Data are available).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwoDomainLayout, type TwoDomainLayout } from '../helpers/two-domain';

const ADMIN = 'e2e-admin-token-service-worker-0123';

/** A hostile worker: once installed it answers every request of its origin from its cache. */
const SW = `self.addEventListener('install', (e) => e.waitUntil(caches.open('sw').then((c) => c.addAll(['/'])).then(() => self.skipWaiting())));
self.addEventListener('activate', (e) => e.waitUntil(clients.claim()));
self.addEventListener('fetch', (e) => e.respondWith(caches.match(e.request.mode === 'navigate' ? '/' : e.request).then((r) => r || new Response('', { status: 404 }))));`;

/** A page that tries to register /sw.js and says how that went in #out. */
const REGISTERING_PAGE = `<!doctype html><title>SW</title><p id="page">the shared page</p><pre id="out">running</pre><script>
navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready)
  .then(() => 'registered', (e) => 'refused: ' + e.message).then((t) => { document.getElementById('out').textContent = t; });
</script>`;

const registrations = (page: Page) => page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);

let layout: TwoDomainLayout;
beforeAll(async () => { layout = await startTwoDomainLayout({ env: { ADMIN_TOKEN: ADMIN } }); });
afterAll(async () => { await layout?.stop(); });

const revoke = async (id: string, token: string) => expect((await layout.api.call(`/api/shares/${id}`, { method: 'DELETE', token })).status).toBe(200);
const takeDown = async (id: string) => expect((await layout.api.call(`/api/admin/shares/${id}/takedown`, { json: { reason: 'phishing' }, headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(200);

describe('service workers on content origins', () => {
  it('a shared page cannot register one; after revoke a reload shows 410', async () => {
    const s = await layout.api.publish({ 'index.html': REGISTERING_PAGE, 'sw.js': SW });
    const page = await layout.browser.newPage();
    await page.goto(layout.shareUrl(s.id));
    await expect.poll(() => page.locator('#out').textContent(), { timeout: 20_000 }).not.toBe('running');
    expect(await page.locator('#out').textContent()).toMatch(/^refused: .*403/);
    expect(await registrations(page)).toBe(0);
    expect(layout.served(s.id)).toContainEqual({ method: 'GET', path: '/sw.js', status: 403 });

    await revoke(s.id, s.token);
    const gone = await page.reload();
    expect(gone!.status()).toBe(410);
    expect(await page.locator('h1').textContent()).toBe('This link was revoked');
    expect(await gone!.headerValue('clear-site-data')).toBe('"cache", "storage"');
    await page.close();
  });

  it.each([
    ['revoked', 410, (s: { id: string; token: string }) => revoke(s.id, s.token)],
    ['taken down', 451, (s: { id: string }) => takeDown(s.id)],
  ] as const)('a %s share\'s page clears what the share stored in the browser (Clear-Site-Data is honoured)', async (_, status, end) => {
    const s = await layout.api.publish({
      'index.html': `<!doctype html><pre id="out">running</pre><script>
        localStorage.setItem('kept', 'by the share');
        caches.open('share-cache').then((c) => c.put('/cached', new Response('cached bytes'))).then(() => { document.getElementById('out').textContent = 'stored'; });
      </script>`,
    });
    const page = await layout.browser.newPage();
    await page.goto(layout.shareUrl(s.id));
    await expect.poll(() => page.locator('#out').textContent(), { timeout: 20_000 }).toBe('stored');
    expect(await page.evaluate(async () => [localStorage.length, await caches.keys()])).toEqual([1, ['share-cache']]);

    await end(s);
    const res = await page.reload();
    expect(res!.status()).toBe(status);
    expect(await page.evaluate(async () => [localStorage.length, await caches.keys()])).toEqual([0, []]);
    await page.close();
  });

  it('a service worker installed before this fix does not outlive a revoke: its update fetch gets 410 and Clear-Site-Data', async () => {
    const bundle: Record<string, string> = { 'index.html': REGISTERING_PAGE, 'sw.js': SW };
    const s = await layout.api.publish(bundle);
    // A stand-in for an earlier deployment, which served every file of the share, sw.js included.
    const legacy: Server = createServer((req, res) => {
      const path = req.url === '/' ? 'index.html' : req.url!.slice(1);
      if (!(path in bundle)) { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': path.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(bundle[path]);
    });
    await new Promise<void>((resolve) => legacy.listen(0, '127.0.0.1', resolve));
    const page = await layout.browser.newPage();
    try {
      layout.routeTo((legacy.address() as AddressInfo).port);
      await page.goto(layout.shareUrl(s.id));
      await expect.poll(() => page.locator('#out').textContent(), { timeout: 20_000 }).toBe('registered');
      expect(await registrations(page)).toBe(1);
      layout.routeTo(null);

      await revoke(s.id, s.token);
      // The worker answers the next load from its cache: the revoke has not reached this browser yet…
      const stale = await page.reload();
      expect(stale!.status()).toBe(200);
      expect(await page.locator('#page').textContent()).toBe('the shared page');
      // …but the browser checks the worker's script soon after a navigation it handles (Chromium
      // waits for the page to go quiet first), and that fetch now gets the revoked page with
      // Clear-Site-Data, which unregisters the worker (about 2 s after the stale load, measured).
      await expect.poll(() => layout.served(s.id), { timeout: 60_000, interval: 500 }).toContainEqual({ method: 'GET', path: '/sw.js', status: 410 });
      await expect.poll(() => registrations(page), { timeout: 10_000 }).toBe(0);
      const gone = await page.reload();
      expect(gone!.status()).toBe(410);
      expect(await page.locator('h1').textContent()).toBe('This link was revoked');
    } finally {
      layout.routeTo(null);
      await page.close();
      await new Promise<void>((resolve) => legacy.close(() => resolve()));
    }
  });
});
