import { zipSync } from 'fflate';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from '../helpers/browser';
import { getUrl } from '../helpers/server';
import { app, chooseFolder, createLink, dropFiles, folder } from './helpers';

let ctx: BrowserContext;
let page: Page;

beforeAll(async () => {
  ctx = await launchBrowser();
  page = await ctx.newPage();
});
afterAll(async () => { await ctx?.close(); });

describe('home: drop a folder, get a link', () => {
  let link: string;
  const marker = `folder-${Date.now()}`;

  it('publishes a picked folder with visible progress, skipping .git, node_modules and .env files', async () => {
    const dir = folder({
      'index.html': `<!doctype html><title>Launch plan &amp; notes</title><link rel="stylesheet" href="css/site.css"><h1 id="m">${marker}</h1><script src="js/app.js"></script>`,
      'css/site.css': 'body { background-color: rgb(10, 20, 30); } h1 { color: rgb(200, 100, 50); }',
      'js/app.js': 'document.body.dataset.ran = "yes";',
      '.git/config': '[core]',
      'node_modules/x/index.js': 'secret',
      '.env': 'API_KEY=sk-live-123',
      '.env.local': 'API_KEY=sk-live-456',
    });
    await chooseFolder(page, dir);
    expect(await page.locator('#summary').textContent()).toMatch(/^site: 3 files, .* Opens index\.html \(“Launch plan & notes”\)\.$/);
    await screenshot(page, 'home-folder-chosen');
    const sawProgress = page.locator('#progress').waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
    link = await createLink(page);
    expect(await sawProgress).toBe(true);
    expect(link).toMatch(/^http:\/\/[0-9a-z]{14}\.localhost:\d+\/$/);
    expect(await page.locator('#qr svg').count()).toBe(1);
    expect(await page.locator('#result-expiry').textContent()).toContain('(in 7 days)');
    await expect.poll(() => page.locator('#open-link').getAttribute('href')).toBe(link);
    await screenshot(page, 'home-after-upload');
    for (const skipped of ['.env', '.env.local', '.git/config', 'node_modules/x/index.js']) expect((await getUrl(`${link}${skipped}`)).status).toBe(404);
  });

  it('the link opens in a new page and renders with its CSS and script', async () => {
    const visitor = await ctx.newPage();
    const res = await visitor.goto(link);
    expect(res!.status()).toBe(200);
    expect(await visitor.locator('#m').textContent()).toBe(marker);
    expect(await visitor.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(10, 20, 30)');
    expect(await visitor.evaluate(() => getComputedStyle(document.querySelector('h1')!).color)).toBe('rgb(200, 100, 50)');
    expect(await visitor.evaluate(() => document.body.dataset.ran)).toBe('yes');
    await visitor.close();
  });

  it('copy puts the link on the clipboard', async () => {
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app() });
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => page.locator('#copy-status').textContent()).toBe('Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  });

  it('"Your links" lists it after a reload, and revoking it (with a confirm) makes the link show the revoked page', async () => {
    await page.goto(`${app()}/links`);
    await page.reload();
    const card = page.locator('li.card', { has: page.locator(`a[href="${link}"]`) });
    await expect.poll(() => card.locator('.badge').textContent()).toBe('Live');
    expect(await card.locator('h2').textContent()).toBe('Launch plan & notes');
    expect(await card.locator('.meta').textContent()).toMatch(/Created.*Expires.*\(in 7 days\)/);
    await screenshot(page, 'links');
    await card.getByRole('button', { name: 'Revoke…' }).click();
    expect(await getUrl(link).then((r) => r.status)).toBe(200);
    await card.getByRole('button', { name: 'Cancel' }).click();
    expect(await card.getByRole('button', { name: 'Yes, revoke it' }).isVisible()).toBe(false);
    await card.getByRole('button', { name: 'Revoke…' }).click();
    await card.getByRole('button', { name: 'Yes, revoke it' }).click();
    const revoked = page.locator('li.card', { has: page.locator(`a[href="${link}"]`) });
    await expect.poll(() => revoked.locator('.badge').textContent()).toBe('Revoked');
    await screenshot(page, 'links-after-revoke');
    const visitor = await ctx.newPage();
    const res = await visitor.goto(link);
    expect(res!.status()).toBe(410);
    expect(await visitor.locator('h1').textContent()).toBe('This link was revoked');
    await screenshot(visitor, 'visitor-410-revoked');
    await visitor.close();
    await page.reload();
    await expect.poll(() => page.locator('li.card', { has: page.locator(`a[href="${link}"]`) }).locator('.badge').textContent()).toBe('Revoked');
  });
});

describe('home: drops, zips and refusals', () => {
  it('a dropped single HTML file is published', async () => {
    await page.goto(app());
    await dropFiles(page, [{ name: 'hello.html', type: 'text/html', bytes: `<title>Dropped</title><p id="d">dropped ${Date.now()}</p>` }]);
    await expect.poll(() => page.locator('#summary').textContent()).toMatch(/^hello\.html: 1 file/);
    const link = await createLink(page, { expires: '7d' });
    const body = (await getUrl(link)).body.toString();
    expect(body).toContain('dropped');
  });

  it('a dropped zip is unpacked in the browser (single top folder removed) and published', async () => {
    const enc = new TextEncoder();
    const zip = zipSync({ 'proj/index.html': enc.encode(`<title>Zipped</title><p>zipped ${Date.now()}</p>`), 'proj/a.css': enc.encode('p{}'), 'proj/.DS_Store': enc.encode('x') });
    await page.goto(app());
    await dropFiles(page, [{ name: 'proj.zip', type: 'application/zip', bytes: [...zip] }]);
    await expect.poll(() => page.locator('#summary').textContent()).toMatch(/^proj\.zip: 2 files/);
    const link = await createLink(page);
    expect((await getUrl(link)).body.toString()).toContain('zipped');
    expect((await getUrl(`${link}a.css`)).status).toBe(200);
  });

  const refusals: [string, { name: string; type: string; bytes: string }[], RegExp][] = [
    ['no HTML page', [{ name: 'notes.txt', type: 'text/plain', bytes: 'hi' }], /no web page/],
    ['a damaged zip', [{ name: 'broken.zip', type: 'application/zip', bytes: 'PK not really a zip' }], /zip file cannot be read/],
  ];
  for (const [what, files, message] of refusals) {
    it(`explains ${what} in plain words and keeps the form usable`, async () => {
      await page.goto(app());
      await dropFiles(page, files);
      await expect.poll(() => page.locator('#error').textContent()).toMatch(message);
      expect(await page.locator('#error').isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: 'Create link' }).isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Choose files' }).isEnabled()).toBe(true);
    });
  }

  it('a file over the per-file limit is refused before anything is sent', async () => {
    await page.goto(app());
    const sent: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/api/')) sent.push(r.url()); });
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['<title>x</title>'], 'index.html', { type: 'text/html' }));
      dt.items.add(new File([new Uint8Array(26 * 1024 * 1024)], 'video.mp4', { type: 'video/mp4' }));
      document.getElementById('drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => page.locator('#error').textContent()).toMatch(/“video\.mp4” is too big to share \(26 MiB\)\. Each file can be up to 25 MiB\./);
    await screenshot(page, 'home-error');
    expect(sent).toEqual([]);
  });

  it('when the server is unreachable, says so and publishes nothing', async () => {
    const page = await ctx.newPage();
    await page.goto(app());
    await dropFiles(page, [{ name: 'index.html', type: 'text/html', bytes: '<title>offline</title>' }]);
    await expect.poll(() => page.locator('#summary').textContent()).toMatch(/1 file/);
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: 'Create link' }).click();
    await expect.poll(() => page.locator('#error').textContent()).toMatch(/Could not reach the share service/);
    expect(await page.locator('#result').isVisible()).toBe(false);
    await page.unroute('**/api/**');
    await page.getByRole('button', { name: 'Create link' }).click();
    await page.locator('#result').waitFor({ state: 'visible' });
    await page.close();
  });
});

