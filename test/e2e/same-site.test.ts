// Shares on one content domain are one *site* unless that domain is on the Public Suffix List.
// These tests run the production layout (test/helpers/two-domain.ts: the Node server behind TLS,
// shares at https://<id>.usercontent.test, Chromium resolving them to loopback), where a sibling
// share can send the visitor's cookies along with its subresource requests and can set cookies
// for every share. They need no wrangler: the e2e project's global server goes unused here.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONTENT_DOMAIN, startTwoDomainLayout, type TwoDomainLayout } from '../helpers/two-domain';

const PASSWORD = 'correct horse';

/** Share V: a protected page whose own script and stylesheet show their secret values on it. */
const victimBundle = {
  'index.html': '<!doctype html><title>V</title><link rel="stylesheet" href="theme.css"><script src="data.js"></script><p id="v">loading</p>'
    + '<script>document.getElementById("v").textContent = window.vData + " " + getComputedStyle(document.documentElement).getPropertyValue("--v-secret").trim();</script>',
  'data.js': 'window.vData = "V-SECRET-DATA";',
  'theme.css': ':root { --v-secret: "V-SECRET-CSS"; }',
};
const VICTIM_TEXT = 'V-SECRET-DATA "V-SECRET-CSS"';

/** A page that runs `script` and writes what it returns (JSON) into #out. */
const probePage = (head: string, script: string) => `<!doctype html><title>E</title>${head}<pre id="out">running</pre><script>
addEventListener('load', async () => { document.getElementById('out').textContent = JSON.stringify(await (async () => { ${script} })()); });
</script>`;

async function probe(page: Page, url: string): Promise<unknown> {
  await page.goto(url);
  await expect.poll(() => page.locator('#out').textContent(), { timeout: 20_000 }).not.toBe('running');
  return JSON.parse((await page.locator('#out').textContent())!);
}

/** Opens V, answers its password page, and waits for V's own page to show its values. */
async function unlock(page: Page, url: string): Promise<void> {
  await page.goto(url);
  const input = page.locator('input[type=password]');
  await input.fill(PASSWORD);
  await input.press('Enter');
  await expect.poll(() => page.locator('#v').textContent().catch(() => null), { timeout: 20_000 }).toBe(VICTIM_TEXT);
}

