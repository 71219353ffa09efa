import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusPageHtml } from '../../app/pages/status';
import { launchBrowser, screenshot } from '../helpers/browser';
import { app, chooseFolder, createLink, folder } from './helpers';

let ctx: BrowserContext;
beforeAll(async () => { ctx = await launchBrowser(); });
afterAll(async () => { await ctx?.close(); });

describe('first paint, phone width, keyboard and the visitor pages', () => {
  it('the home page\'s first paint (HTML + CSS + JS the browser fetched) is under 50 KB', async () => {
    const page = await ctx.newPage();
    const pending: Promise<{ url: string; type: string; bytes: number }>[] = [];
    // Bytes on the wire: the (possibly compressed) body plus the response headers.
    page.on('requestfinished', (req) => pending.push(req.sizes().then((s) => ({ url: req.url(), type: req.resourceType(), bytes: s.responseBodySize + s.responseHeadersSize }))));
    await page.goto(app(), { waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    const sizes = await Promise.all(pending);
    const counted = sizes.filter((s) => ['document', 'stylesheet', 'script'].includes(s.type));
    const total = counted.reduce((n, s) => n + s.bytes, 0);
    console.log(`first paint of /: ${total} bytes in ${counted.length} responses (${counted.map((s) => `${s.type} ${s.bytes}`).join(', ')})`);
    expect([...new Set(counted.map((s) => s.type))].sort()).toEqual(['document', 'script', 'stylesheet']);
    expect(total).toBeLessThan(50 * 1024);
    await screenshot(page, 'home');
    await page.close();
  });

  it('every control on the home page has a label and the main actions are reachable by keyboard', async () => {
    const page = await ctx.newPage();
    await page.goto(app());
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll<HTMLInputElement>('input, select, button')]
      .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.textContent?.trim()))
      .map((el) => el.outerHTML));
    expect(unlabelled).toEqual([]);
    const reached: string[] = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim() || ''));
    }
    expect(reached).toEqual(expect.arrayContaining(['choose-files', 'choose-folder', 'expires', 'password']));
    await page.close();
  });

  it('reads at phone width (375px) with long names and titles, without sideways scrolling', async () => {
    const phone = await launchBrowser({ viewport: { width: 375, height: 740 } });
    const page = await phone.newPage();
    const long = 'a-very-long-file-name-without-any-spaces-that-goes-on-and-on-and-on-and-on-forever';
    await chooseFolder(page, folder({ [`${long}.html`]: `<title>${long.replace(/-/g, '')}</title><p>long</p>` }));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'phone-home-chosen');
    await createLink(page, { expires: '30d' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'phone-after-upload');
    await page.goto(`${app()}/links`);
    await page.locator('li.card').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'phone-links');
    await page.goto(`http://zzzzzzzzzzzzzz.localhost:${new URL(app()).port}/`);
    await screenshot(page, 'phone-visitor-404');
    await phone.close();
  });

  it('visitor pages: 404 for an unknown link, and the expired and taken-down pages look the same', async () => {
    const page = await ctx.newPage();
    const res = await page.goto(`http://zzzzzzzzzzzzzz.localhost:${new URL(app()).port}/`);
    expect(res!.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Not found');
    await screenshot(page, 'visitor-404');
    // No API makes a share expire or be taken down on demand: render the exact HTML those answers carry.
    for (const kind of ['expired', 'taken_down'] as const) {
      await page.setContent(statusPageHtml(kind).toString());
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('main')!).backgroundColor)).toBe('rgb(255, 255, 255)');
      await screenshot(page, `visitor-${kind === 'expired' ? '410-expired' : '451-taken-down'}`);
    }
    await page.close();
  });
});
