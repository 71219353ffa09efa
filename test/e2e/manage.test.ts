import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser';
import { runCli, scratch, tempConfigHome } from '../helpers/cli';
import { getUrl } from '../helpers/server';
import { app, chooseFolder, createLink, folder } from './helpers';

let ctx: BrowserContext;
beforeAll(async () => { ctx = await launchBrowser(); });
afterAll(async () => { await ctx?.close(); });

describe('a manage link (/manage#<id>.<owner token>)', () => {
  it('the CLI prints it (--json manageUrl, share manage); a fresh browser sees the link, adds it to Your links and revokes it', async () => {
    const env = { SHARE_SERVER: app(), XDG_CONFIG_HOME: tempConfigHome(), SHARE_API_KEY: '' };
    const published = await runCli([scratch({ 'index.html': '<!doctype html><title>Managed page</title><p>hello</p>' }), '--json'], env);
    expect(published.code, published.stderr).toBe(0);
    const out = JSON.parse(published.stdout) as { id: string; url: string; manageUrl: string };
    expect(out.manageUrl).toMatch(new RegExp(`^${app()}/manage#${out.id}\\.[A-Za-z0-9_-]{43}$`));
    const printed = await runCli(['manage', out.url], env);
    expect(printed.stdout.trim()).toBe(out.manageUrl);
    const stranger = await runCli(['manage', out.url], { ...env, XDG_CONFIG_HOME: tempConfigHome() });
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toMatch(/^share: this machine holds no owner token for /);

    const page = await ctx.newPage();
    const requests: { url: string; authorization?: string }[] = [];
    page.on('request', (r) => requests.push({ url: r.url(), authorization: r.headers().authorization }));
    await page.goto(out.manageUrl);
    const card = page.locator(`li[data-id="${out.id}"]`);
    await expect.poll(() => card.locator('.badge').textContent()).toBe('Live');
    expect(await card.locator('h2').textContent()).toBe('Managed page');
    expect(await card.locator('.url a').getAttribute('href')).toBe(out.url);
    await screenshot(page, 'manage-live');
    // Nothing is saved in this browser until asked.
    expect(await page.evaluate(() => localStorage.getItem('share.links.v1'))).toBeNull();
    await page.locator('#add-link').click();
    await expect.poll(() => page.locator('#keep-msg').textContent()).toMatch(/in this browser's Your links/);

    await card.getByRole('button', { name: 'Revoke…' }).click();
    await card.getByRole('button', { name: 'Yes, revoke it' }).click();
    await expect.poll(() => page.locator(`li[data-id="${out.id}"] .badge`).textContent()).toBe('Revoked');
    expect((await getUrl(out.url)).status).toBe(410);

    // The token went only to this origin's API, in a header, never in a URL.
    const token = out.manageUrl.split('.').slice(-1)[0];
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) {
      expect(new URL(r.url).origin).toBe(app());
      expect(r.url).not.toContain(token);
    }
    expect(requests.some((r) => r.authorization === `Bearer ${out.manageUrl.split('#')[1].slice(15)}`)).toBe(true);

    await page.goto(`${app()}/links`);
    await expect.poll(() => page.locator(`li[data-id="${out.id}"] .badge`).textContent()).toBe('Revoked');
    await page.close();
  });

  it('the web app shows the manage link after a publish, and it opens that link', async () => {
    const page = await ctx.newPage();
    await chooseFolder(page, folder({ 'index.html': '<!doctype html><title>From the web</title><p>web</p>' }));
    const link = await createLink(page);
    const manage = await page.locator('#manage-link').getAttribute('href');
    const id = new URL(link).hostname.split('.')[0];
    expect(manage).toMatch(new RegExp(`^${app()}/manage#${id}\\.[A-Za-z0-9_-]{43}$`));
    const other = await launchBrowser();
    try {
      const fresh = await other.newPage();
      await fresh.goto(manage!);
      await expect.poll(() => fresh.locator(`li[data-id="${id}"] h2`).textContent()).toBe('From the web');
    } finally {
      await other.close();
    }
    await page.close();
  });

  it('an incomplete or wrong manage link says so', async () => {
    const page = await ctx.newPage();
    await page.goto(`${app()}/manage`);
    expect(await page.locator('#empty').isVisible()).toBe(true);
    await page.goto(`${app()}/manage#abcdefghijklmn.${'x'.repeat(43)}`);
    await expect.poll(() => page.locator('#manage-problem').textContent()).toMatch(/does not match any link/);
    await page.close();
  });
});