describe('Your links: update', () => {
  it('replaces a link\'s content by choosing new files, or by dropping them on it; the URL stays the same', async () => {
    await chooseFolder(page, folder({ 'index.html': '<title>Versioned</title><p id="v">one</p>' }));
    const link = await createLink(page);
    await page.goto(`${app()}/links`);
    const card = page.locator('li.card', { has: page.locator(`a[href="${link}"]`) });
    await card.getByRole('button', { name: 'Update…' }).click();
    await card.locator('input[type=file]:not([webkitdirectory])').setInputFiles({ name: 'index.html', mimeType: 'text/html', buffer: Buffer.from('<title>Versioned v2</title><p id="v">two</p>') });
    await expect.poll(() => page.locator('li.card', { has: page.locator(`a[href="${link}"]`) }).locator('.msg').textContent()).toMatch(/version 2 is live/);
    expect((await getUrl(link)).body.toString()).toContain('<p id="v">two</p>');
    expect(await page.locator('li.card', { has: page.locator(`a[href="${link}"]`) }).locator('h2').textContent()).toBe('Versioned v2');

    // Dropping files on the card updates it too (a real drop event carrying a DataTransfer).
    await page.evaluate((href) => {
      const dt = new DataTransfer();
      dt.items.add(new File(['<title>Versioned v3</title><p id="v">three</p>'], 'index.html', { type: 'text/html' }));
      const card = document.querySelector(`li.card:has(a[href="${href}"])`)!;
      for (const type of ['dragenter', 'dragover', 'drop']) card.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, link);
    await expect.poll(() => page.locator('li.card', { has: page.locator(`a[href="${link}"]`) }).locator('.msg').textContent()).toMatch(/version 3 is live/);
    expect((await getUrl(link)).body.toString()).toContain('<p id="v">three</p>');
  });
});
