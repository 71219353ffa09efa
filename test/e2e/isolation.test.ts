import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser';
import { app, chooseFolder, createLink, folder } from './helpers';

let ctx: BrowserContext;
beforeAll(async () => { ctx = await launchBrowser(); });
afterAll(async () => { await ctx?.close(); });

describe('a share cannot reach the app', () => {
  it('a shared page\'s script gets nothing from the app origin\'s storage or pages, and no owner token reaches a share origin', async () => {
    const page = await ctx.newPage();
    const shareRequests: { url: string; headers: Record<string, string> }[] = [];
    ctx.on('request', async (req) => {
      if (/^http:\/\/[0-9a-z]{14}\.localhost/.test(req.url())) shareRequests.push({ url: req.url(), headers: await req.allHeaders() });
    });
    const probe = `<!doctype html><title>Probe</title><pre id="out">running</pre><script>
(async () => {
  const out = {};
  out.keys = Object.keys(localStorage);
  out.cookie = document.cookie;
  for (const [name, url] of [['links', '${app()}/links'], ['api', '${app()}/api/shares']]) {
    try { const r = await fetch(url, { credentials: 'include' }); out[name] = 'read ' + r.status + ' ' + (await r.text()).slice(0, 80); }
    catch (e) { out[name] = 'blocked'; }
  }
  try { const r = await fetch('${app()}/api/shares', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }); out.post = 'sent ' + r.status; }
  catch (e) { out.post = 'blocked'; }
  document.getElementById('out').textContent = JSON.stringify(out);
})();
</script>`;
    await chooseFolder(page, folder({ 'index.html': probe }));
    const link = await createLink(page);
    const appKeys = await page.evaluate(() => Object.keys(localStorage));
    expect(appKeys).toContain('share.links.v1');
    const token = await page.evaluate(() => (JSON.parse(localStorage.getItem('share.links.v1')!) as { ownerToken: string }[])[0].ownerToken);
    expect(token.length).toBeGreaterThan(40);

    const visitor = await ctx.newPage();
    await visitor.goto(link);
    await expect.poll(() => visitor.locator('#out').textContent(), { timeout: 15_000 }).toMatch(/^\{/);
    const out = JSON.parse((await visitor.locator('#out').textContent())!) as Record<string, unknown>;
    expect(out).toEqual({ keys: [], cookie: '', links: 'blocked', api: 'blocked', post: 'blocked' });
    await visitor.close();

    expect(shareRequests.length).toBeGreaterThan(0);
    for (const r of shareRequests) {
      expect(r.headers.authorization).toBeUndefined();
      expect(JSON.stringify(r)).not.toContain(token);
    }
  });
});
