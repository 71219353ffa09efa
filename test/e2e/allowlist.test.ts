import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShareInfo, ShareStats } from '../../core/api-types';
import { launchBrowser, screenshot } from '../helpers/browser';
import { runCli, scratch, tempConfigHome } from '../helpers/cli';
import { codeFromLog, type ReadCode } from '../helpers/mail-codes';
import { startNodeServer } from '../helpers/node-server';
import { startServer, type RunningServer } from '../helpers/server';
import { codeFromInbox, startSmtpInbox } from '../helpers/smtp-inbox';
import { folder } from './helpers';

/**
 * Issue 19's "done when", in Debian's Chromium against a running server — mailing through a
 * real SMTP server in-process, and with the development log mailer: allowlist two addresses, ask for a code as one viewer, read the code as that
 * viewer gets it (`readCode`: from the received mail, or from the server's log),
 * unlock, load page and assets, see the status in `share stats --json`, remove the address and
 * see the next request refused. Run on the Node server and under `npm start` (wrangler dev).
 */
interface Runner { name: string; start: () => Promise<{ server: RunningServer; readCode: ReadCode; stop?: () => Promise<void> }> }
const fromLog = async (server: RunningServer) => ({ server, readCode: codeFromLog(() => server.output!()) });
const RUNNERS: Runner[] = [
  {
    // A real SMTP server in this process (smtp-server); the code is read from the received mail.
    name: 'the Node server mailing through SMTP',
    start: async () => {
      const inbox = await startSmtpInbox();
      const server = await startNodeServer({ env: { SMTP_URL: inbox.url, MAIL_FROM: 'share <no-reply@share.test>' } });
      return { server, readCode: codeFromInbox(inbox), stop: inbox.close };
    },
  },
  { name: 'the Node server (share-server)', start: async () => fromLog(await startNodeServer()) },
  { name: 'npm start (wrangler dev)', start: async () => fromLog(await startServer()) },
];

let ctx: BrowserContext;
beforeAll(async () => { ctx = await launchBrowser(); });
afterAll(async () => { await ctx?.close(); });

/** As a viewer: open the link, give the address, read the code, type it; the page loads. */
async function unlockAs(page: Page, link: string, address: string, readCode: ReadCode): Promise<void> {
  const first = await page.goto(link);
  expect(first!.status()).toBe(401);
  await page.locator('input[name=email]').fill(address);
  await page.locator('input[name=email]').press('Enter');
  await page.locator('input[name=code]').waitFor();
  expect(await page.locator('main').textContent()).toContain(`If ${address} may see this page, a code is on its way to it.`);
  await page.locator('input[name=code]').fill(await readCode(address));
  await page.locator('input[name=code]').press('Enter');
  await page.locator('#m').waitFor();
}

describe.each(RUNNERS)('an allowlisted link in Chromium on $name', ({ name, start }) => {
  let server: RunningServer;
  let env: Record<string, string>;
  let readCode: ReadCode;
  let stopMail: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ server, readCode, stop: stopMail } = await start());
    env = { SHARE_SERVER: server.url, XDG_CONFIG_HOME: tempConfigHome() };
  });
  afterAll(async () => { await server?.stop(); await stopMail?.(); });

  it('unlocks with the mailed code, loads page and assets, reports who opened it, and refuses the removed address', async () => {
    const marker = `named-${Date.now()}`;
    const dir = scratch({
      'index.html': `<!doctype html><title>For Vi</title><link rel="stylesheet" href="css/site.css"><h1 id="m">${marker}</h1><script src="js/app.js"></script>`,
      'css/site.css': 'h1 { color: rgb(200, 100, 50); }',
      'js/app.js': 'document.body.dataset.ran = "yes";',
    });
    const published = await runCli([dir, '--allow', 'vi@acme.example', '--allow', 'other@acme.example', '--json'], env);
    expect(published.code, published.stderr).toBe(0);
    const link = (JSON.parse(published.stdout) as ShareInfo).url;

    const viewer = await ctx.newPage();
    const before = Date.now();
    await unlockAs(viewer, link, 'vi@acme.example', readCode);
    expect(await viewer.locator('#m').textContent()).toBe(marker);
    await expect.poll(() => viewer.evaluate(() => getComputedStyle(document.querySelector('h1')!).color)).toBe('rgb(200, 100, 50)');
    await expect.poll(() => viewer.evaluate(() => document.body.dataset.ran)).toBe('yes');
    const cookies = await ctx.cookies(link);
    expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite])).toEqual([['share_viewer', true, 'Lax']]);
    await screenshot(viewer, `allowlist-unlocked-${name.includes('npm') ? 'worker' : name.includes('SMTP') ? 'smtp' : 'node'}`);

    const stats = await runCli(['stats', link, '--json'], env);
    expect(stats.code, stats.stderr).toBe(0);
    const viewers = (JSON.parse(stats.stdout) as ShareStats).viewers!;
    expect(viewers.map((v) => [v.address, v.status])).toEqual([['vi@acme.example', 'opened'], ['other@acme.example', 'invited']]);
    const opened = Date.parse(viewers[0].firstOpenedAt!);
    expect(opened).toBeGreaterThanOrEqual(before - 1000);
    expect(opened).toBeLessThanOrEqual(Date.now() + 1000);
    expect(viewers[1]).toMatchObject({ codeSentAt: null, firstOpenedAt: null, lastOpenedAt: null });

    const removed = await runCli(['allow', link, '--remove', 'vi@acme.example'], env);
    expect(removed.code, removed.stderr).toBe(0);
    const again = await viewer.reload();
    expect(again!.status()).toBe(401);
    await viewer.locator('input[name=email]').waitFor();
    expect(await viewer.content()).not.toContain(marker);
    // The assets too (the email page's CSP lets it fetch nothing, so the asset is opened directly).
    expect((await viewer.goto(`${link}css/site.css`))!.status()).toBe(401);
    await viewer.close();
  });
});

