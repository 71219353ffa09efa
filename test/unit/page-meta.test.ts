import { describe, expect, it } from 'vitest';
import { firstText, pageMeta } from '../../core/page-meta';
import { isUnfurler } from '../../app/lib/unfurlers';
import { cardSvg } from '../../app/services/preview';

describe('pageMeta', () => {
  it('prefers the page\'s own tags, in either attribute order and quote style, entities decoded', () => {
    const html = `<meta content='Fish &amp; chips' property="og:title"><meta name="description" content="Menu"><title>Other</title><meta name="twitter:image" content="https://cdn.example/x.png">`;
    expect(pageMeta(html, 'https://a.example/p/')).toEqual({ title: 'Fish & chips', description: 'Menu', image: 'https://cdn.example/x.png' });
  });

  it('falls back to <title> and the first text a reader sees; a javascript: image is dropped', () => {
    const html = '<title> Hi </title><!-- no --><style>.a{}</style><p>One <b>two</b></p><meta property="og:image" content="javascript:alert(1)">';
    expect(pageMeta(html, 'https://a.example/')).toEqual({ title: 'Hi', description: 'One two', image: null });
  });

  it('cuts long text at a word', () => {
    expect(firstText(`<p>${'word '.repeat(100)}</p>`, 22)).toBe('word word word word…');
    expect(firstText('<script>x</script>')).toBeNull();
  });
});

describe('isUnfurler', () => {
  it('knows the published unfurler agents and not people, including the Teams desktop app', () => {
    for (const ua of ['Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', 'Twitterbot/1.0', 'facebookexternalhit/1.1', 'LinkedInBot/1.0', 'Discordbot/2.0', 'WhatsApp/2.23', 'TelegramBot (like TwitterBot)', 'Applebot/0.1', 'SkypeUriPreview Preview/0.5', 'MicrosoftPreview/2.0']) expect(isUnfurler(ua), ua).toBe(true);
    for (const ua of [null, '', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Teams/1.6.00.4472 Chrome/80.0 Electron/8.5.5 Safari/537.36', 'curl/8.0']) expect(isUnfurler(ua)).toBe(false);
  });
});

describe('cardSvg', () => {
  it('escapes the title and keeps at most three lines', () => {
    const svg = cardSvg(`<script>alert(1)</script> ${'long words here '.repeat(20)}`);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg.match(/<tspan/g)).toHaveLength(3);
  });
});
