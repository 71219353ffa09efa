import { describe, expect, it } from 'vitest';
import { isBot, isPrefetch, referrerHost, utcDay } from '../../app/lib/view-filter';

describe('what counts as a page view', () => {
  it('counts browsers', () => {
    expect(isBot('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36')).toBe(false);
    expect(isBot('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1')).toBe(false);
  });
  it.each([
    [''], ['Googlebot/2.1 (+http://www.google.com/bot.html)'], ['Mozilla/5.0 (compatible; bingbot/2.0)'], ['Slackbot-LinkExpanding 1.0'],
    ['facebookexternalhit/1.1'], ['Twitterbot/1.0'], ['curl/8.5.0'], ['Wget/1.21'], ['python-requests/2.31'], ['Mozilla/5.0 (compatible; Yahoo! Slurp)'],
    ['Embedly/0.2'], ['SomeCrawler/1.0'], ['Baiduspider'], ['Mozilla/5.0 (compatible; Discordbot/2.0)'], ['WhatsApp link preview'], ['HeadlessChrome/120'],
  ])('refuses %j as a bot', (ua) => expect(isBot(ua)).toBe(true));
  it('refuses a missing User-Agent', () => expect(isBot(null)).toBe(true));
  it('refuses prefetches and prerenders', () => {
    expect(isPrefetch(new Headers({ 'sec-purpose': 'prefetch' }))).toBe(true);
    expect(isPrefetch(new Headers({ 'sec-purpose': 'prefetch;prerender' }))).toBe(true);
    expect(isPrefetch(new Headers({ purpose: 'prefetch' }))).toBe(true);
    expect(isPrefetch(new Headers({ 'x-moz': 'prefetch' }))).toBe(true);
    expect(isPrefetch(new Headers({ accept: 'text/html' }))).toBe(false);
  });
  it('keeps only the referrer host', () => {
    expect(referrerHost('https://News.Example.com/item?id=1#x')).toBe('news.example.com');
    expect(referrerHost('http://localhost:8787/a')).toBe('localhost');
    expect(referrerHost(null)).toBeNull();
    expect(referrerHost('not a url')).toBeNull();
    expect(referrerHost('android-app://com.slack/')).toBeNull();
  });
  it('days are UTC', () => expect(utcDay(Date.UTC(2026, 0, 2, 23, 59))).toBe('2026-01-02'));
});