describe('the web app on the Node server', () => {
  let server: RunningServer;
  let readCode: ReadCode;
  beforeAll(async () => {
    server = await startNodeServer();
    readCode = codeFromLog(() => server.output!());
  });
  afterAll(async () => { await server?.stop(); });

  it('publishes for named people, and the card shows each person and removes one', async () => {
    const page = await ctx.newPage();
    const marker = `web-${Date.now()}`;
    await page.goto(server.url);
    await page.locator('#pick-folder').setInputFiles(folder({ 'index.html': `<!doctype html><title>Web plan</title><h1 id="m">${marker}</h1>` }));
    await expect.poll(() => page.locator('#summary').textContent()).toMatch(/\d+ files?, /);
    await page.getByLabel('Only these people').fill('not an address');
    await page.getByRole('button', { name: 'Create link' }).click();
    await expect.poll(() => page.locator('#error').textContent()).toContain('“not” is not an email address');
    await page.getByLabel('Only these people').fill('Ann@Acme.example, *@team.example');
    await page.getByRole('button', { name: 'Create link' }).click();
    await page.locator('#result').waitFor({ state: 'visible', timeout: 30_000 });
    const link = (await page.locator('#link-url').textContent())!;
    expect(await page.locator('#result-expiry').textContent()).toContain('Only ann@acme.example and *@team.example can open it, with a code sent by email.');

    const viewer = await ctx.newPage();
    await unlockAs(viewer, link, 'joe@team.example', readCode);

    await page.goto(`${server.url}/links`);
    const card = page.locator('li.card', { hasText: 'Web plan' });
    await card.locator('details.allow summary').click();
    await expect.poll(() => card.locator('.people li').allTextContents()).toEqual([
      'ann@acme.example not opened Remove',
      expect.stringMatching(/^joe@team\.example opened \d{4}-\d\d-\d\d \d\d:\d\d UTC via \*@team\.example Remove$/),
    ]);
    await screenshot(page, 'allowlist-card');
    await card.locator('.people li', { hasText: 'joe@team.example' }).getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => card.locator('.msg').textContent()).toContain('Removed *@team.example');
    await expect.poll(() => page.locator('li.card', { hasText: 'Web plan' }).locator('.people li').allTextContents()).toEqual(['ann@acme.example not opened Remove']);
    expect((await viewer.reload())!.status()).toBe(401);
    // Adding someone from the card.
    const fresh = page.locator('li.card', { hasText: 'Web plan' });
    await fresh.getByLabel('Email addresses to add').fill('bo@acme.example');
    await fresh.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => page.locator('li.card', { hasText: 'Web plan' }).locator('.people li').allTextContents()).toEqual(['ann@acme.example not opened Remove', 'bo@acme.example not opened Remove']);
  });
});
