import { describe, expect, it } from 'vitest';
import type { ShareInfo } from '../../core/api-types';
import { api, publish, visit } from './helpers';

const SLACK = 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';
const as = (ua: string) => ({ headers: { 'user-agent': ua } });
const meta = (html: string, key: string) => new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`).exec(html)?.[1] ?? null;

describe('link previews for unfurlers', () => {
  it('a public page without OG tags: its <title>, first text and a generated card image; people get the page untouched', async () => {
    const page = '<!doctype html><html><head><title>Q3 plan &amp; notes</title><style>p{color:red}</style><script>var x = "not this"</script></head><body><h1>Roadmap</h1><p>Ship the thing by Friday.</p></body></html>';
    const { id } = await publish({ 'index.html': page });
    const res = await visit(id, '/', as(SLACK));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(meta(html, 'og:title')).toBe('Q3 plan &amp; notes');
    expect(meta(html, 'og:description')).toBe('Roadmap Ship the thing by Friday.');
    expect(meta(html, 'og:image')).toBe(`http://${id}.localhost:8787/.well-known/share-card.svg`);
    expect(meta(html, 'twitter:card')).toBe('summary_large_image');
    expect(html).not.toContain('not this');
    const image = await visit(id, '/.well-known/share-card.svg', as('Slack-ImgProxy (+https://api.slack.com/robots)'));
    expect(image.headers.get('content-type')).toBe('image/svg+xml');
    expect(await image.text()).toContain('Q3 plan &amp; notes');
    const person = await visit(id, '/', as(BROWSER));
    expect(await person.text()).toBe(page);
  });

  it('a page with its own Open Graph tags: they win, a relative og:image made absolute', async () => {
    const page = '<!doctype html><head><title>Plain</title><meta property="og:title" content="Launch day"><meta content="The big one." property="og:description"><meta property="og:image" content="/img/hero.png"></head><p>x</p>';
    const { id } = await publish({ 'index.html': page, 'img/hero.png': 'png' });
    for (const ua of ['Twitterbot/1.0', 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)', 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)', 'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)', 'WhatsApp/2.23.20.0', 'TelegramBot (like TwitterBot)', 'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5']) {
      const html = await (await visit(id, '/', as(ua))).text();
      expect(meta(html, 'og:title'), ua).toBe('Launch day');
      expect(meta(html, 'og:description'), ua).toBe('The big one.');
      expect(meta(html, 'og:image'), ua).toBe(`http://${id}.localhost:8787/img/hero.png`);
    }
    // Assets go to unfurlers as they are.
    expect(await (await visit(id, '/img/hero.png', as(SLACK))).text()).toBe('png');
  });

  it('a protected, view-limited link: a generic card revealing nothing, no view counted, no max-view spent', async () => {
    const { id, token } = await publish({ 'index.html': '<title>Secret merger</title><p>Acme buys Initech</p>' }, { password: 'correct horse', maxViews: 1 });
    for (const path of ['/', '/index.html', '/.well-known/share-card.svg']) {
      const res = await visit(id, path, as(SLACK));
      expect(res.status, path).toBe(200);
      const body = await res.text();
      expect(body, path).not.toMatch(/Secret|merger|Acme|Initech/);
    }
    const html = await (await visit(id, '/', as(SLACK))).text();
    expect(meta(html, 'og:title')).toBe('A shared page');
    expect(meta(html, 'og:image')).toBe(`http://${id}.localhost:8787/.well-known/share-card.svg`);
    const info = await (await api(`/api/shares/${id}`, { token })).json() as ShareInfo;
    expect(info).toMatchObject({ views: 0, maxViews: 1, state: 'live' });
  });

  it('a view-limited public link stays unspent by unfurlers: the one person still gets the page', async () => {
    const { id } = await publish({ 'index.html': '<title>Once</title><p>read me once</p>' }, { maxViews: 1 });
    for (let i = 0; i < 3; i++) expect(await (await visit(id, '/', as(SLACK))).text()).not.toContain('read me once');
    expect(await (await visit(id, '/', as(BROWSER))).text()).toContain('read me once');
    expect((await visit(id, '/', as(BROWSER))).status).toBe(410);
  });

  it('a share\'s own file at the card path is served instead of the generated one', async () => {
    const { id } = await publish({ 'index.html': '<p>x</p>', '.well-known/share-card.svg': '<svg xmlns="http://www.w3.org/2000/svg" id="mine"/>' });
    expect(await (await visit(id, '/.well-known/share-card.svg')).text()).toContain('id="mine"');
  });
});
