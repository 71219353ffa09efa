// The injected script's own behaviour in Chromium (issue 16 review): where it sends what it sends,
// and when it stops. On the production layout (test/helpers/two-domain.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShareFeedback } from '../../core/api-types';
import { pinComment } from '../helpers/feedback';
import { startTwoDomainLayout, type TwoDomainLayout } from '../helpers/two-domain';

// A desktop browser's User-Agent (headless Chromium's own is taken for a bot).
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

describe('the feedback script in Chromium', () => {
  let layout: TwoDomainLayout;
  beforeAll(async () => { layout = await startTwoDomainLayout({ browserArgs: [`--user-agent=${UA}`] }); });
  afterAll(async () => { await layout?.stop(); });

  const feedbackOf = async (id: string, token: string) => (await layout.api.call(`/api/shares/${id}/feedback`, { token })).json<ShareFeedback>();
  const livePolls = (id: string) => layout.served(id).filter((r) => r.path.startsWith('/__share/live'));

  it('a page with <base href> on another host still reports to its own origin (never to the base host)', async () => {
    // The base names an unreachable host: a relative fetch or beacon would go there and be lost.
    const share = await layout.api.publish({ 'index.html': `<!doctype html><html><head><base href="https://127.0.0.1:9/elsewhere/"><title>base</title></head><body>
<p>based</p><script>setTimeout(() => { throw new Error('thrown under a base') }, 50)</script></body></html>` }, { feedback: true });
    const page = await layout.browser.newPage();
    const offOrigin: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/__share/') && !r.url().startsWith(layout.shareUrl(share.id).replace(/\/$/, ''))) offOrigin.push(r.url()); });
    await page.goto(layout.shareUrl(share.id));
    await expect.poll(async () => (await feedbackOf(share.id, share.token)).errors.map((e) => e.message), { timeout: 10_000 }).toContain('Uncaught Error: thrown under a base');
    expect(livePolls(share.id).length).toBeGreaterThan(0);
    expect(offOrigin).toEqual([]);
    await page.close();
  });

  it('a failed resource is reported without its query (what a viewer typed, a token)', async () => {
    const share = await layout.api.publish({ 'index.html': `<!doctype html><html><head><title>q</title></head><body>
<img src="gone.png?email=ana%40acme.example#frag"><script src="https://127.0.0.1:9/lib.js?token=s3cret"></script></body></html>` }, { feedback: true });
    const page = await layout.browser.newPage();
    await page.goto(layout.shareUrl(share.id));
    await expect.poll(async () => (await feedbackOf(share.id, share.token)).errors.length, { timeout: 10_000 }).toBe(2);
    const sources = (await feedbackOf(share.id, share.token)).errors.map((e) => e.source).sort();
    expect(sources).toEqual(['https://127.0.0.1:9/lib.js', `${layout.shareUrl(share.id)}gone.png`].sort());
    await page.close();
  });

  it('a viewer\'s reply signed "the sharer" is shown as a viewer\'s, not as the sharer\'s', async () => {
    const share = await layout.api.publish({ 'index.html': '<!doctype html><html><head></head><body><button id="buy" style="margin:80px">Buy</button></body></html>' }, { feedback: true });
    const page = await layout.browser.newPage();
    await page.goto(layout.shareUrl(share.id));
    await pinComment(page, '#buy', 'Make it green');
    const id = (await feedbackOf(share.id, share.token)).comments[0].id;
    expect(await page.evaluate(async (path) => (await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Won\'t fix', name: 'the sharer' }) })).status, `/__share/comments/${id}/replies`)).toBe(201);
    expect((await layout.api.call(`/api/shares/${share.id}/comments/${id}/replies`, { method: 'POST', json: { text: 'Fixed' }, token: share.token })).status).toBe(201);
    await page.reload();
    await page.locator('button.pin').click();
    expect(await page.locator('.card .reply .meta').allTextContents()).toEqual(['the sharer (a viewer)', 'the sharer']);
    expect(await page.locator('.card .reply.owner').count()).toBe(1);
    await page.close();
  });

  it('another share\'s page cannot post through forms either (text/plain, urlencoded, multipart, into frames and as a navigation)', async () => {
    const target = await layout.api.publish({ 'index.html': '<!doctype html><p>target</p>' }, { feedback: true });
    const action = `${layout.shareUrl(target.id)}__share/comments`;
    const form = (enctype: string, frame: string) => `<iframe name="${frame}"></iframe><form method="post" enctype="${enctype}" action="${action}" target="${frame}">
<input name='{"page":"/","anchor":{"selector":"p","text":"","x":0,"y":0},"text":"forged","x":"' value='"}'></form>`;
    const attacker = await layout.api.publish({ 'index.html': `<!doctype html>${form('text/plain', 'a')}${form('application/x-www-form-urlencoded', 'b')}${form('multipart/form-data', 'c')}
<form id="nav" method="post" enctype="text/plain" action="${action}"><input name='{"page":"/","text":"forged","anchor":{"x":0,"y":0},"z":"' value='"}'></form>
<script>for (const f of document.querySelectorAll('form[target]')) f.submit(); setTimeout(() => document.getElementById('nav').submit(), 500);</script>` });
    const page = await layout.browser.newPage();
    // Not waiting for the load event: the page's own form posts into frames and its navigation race it.
    await page.goto(layout.shareUrl(attacker.id), { waitUntil: 'commit', timeout: 30_000 });
    const posts = () => layout.served(target.id).filter((r) => r.method === 'POST' && r.path.startsWith('/__share/'));
    await expect.poll(() => posts().length, { timeout: 20_000 }).toBe(4);
    // The navigation's answer (the 403) has loaded: nothing of the page is still in flight when it closes.
    await page.waitForURL(action, { timeout: 15_000 });
    expect(posts().map((r) => `${r.path} ${r.status}`)).toEqual(Array(4).fill('/__share/comments 403'));
    expect((await feedbackOf(target.id, target.token)).comments).toEqual([]);
    await page.close();
  });

  it('an open live page stops polling once the link has ended (410), and does not reload', async () => {
    const share = await layout.api.publish({ 'index.html': '<!doctype html><html><head></head><body><p id="v">live page</p></body></html>' }, { live: true });
    const page = await layout.browser.newPage();
    let loads = 0;
    page.on('load', () => { loads++; });
    await page.goto(layout.shareUrl(share.id));
    await expect.poll(() => livePolls(share.id).length, { timeout: 5000 }).toBeGreaterThan(0);
    expect((await layout.api.call(`/api/shares/${share.id}`, { method: 'DELETE', token: share.token })).status).toBe(200);
    await expect.poll(() => livePolls(share.id).some((r) => r.status === 410), { timeout: 5000 }).toBe(true);
    const atEnd = livePolls(share.id).length;
    await page.waitForTimeout(3500);
    // The poll runs about once a second: after its first 410 it asks no more.
    expect(livePolls(share.id).length - atEnd).toBeLessThanOrEqual(1);
    expect(loads).toBe(1);
    expect(await page.locator('#v').textContent()).toBe('live page');
    await page.close();
  });
});
