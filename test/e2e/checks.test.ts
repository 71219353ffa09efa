import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from '../helpers/browser';
import { getUrl } from '../helpers/server';
import { app, createLink, folder, items, pickFolder, settled } from './helpers';

let ctx: BrowserContext;
let page: Page;
/** Every API call the page makes that sends something (the links page's GETs of counts only read), to prove a refusal sent nothing. */
let sent: string[] = [];

beforeAll(async () => {
  ctx = await launchBrowser();
  page = await ctx.newPage();
  page.on('request', (r) => { if (r.url().includes('/api/') && r.method() !== 'GET' && r.method() !== 'HEAD') sent.push(`${r.method()} ${r.url()}`); });
});
afterAll(async () => { await ctx?.close(); });

/** A fake GitHub token, built at run time so the repository holds nothing token-shaped. */
function fakeGithubToken(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const body = Array.from(randomBytes(36), (b) => alphabet[b % alphabet.length]).join('');
  return `${'gh'}p_${body}`;
}

const createButton = () => page.getByRole('button', { name: 'Create link' });

describe('web refusals in Chromium: the same rules as the CLI', () => {
  it('refuses a folder holding a fake GitHub token in a .js file: file:line, a redacted preview, nothing sent', async () => {
    const token = fakeGithubToken();
    const dir = folder({ 'index.html': '<title>Leaky</title><script src="js/config.js"></script>', 'js/config.js': `// settings\nexport const TOKEN = "${token}";\n` });
    sent = [];
    await pickFolder(page, dir);
    expect(await page.locator('.secrets').isVisible()).toBe(true);
    expect(await items(page, '.secrets')).toEqual([`js/config.js:2 GitHub token (ghp_…${token.slice(-4)})`]);
    expect(await page.locator('.secrets').textContent()).not.toContain(token.slice(4, -4));
    expect(await page.locator('#summary').textContent()).toBe('Please answer the question below; nothing is sent before that.');
    expect(await createButton().isDisabled()).toBe(true);
    await screenshot(page, 'home-secret-refused');
    expect(sent).toEqual([]);
  });

  it('publishes it only after the explicit "Publish anyway — this key will be public"', async () => {
    await page.getByLabel('Publish anyway — this key will be public').check();
    await expect.poll(() => createButton().isEnabled()).toBe(true);
    expect(await items(page, '.notes')).toEqual([expect.stringMatching(/^sharing 1 likely secret on purpose: js\/config\.js:2 GitHub token \(ghp_…\w{4}\)$/)]);
    const link = await createLink(page);
    expect((await getUrl(`${link}js/config.js`)).status).toBe(200);
  });

  it('leaves out a file its .gitignore lists, and the rule file itself', async () => {
    const dir = folder({ 'index.html': '<title>Ignored</title><p>kept</p>', '.gitignore': 'debug.log\nbuild/\n', 'debug.log': 'private notes', 'build/out.js': 'x', 'notes/.shareignore': 'draft.md\n', 'notes/draft.md': 'x', 'notes/final.md': 'x' });
    await pickFolder(page, dir);
    expect(await page.locator('#summary').textContent()).toMatch(/^site: 2 files, /);
    expect(await items(page, 'details.files')).toEqual(['index.html', 'notes/final.md']);
    const link = await createLink(page);
    for (const [path, status] of [['', 200], ['notes/final.md', 200], ['debug.log', 404], ['.gitignore', 404], ['build/out.js', 404], ['notes/draft.md', 404], ['notes/.shareignore', 404]] as const) {
      expect((await getUrl(`${link}${path}`)).status, path).toBe(status);
    }
  });
});

