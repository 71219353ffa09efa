import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from '../helpers/browser';
import { pinComment } from '../helpers/feedback';
import { app, chooseFolder, folder } from './helpers';

// The web app's side of viewer feedback (issue 16): the "Collect viewer feedback" checkbox, the
// counts on a Your links card and the details panel with reply and resolve, in Debian's Chromium
// against the server global-setup starts. The first test passes without the server side of
// issue 16; the second needs it (the /__share/ endpoints and GET /api/shares/:id/feedback).
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';
let ctx: BrowserContext;
beforeAll(async () => { ctx = await launchBrowser({ args: [`--user-agent=${CHROME}`] }); });
afterAll(async () => { await ctx?.close(); });

describe('viewer feedback in the web app', () => {
  it('the publish form has a "Collect viewer feedback" checkbox that sends feedback: true', async () => {
    const page = await ctx.newPage();
    const bodies: unknown[] = [];
    page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/shares') bodies.push(r.postDataJSON()); });
    await chooseFolder(page, folder({ 'index.html': '<!doctype html><title>Checkbox</title><p>x</p>' }));
    const box = page.getByLabel('Collect viewer feedback');
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await page.getByRole('button', { name: 'Create link' }).click();
    await page.locator('#result').waitFor({ state: 'visible', timeout: 30_000 });
    expect(bodies).toEqual([expect.objectContaining({ feedback: true })]);

    // Without the box ticked, the field is not sent at all (the server's default applies).
    await page.locator('#again').click();
    await chooseFolder(page, folder({ 'index.html': '<!doctype html><title>No box</title><p>y</p>' }));
    await page.getByRole('button', { name: 'Create link' }).click();
    await page.locator('#result').waitFor({ state: 'visible', timeout: 30_000 });
    expect(bodies[1]).not.toHaveProperty('feedback');
    await page.close();
  });

  it('a card on Your links counts errors, missing files and open comments; the panel shows them as text, replies and resolves', async () => {
    const page = await ctx.newPage();
    await chooseFolder(page, folder({
      'index.html': '<!doctype html><title>Feedback card</title><button id="buy">Buy now</button><img src="img/logo.png"><script>setTimeout(() => { throw new Error("card boom") }, 0)</script>',
    }));
    await page.getByLabel('Collect viewer feedback').check();
    await page.getByRole('button', { name: 'Create link' }).click();
    await page.locator('#result').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.locator('#result-expiry').textContent()).toContain('Viewer feedback is on');
    const url = (await page.locator('#link-url').textContent())!;
    const id = new URL(url).hostname.split('.')[0];

    // A viewer opens it (the page throws, its image is missing) and pins a comment holding markup.
    const viewer = await ctx.newPage();
    await viewer.goto(url);
    await pinComment(viewer, '#buy', '<img src=x onerror="document.title=\'pwned\'">Too small', 'Bo');
    await viewer.close();

    await page.goto(`${app()}/links`);
    const card = page.locator(`li[data-id="${id}"]`);
    // Reports are written off the serving path: reload until the card has them.
    await expect.poll(async () => {
      await page.reload();
      await card.locator('.feedback .counts').waitFor({ timeout: 3000 }).catch(() => {});
      return card.locator('.feedback .counts').textContent({ timeout: 1000 }).catch(() => null);
    }, { timeout: 20_000 }).toMatch(/2 errors · 1 missing file · 1 open comment/);
    await card.getByRole('button', { name: 'Feedback details' }).click();
    const details = card.locator('.feedback-details');
    const errors = await details.locator('.errors li').allTextContents();
    expect(errors.some((e) => e.includes('card boom')), errors.join('\n')).toBe(true);
    expect(errors.some((e) => e.includes('failed to load <img>')), errors.join('\n')).toBe(true);
    expect(await details.locator('.missing li').textContent()).toBe("Viewers' browsers asked for /img/logo.png 1 time; it is not in this link.");
    const comment = details.locator('li.comment').first();
    expect(await comment.textContent()).toContain('Bo: <img src=x onerror="document.title=\'pwned\'">Too small');
    expect(await comment.locator('img').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');
    await screenshot(page, 'feedback-panel');

    await comment.getByRole('textbox').fill('Made it bigger in version 2');
    await comment.getByRole('button', { name: 'Reply' }).click();
    await expect.poll(() => card.locator('.msg').textContent()).toBe('Reply sent: viewers see it under the comment.');
    expect(await card.locator('li.comment .replies').textContent()).toBe('You: Made it bigger in version 2');
    await card.locator('li.comment').getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => card.locator('.msg').textContent()).toBe('Comment resolved.');
    expect(await card.locator('[data-count="comments"]').textContent()).toBe('0 open comments');
    expect(await card.locator('.feedback-details details summary').textContent()).toBe('1 resolved comment');
    await page.close();
  });
});
