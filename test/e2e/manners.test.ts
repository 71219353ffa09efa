import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerInfo } from '../../core/api-types';
import { launchBrowser, screenshot } from '../helpers/browser';
import { startNodeServer } from '../helpers/node-server';
import { getUrl } from '../helpers/server';
import { app, chooseFolder, createLink, folder, settled } from './helpers';

/** The web app as a person meets it in Chromium: what it offers, says and shows. */
let ctx: BrowserContext;
let page: Page;

beforeAll(async () => {
  ctx = await launchBrowser();
  page = await ctx.newPage();
});
afterAll(async () => { await ctx?.close(); });

/** The expiry field as shown: value, label and which one is selected. */
const expiryOptions = (p: Page) => p.locator('#expires option').evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent, selected: (o as HTMLOptionElement).selected })));

describe('expiry choices', () => {
  it('offers exactly what GET /api says a publisher without a key may choose, the default selected; no "Never" on the default server', async () => {
    await page.goto(app());
    const info = await page.evaluate(async () => (await fetch('/api')).json()) as ServerInfo;
    const options = await expiryOptions(page);
    expect(options.map((o) => o.value)).toEqual(info.expiry.choices);
    expect(options.map((o) => o.label)).toEqual(['1 hour', '24 hours', '7 days', '30 days']);
    expect(options.find((o) => o.selected)?.value).toBe(info.expiry.default);
  });

  it('follows the server\'s policy: a shorter longest expiry, and never where everyone may use it', async () => {
    const node = await startNodeServer({ env: { MAX_EXPIRY: '24h', DEFAULT_EXPIRY: '1h', ALLOW_NEVER_EXPIRY: 'true' } });
    const own = await ctx.newPage();
    try {
      await own.goto(node.url);
      const options = await expiryOptions(own);
      expect(options).toEqual([{ value: '1h', label: '1 hour', selected: true }, { value: '24h', label: '24 hours', selected: false }, { value: 'never', label: 'Never', selected: false }]);
      expect((await own.evaluate(async () => (await fetch('/api')).json()) as ServerInfo).expiry.choices).toEqual(['1h', '24h', 'never']);
      // Every choice offered is one the server takes.
      await own.locator('#pick-folder').setInputFiles(folder({ 'index.html': '<p>forever</p>' }));
      await expect.poll(() => own.locator('#summary').textContent()).toMatch(/1 file/);
      await own.getByLabel('Link expires after').selectOption('never');
      await own.getByRole('button', { name: 'Create link' }).click();
      await own.locator('#result').waitFor({ state: 'visible', timeout: 30_000 });
      expect(await own.locator('#result-expiry').textContent()).toBe('Expires: Never.');
    } finally {
      await own.close();
      await node.stop();
    }
  });
});

describe('Your links', () => {
  it('tells two links with the same title apart: what they were made from, the page they open, their file count', async () => {
    await chooseFolder(page, folder({ 'index.html': '<title>Twin</title><link rel="stylesheet" href="a.css"><script src="b.js"></script>', 'a.css': 'p{}', 'b.js': '1' }));
    const fromFolder = await createLink(page);
    const dir = mkdtempSync(join(tmpdir(), 'share-e2e-'));
    writeFileSync(join(dir, 'report.html'), '<title>Twin</title><p>the report</p>');
    await page.goto(app());
    await page.locator('#pick-files').setInputFiles(join(dir, 'report.html'));
    await settled(page);
    const fromFile = await createLink(page);

    await page.goto(`${app()}/links`);
    const card = (link: string) => page.locator('li.card', { has: page.locator(`a[href="${link}"]`) });
    await expect.poll(() => card(fromFolder).locator('.what').textContent()).toBe('From “site” · opens index.html · 3 files');
    expect(await card(fromFile).locator('.what').textContent()).toBe('From “report.html” · opens report.html · 1 file');
    expect(await card(fromFolder).locator('h2').textContent()).toBe('Twin');
    expect(await card(fromFile).locator('h2').textContent()).toBe('Twin');
    await screenshot(page, 'links-told-apart');

    // Sending the same file again changes nothing, and the card says so.
    await card(fromFile).getByRole('button', { name: 'Update…' }).click();
    await card(fromFile).locator('input[type=file]:not([webkitdirectory])').setInputFiles(join(dir, 'report.html'));
    await expect.poll(() => card(fromFile).locator('.msg').textContent()).toBe('Unchanged: these are the files the link already shows (version 1), so nothing was sent and it stays as it was.');
  });

  it('with no links, says so, and where links made with the CLI live', async () => {
    const fresh = await launchBrowser();
    try {
      const empty = await fresh.newPage();
      await empty.goto(`${app()}/links`);
      await empty.locator('#empty').waitFor({ state: 'visible' });
      expect(await empty.locator('#empty').innerText()).toContain('No links made in this browser yet.\n\nMade a link with the share command line? Run share list on that computer to see it, and share manage <link> for a manage link that can add it here.');
      expect(await empty.locator('#elsewhere').innerText()).toBe('Links made elsewhere are kept where they were made: the share command line keeps its links in its state file on that computer (share list there shows them), and another browser keeps its own. To add one here, open its manage link (share manage <link> prints it) and choose “Add to this browser\'s Your links”.');
      await screenshot(empty, 'links-empty');
    } finally {
      await fresh.close();
    }
  });
});