describe('a lone HTML file whose files were not picked with it', () => {
  const site = () => folder({
    'dashboard.html': '<title>Dash</title><link rel="stylesheet" href="style.css"><script src="app.js"></script><img src="img/logo.png">',
    'style.css': 'body { background-color: rgb(10, 20, 30); }',
    'app.js': 'document.body.dataset.ran = "yes";',
    'img/logo.png': 'png',
  });

  it('lists what the page loads, never publishes it silently, and offers to add the missing files', async () => {
    const dir = site();
    await page.goto(app());
    await page.locator('#pick-files').setInputFiles(join(dir, 'dashboard.html'));
    await settled(page);
    expect(await items(page, '.missing')).toEqual([
      'missing: style.css (referenced by dashboard.html) was not found',
      'missing: app.js (referenced by dashboard.html) was not found',
      'missing: img/logo.png (referenced by dashboard.html) was not found',
    ]);
    expect(await createButton().isDisabled()).toBe(true);
    await screenshot(page, 'home-missing-references');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Add the missing files' }).click();
    await (await chooser).setFiles([join(dir, 'style.css'), join(dir, 'app.js'), join(dir, 'img', 'logo.png')]);
    await expect.poll(() => page.locator('.missing').count()).toBe(0);
    expect(await page.locator('#summary').textContent()).toMatch(/^dashboard\.html: 4 files, .* Opens dashboard\.html \(“Dash”\)\.$/);
    const link = await createLink(page);
    expect((await getUrl(`${link}img/logo.png`)).body.toString()).toBe('png');
    const visitor = await ctx.newPage();
    await visitor.goto(`${link}dashboard.html`);
    expect(await visitor.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(10, 20, 30)');
    await visitor.close();
  });

  it('"Choose the folder instead" shares the folder, opening that page first', async () => {
    const dir = site();
    await page.goto(app());
    await page.locator('#pick-files').setInputFiles(join(dir, 'dashboard.html'));
    await settled(page);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Choose the folder instead' }).click();
    await (await chooser).setFiles(dir);
    await expect.poll(() => page.locator('#summary').textContent()).toMatch(/^site: 4 files, .* Opens dashboard\.html/);
    expect(await page.locator('.missing').count()).toBe(0);
    const link = await createLink(page);
    expect((await getUrl(link)).body.toString()).toContain('<title>Dash</title>');
  });

  it('publishing without them takes an explicit choice', async () => {
    await page.goto(app());
    await page.locator('#pick-files').setInputFiles(join(site(), 'dashboard.html'));
    await settled(page);
    expect(await createButton().isDisabled()).toBe(true);
    await page.getByLabel('Create the link without them (the page will look broken)').check();
    expect(await createButton().isEnabled()).toBe(true);
    const link = await createLink(page);
    expect((await getUrl(`${link}style.css`)).status).toBe(404);
  });
});

describe('several pages and no index.html', () => {
  it('lets the person pick the page that opens first, in the page', async () => {
    await page.goto(app());
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['<title>A</title>a'], 'a.html', { type: 'text/html' }));
      dt.items.add(new File(['<title>B</title>b-page'], 'b.html', { type: 'text/html' }));
      document.getElementById('drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await settled(page);
    const picker = page.getByLabel('There are several pages and no index.html. Which page should the link open first?');
    expect(await picker.locator('option').allTextContents()).toEqual(['Choose a page…', 'a.html', 'b.html']);
    expect(await createButton().isDisabled()).toBe(true);
    await picker.selectOption('b.html');
    await expect.poll(() => page.locator('#summary').textContent()).toMatch(/Opens b\.html \(“B”\)\.$/);
    const link = await createLink(page);
    expect((await getUrl(link)).body.toString()).toContain('b-page');
  });
});

describe('"Your links" → Update… runs the same checks', () => {
  it('holds an update that carries a key until the explicit choice, then updates the same link', async () => {
    await pickFolder(page, folder({ 'index.html': '<title>Clean</title><p>v1</p>' }));
    const link = await createLink(page);
    await page.goto(`${app()}/links`);
    const card = () => page.locator('li.card', { has: page.locator(`a[href="${link}"]`) });
    await card().getByRole('button', { name: 'Update…' }).click();
    sent = [];
    const token = fakeGithubToken();
    await card().locator('input[type=file]:not([webkitdirectory])').first().setInputFiles([
      { name: 'index.html', mimeType: 'text/html', buffer: Buffer.from('<title>Leaky</title><p>v2</p><script src="app.js"></script>') },
      { name: 'app.js', mimeType: 'text/javascript', buffer: Buffer.from(`const t = "${token}";`) },
    ]);
    await expect.poll(() => items(page, `li.card:has(a[href="${link}"]) .secrets`)).toEqual([`app.js:1 GitHub token (ghp_…${token.slice(-4)})`]);
    expect(await card().getByRole('button', { name: 'Update the link' }).isDisabled()).toBe(true);
    expect(sent).toEqual([]);
    await card().getByLabel('Publish anyway — this key will be public').check();
    await card().getByRole('button', { name: 'Update the link' }).click();
    await expect.poll(() => card().locator('.msg').textContent()).toMatch(/version 2 is live/);
    expect((await getUrl(link)).body.toString()).toContain('<p>v2</p>');
  });
});
