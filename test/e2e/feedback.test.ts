// Issue 16 in Chromium against a running server, on the production layout (test/helpers/two-domain.ts:
// the Node server behind TLS, shares at https://<id>.usercontent.test, one site for all of them).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackComment, ShareFeedback } from '../../core/api-types';
import { manifestOf } from '../contract/client';
import { startTwoDomainLayout, type TwoDomainLayout } from '../helpers/two-domain';

// A desktop browser's User-Agent: headless Chromium's own says "HeadlessChrome", which the view
// filter takes for a bot, and bots' 404s are not counted.
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

const page1 = (extra = '') => `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title></head><body>
<h1>Shop</h1>${extra}
<img src="img/missing.png" alt="logo">
<script src="https://127.0.0.1:9/x.js"></script>
<main><p>Our best offer.</p><button id="buy" style="margin-left:300px">Buy now</button></main>
<script>throw new Error('boom from the page')</script>
</body></html>`;

describe('viewer feedback in Chromium (https, one content domain)', () => {
  let layout: TwoDomainLayout;
  beforeAll(async () => { layout = await startTwoDomainLayout({ browserArgs: [`--user-agent=${UA}`] }); });
  afterAll(async () => { await layout?.stop(); });

  const feedbackOf = async (id: string, token: string) => (await layout.api.call(`/api/shares/${id}/feedback`, { token })).json<ShareFeedback>();
  const update = async (share: { id: string; token: string }, bundle: Record<string, string>, extra: Record<string, unknown> = {}) => {
    const { files, bytes } = manifestOf(bundle);
    const plan = (await layout.api.call(`/api/shares/${share.id}/versions`, { json: { files, ...extra }, token: share.token })).json<{ missing: string[]; uploadPath: string; finalizePath: string }>();
    for (const sha of plan.missing) {
      const f = files.find((x) => x.sha256 === sha)!;
      await layout.api.call(`${plan.uploadPath}${sha}`, { method: 'PUT', body: bytes.get(f.path), token: share.token });
    }
    const fin = await layout.api.call(plan.finalizePath, { method: 'POST', token: share.token });
    expect(fin.status).toBe(200);
  };
  const pinOffset = async (page: Page) => {
    const pin = await page.locator('button.pin').first().boundingBox();
    const button = await page.locator('#buy').boundingBox();
    return { dx: Math.abs(pin!.x + 10 - (button!.x + button!.width)), dy: Math.abs(pin!.y + 10 - button!.y) };
  };

  it('a page that throws, misses an image and loads a script from an unreachable host: all three reach the owner within 10 s, with counts', async () => {
    const share = await layout.api.publish({ 'index.html': page1() }, { feedback: true });
    const page = await layout.browser.newPage();
    await page.goto(layout.shareUrl(share.id));
    const started = Date.now();
    let f: ShareFeedback | undefined;
    const complete = (x?: ShareFeedback) => !!x && x.missing.length > 0 && x.errors.some((e) => e.kind === 'error') && x.errors.some((e) => e.kind === 'resource' && e.source?.includes('127.0.0.1:9'));
    while (!complete(f) && Date.now() - started < 10_000) {
      await new Promise((r) => setTimeout(r, 250));
      f = await feedbackOf(share.id, share.token);
    }
    console.log(JSON.stringify({ feedbackArrivedMs: Date.now() - started }));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(f!.missing).toMatchObject([{ path: '/img/missing.png', count: 1 }]);
    const thrown = f!.errors.find((e) => e.kind === 'error')!;
    expect(thrown).toMatchObject({ message: 'Uncaught Error: boom from the page', page: '/', count: 1, browsers: ['Chrome / Linux'] });
    expect(f!.errors.find((e) => e.kind === 'resource' && e.source === 'https://127.0.0.1:9/x.js')).toMatchObject({ message: 'failed to load <script>', count: 1 });
    // The missing image fails in the browser too: reported as a failed load, besides the server's count.
    expect(f!.errors.some((e) => e.kind === 'resource' && e.source?.endsWith('/img/missing.png'))).toBe(true);
    await page.close();
  });

  it('a viewer pins a comment on a button; a second viewer sees it; it follows the button across an update, is outdated when the button goes, and leaves when resolved', async () => {
    const share = await layout.api.publish({ 'index.html': page1() }, { feedback: true });
    const a = await layout.browser.newPage();
    await a.goto(layout.shareUrl(share.id));
    await expect.poll(() => a.locator('.bar').textContent()).toContain('Comments are on');
    await a.locator('button.toggle').click();
    await a.locator('#buy').click();
    await a.locator('.card textarea').fill('The <b>price</b> is missing');
    await a.locator('.card input').fill('Ana');
    await a.locator('.card button.send').click();
    await expect.poll(() => a.locator('button.pin').count()).toBe(1);

    const [comment] = (await feedbackOf(share.id, share.token)).comments;
    expect(comment).toMatchObject({ page: '/', text: 'The <b>price</b> is missing', name: 'Ana', resolved: false, anchor: { selector: '#buy', text: 'Buy now' } });

    const b = await layout.browser.newPage();
    await b.goto(layout.shareUrl(share.id));
    await expect.poll(() => b.locator('button.pin').count()).toBe(1);
    expect(await pinOffset(b)).toEqual({ dx: 0, dy: 0 });
    await b.locator('button.pin').click();
    // Shown as text, never as HTML.
    expect(await b.locator('.card p.text').textContent()).toBe('The <b>price</b> is missing');
    expect(await b.locator('.card b').count()).toBe(0);

    // An update that keeps the button but moves it down the page: the pin is still on it.
    await update(share, { 'index.html': page1('<p style="height:400px">A new banner.</p>') });
    await b.goto(layout.shareUrl(share.id));
    await expect.poll(() => b.locator('button.pin').count()).toBe(1);
    expect(await pinOffset(b)).toEqual({ dx: 0, dy: 0 });
    expect(await b.locator('button.pin').getAttribute('class')).toBe('pin');

    // An update without the button: the pin stays where it was, marked outdated.
    await update(share, { 'index.html': page1().replace(/<button[^]*?<\/button>/, '') });
    await b.goto(layout.shareUrl(share.id));
    await expect.poll(() => b.locator('button.pin.outdated').count()).toBe(1);

    const resolved = await layout.api.call(`/api/shares/${share.id}/comments/${comment.id}/resolve`, { method: 'POST', token: share.token });
    expect(resolved.json<FeedbackComment>().resolved).toBe(true);
    await Promise.all([b.waitForResponse((r) => r.url().includes('/__share/comments?')), b.goto(layout.shareUrl(share.id))]);
    await b.waitForTimeout(200);
    expect(await b.locator('.bar .count').textContent()).toBe('Comments are on');
    expect(await b.locator('button.pin').count()).toBe(0);
    await a.close(); await b.close();
  });

  it('an open page reloads within 2 s of an update going live (via the API)', async () => {
    const share = await layout.api.publish({ 'index.html': '<!doctype html><html><head></head><body><p id="v">version one</p></body></html>' }, { live: true });
    const page = await layout.browser.newPage();
    await page.goto(layout.shareUrl(share.id));
    await page.waitForTimeout(1500);
    await update(share, { 'index.html': '<!doctype html><html><head></head><body><p id="v">version two</p></body></html>' });
    const live = Date.now();
    await page.waitForFunction(() => document.getElementById('v')?.textContent === 'version two', undefined, { timeout: 5000, polling: 50 });
    const delay = Date.now() - live;
    console.log(JSON.stringify({ liveReloadMs: delay }));
    expect(delay).toBeLessThan(2000);
    await page.close();
  });

  it('another share\'s page cannot post feedback to this link (fetch, no-cors, sendBeacon)', async () => {
    const target = await layout.api.publish({ 'index.html': '<!doctype html><p>target</p>' }, { feedback: true });
    const base = layout.shareUrl(target.id).replace(/\/$/, '');
    const attacker = await layout.api.publish({ 'index.html': `<!doctype html><pre id="out">running</pre><script>
(async () => {
  const errors = JSON.stringify({ page: '/', events: [{ kind: 'error', message: 'forged' }] });
  const comment = JSON.stringify({ page: '/', anchor: { selector: 'p', text: '', x: 0, y: 0 }, text: 'forged comment' });
  const out = [];
  for (const [path, body] of [['/__share/errors', errors], ['/__share/comments', comment]]) {
    try { const r = await fetch('${base}' + path, { method: 'POST', body, credentials: 'include', headers: { 'content-type': 'application/json' } }); out.push(r.status); } catch (e) { out.push('blocked'); }
    try { await fetch('${base}' + path, { method: 'POST', body, mode: 'no-cors', credentials: 'include' }); out.push('sent'); } catch (e) { out.push('blocked'); }
    out.push(navigator.sendBeacon('${base}' + path, body) ? 'beacon' : 'no beacon');
  }
  await new Promise((r) => setTimeout(r, 1500));
  document.getElementById('out').textContent = JSON.stringify(out);
})();
</script>` });
    const page = await layout.browser.newPage();
    await page.goto(layout.shareUrl(attacker.id));
    await expect.poll(() => page.locator('#out').textContent(), { timeout: 15_000 }).not.toBe('running');
    // The no-cors posts and beacons did reach the server, which refused them (403): nothing stored.
    const refused = layout.served(target.id).filter((r) => r.method === 'POST' && r.path.startsWith('/__share/'));
    expect(refused.length).toBeGreaterThanOrEqual(4);
    expect(refused.every((r) => r.status === 403)).toBe(true);
    const f = await feedbackOf(target.id, target.token);
    expect(f.errors).toEqual([]);
    expect(f.comments).toEqual([]);
    await page.close();
  });

  it('a link without the opt-in serves its HTML byte-exact, with no script added', async () => {
    const html = page1();
    const share = await layout.api.publish({ 'index.html': html });
    const page = await layout.browser.newPage();
    const response = await page.goto(layout.shareUrl(share.id));
    expect((await response!.body()).equals(Buffer.from(html))).toBe(true);
    expect(await page.locator('script[src^="/__share/"]').count()).toBe(0);
    expect(await page.locator('[data-share-feedback]').count()).toBe(0);
    expect(layout.served(share.id).some((r) => r.path.startsWith('/__share/'))).toBe(false);
    await page.close();
  });

  it('a page\'s own CSP: script-src \'self\' lets the script report; a policy that blocks \'self\' connections silences it (missing files still count)', async () => {
    const csp = (policy: string) => `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${policy}"><title>csp</title></head><body>
<img src="gone.png"><script>throw new Error('csp page error')</script><p id="ok">ok</p></body></html>`;
    const allowed = await layout.api.publish({ 'index.html': csp("script-src 'self' 'unsafe-inline'") }, { feedback: true });
    const blocked = await layout.api.publish({ 'index.html': csp("script-src 'self' 'unsafe-inline'; connect-src 'none'") }, { feedback: true });
    const page = await layout.browser.newPage();
    for (const share of [allowed, blocked]) {
      await page.goto(layout.shareUrl(share.id));
      await page.waitForTimeout(1500);
      await page.goto('about:blank');
    }
    await expect.poll(async () => (await feedbackOf(allowed.id, allowed.token)).errors.some((e) => e.message === 'Uncaught Error: csp page error'), { timeout: 10_000 }).toBe(true);
    await expect.poll(async () => (await feedbackOf(blocked.id, blocked.token)).missing.length, { timeout: 10_000 }).toBe(1);
    const silenced = await feedbackOf(blocked.id, blocked.token);
    expect(silenced.errors).toEqual([]);
    expect(layout.served(blocked.id).filter((r) => r.path.startsWith('/__share/')).map((r) => r.path.split('?')[0])).toEqual(['/__share/feedback.js']);
    await page.close();
  });
});