describe('icons', () => {
  /** Console errors and failed responses while `visit` runs. */
  async function watch(p: Page, visit: () => Promise<unknown>): Promise<string[]> {
    const problems: string[] = [];
    // The document's own status (a 404 page, a 401 password page) is logged too: that one is meant.
    const onConsole = (m: ConsoleMessage) => { if (m.type() === 'error' && !/status of (401|404|410)/.test(m.text())) problems.push(m.text()); };
    const onResponse = (r: { url(): string; status(): number }) => { if (/favicon/.test(r.url()) && r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); };
    p.on('console', onConsole);
    p.on('response', onResponse);
    await visit();
    await p.waitForTimeout(500);
    p.off('console', onConsole);
    p.off('response', onResponse);
    return problems;
  }

  it('every app page names the app\'s icon, which loads, and /favicon.ico answers with it', async () => {
    // A fresh profile, so Chromium fetches the icon for the tab instead of finding it cached.
    const fresh = await launchBrowser();
    try {
      const tab = await fresh.newPage();
      const icon = tab.waitForResponse((r) => /\/assets\/favicon\.[0-9A-F]{8}\.svg$/.test(r.url()));
      await tab.goto(app());
      expect((await icon).status()).toBe(200);
    } finally {
      await fresh.close();
    }
    for (const path of ['/', '/links', '/no-such-page']) {
      expect(await watch(page, () => page.goto(`${app()}${path}`)), path).toEqual([]);
      const href = await page.locator('link[rel=icon]').getAttribute('href');
      expect(href, path).toMatch(/^\/assets\/favicon\.[0-9A-F]{8}\.svg$/);
      const res = await page.request.get(`${app()}${href}`);
      expect(res.status(), path).toBe(200);
      expect(res.headers()['content-type']).toBe('image/svg+xml');
    }
    const fallback = await page.request.get(`${app()}/favicon.ico`);
    expect(fallback.status()).toBe(200);
    expect(await fallback.text()).toMatch(/^<svg /);
  });

  it('visitor pages carry it inline with no CSP error; a share without an icon answers /favicon.ico with 204, not a 404 page', async () => {
    const missing = app().replace('://localhost', '://zzzzzzzzzzzzzz.localhost');
    expect(await watch(page, () => page.goto(missing))).toEqual([]);
    expect(await page.locator('link[rel=icon]').getAttribute('href')).toMatch(/^data:image\/svg\+xml,/);
    await chooseFolder(page, folder({ 'index.html': '<p>no icon of its own</p>' }));
    const link = await createLink(page);
    const none = await getUrl(`${link}favicon.ico`);
    expect(none.status).toBe(204);
  });

  it('the password page carries the product mark and the icon, like the other visitor pages', async () => {
    await chooseFolder(page, folder({ 'index.html': '<title>Locked</title><p>behind a password</p>' }));
    const link = await createLink(page, { password: 'maple-river-42' });
    const visitor = await ctx.newPage();
    try {
      expect(await watch(visitor, () => visitor.goto(link))).toEqual([]);
      await visitor.locator('input[type=password]').waitFor();
      expect(await visitor.locator('main > .brand').innerText()).toBe('share.');
      expect(await visitor.locator('link[rel=icon]').getAttribute('href')).toMatch(/^data:image\/svg\+xml,/);
      const mark = await visitor.locator('main > .brand').evaluate((el) => getComputedStyle(el.querySelector('span')!).color);
      await visitor.goto(app().replace('://localhost', '://zzzzzzzzzzzzzz.localhost'));
      expect(await visitor.locator('main > .brand').evaluate((el) => getComputedStyle(el.querySelector('span')!).color)).toBe(mark);
      await screenshot(visitor, 'visitor-password-mark');
    } finally {
      await visitor.close();
    }
  });
});