describe('on the production layout (https, one content domain)', () => {
  let layout: TwoDomainLayout;
  beforeAll(async () => { layout = await startTwoDomainLayout(); });
  afterAll(async () => { await layout?.stop(); });
  beforeEach(async () => { await layout.browser.clearCookies(); });

  it('fault 1: a sibling share that loads an unlocked share\'s script and stylesheet reads nothing of them', async () => {
    const v = await layout.api.publish(victimBundle, { password: PASSWORD });
    const vUrl = layout.shareUrl(v.id);
    const e = await layout.api.publish({
      'index.html': probePage(`<link rel="stylesheet" href="${vUrl}theme.css"><script src="${vUrl}data.js"></script>`,
        `return { data: window.vData ?? null, css: getComputedStyle(document.documentElement).getPropertyValue('--v-secret').trim() || null };`),
    });
    const page = await layout.browser.newPage();
    await unlock(page, vUrl);
    const cookies = await layout.browser.cookies(vUrl);
    expect(cookies.map((c) => c.name)).toEqual(['__Host-share_unlock']);

    const before = layout.served(v.id).length;
    const blocked: string[] = [];
    page.on('requestfailed', (r) => { if (r.url().startsWith(vUrl)) blocked.push(`${new URL(r.url()).pathname} ${r.failure()?.errorText}`); });
    expect(await probe(page, layout.shareUrl(e.id))).toEqual({ data: null, css: null });
    // The server refused both (no bytes left it), and its CORP header had the browser drop the answers too.
    // (The unlocked page's own late favicon request, answered 204 without bytes, is not the probe's.)
    expect(layout.served(v.id).slice(before).filter((r) => r.path !== '/favicon.ico').sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { method: 'GET', path: '/data.js', status: 403 },
      { method: 'GET', path: '/theme.css', status: 403 },
    ]);
    expect(blocked.sort()).toEqual(['/data.js net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin', '/theme.css net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin']);
    // V itself still works with the same cookie.
    await page.goto(vUrl);
    await expect.poll(() => page.locator('#v').textContent()).toBe(VICTIM_TEXT);
    await page.close();
  });

  it('fault 2: a decoy share_unlock planted for the whole content domain does not stop the right password from opening V', async () => {
    const v = await layout.api.publish(victimBundle, { password: PASSWORD });
    const e = await layout.api.publish({
      'index.html': probePage('', `
        document.cookie = 'share_unlock=decoy; domain=${CONTENT_DOMAIN}; path=/; max-age=3600';
        document.cookie = '__Host-share_unlock=decoy; domain=${CONTENT_DOMAIN}; path=/; secure';
        return document.cookie;`),
    });
    const page = await layout.browser.newPage();
    expect(await probe(page, layout.shareUrl(e.id))).toBe('share_unlock=decoy');
    await unlock(page, layout.shareUrl(v.id));
    await page.reload();
    expect(await page.locator('#v').textContent()).toBe(VICTIM_TEXT);
    await page.close();
  });

  it('fault 2: a dozen 3 KB cookies planted for the content domain do not break an unlocked share, and are expired', async () => {
    const v = await layout.api.publish(victimBundle, { password: PASSWORD });
    const e = await layout.api.publish({
      'index.html': probePage('', `
        for (let i = 0; i < 12; i++) document.cookie = 'junk' + i + '=' + 'j'.repeat(3000) + '; domain=${CONTENT_DOMAIN}; path=/; max-age=86400';
        return document.cookie.length;`),
    });
    const page = await layout.browser.newPage();
    await unlock(page, layout.shareUrl(v.id));
    expect(await probe(page, layout.shareUrl(e.id))).toBeGreaterThan(36_000);
    const res = await page.goto(layout.shareUrl(v.id));
    expect(res!.status()).toBe(200);
    expect(await page.locator('#v').textContent()).toBe(VICTIM_TEXT);
    const left = (await layout.browser.cookies(layout.shareUrl(v.id))).map((c) => c.name);
    expect(left).toEqual(['__Host-share_unlock']);
    await page.close();
  });

  it('fault 2: a cookie jar filled to the browser\'s limit (with a nameless and a partitioned cookie) still loads a share, which empties it', async () => {
    const w = await layout.api.publish({ 'index.html': '<!doctype html><title>W</title><p id="w">open page</p>' });
    const e = await layout.api.publish({
      'index.html': probePage('', `
        for (let i = 0; i < 200; i++) document.cookie = 'fill' + i + '=' + 'f'.repeat(4000) + '; domain=${CONTENT_DOMAIN}; path=/; max-age=86400';
        document.cookie = 'nameless-${'n'.repeat(3000)}; domain=${CONTENT_DOMAIN}; path=/';
        document.cookie = 'part=${'p'.repeat(3000)}; domain=${CONTENT_DOMAIN}; path=/; secure; partitioned';
        return document.cookie.length;`),
    });
    const page = await layout.browser.newPage();
    const planted = await probe(page, layout.shareUrl(e.id)) as number;
    expect(planted).toBeGreaterThan(600_000);
    const res = await page.goto(layout.shareUrl(w.id));
    expect(res!.status()).toBe(200);
    expect(await page.locator('#w').textContent()).toBe('open page');
    // The server read that request, all of its Cookie header with it (Node's default limit of 16 KiB answered 431).
    expect(layout.served(w.id)).toContainEqual({ method: 'GET', path: '/', status: 200 });
    // Every planted cookie, the nameless and the partitioned one included, was expired by that answer.
    expect(await page.evaluate(() => document.cookie)).toBe('');
    await page.close();
  });
});

describe('on plain http (no __Host- prefix possible)', () => {
  let layout: TwoDomainLayout;
  beforeAll(async () => { layout = await startTwoDomainLayout({ scheme: 'http' }); });
  afterAll(async () => { await layout?.stop(); });

  it('fault 2: a decoy share_unlock sent ahead of ours is passed over, and the answer expires it', async () => {
    const v = await layout.api.publish(victimBundle, { password: PASSWORD });
    const e = await layout.api.publish({
      'index.html': probePage('', `document.cookie = 'share_unlock=decoy; domain=${CONTENT_DOMAIN}; path=/; max-age=3600'; return document.cookie;`),
    });
    const page = await layout.browser.newPage();
    expect(await probe(page, layout.shareUrl(e.id))).toBe('share_unlock=decoy');
    const vUrl = layout.shareUrl(v.id);
    await unlock(page, vUrl);
    await page.reload();
    expect(await page.locator('#v').textContent()).toBe(VICTIM_TEXT);
    const jar = await layout.browser.cookies(vUrl);
    expect(jar.map((c) => `${c.name}@${c.domain}`)).toEqual([`share_unlock@${new URL(vUrl).hostname}`]);
    await page.close();
  });
});
