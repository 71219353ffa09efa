import { describe, expect, it } from 'vitest';
import { ENDED_CLEAR_SITE_DATA, foreignRefusal, isForeignRequest, PROTECTED_VARY, serviceWorkerRefusal, withClearSiteData, withProtectedHeaders } from '../../app/lib/content-guards';

/** Fetch Metadata as Chromium sends it for each kind of request. */
const meta = (site: string | null, mode: string, dest: string) => new Headers(site === null ? {} : { 'sec-fetch-site': site, 'sec-fetch-mode': mode, 'sec-fetch-dest': dest });

describe('service workers on content origins', () => {
  it('refuses the script fetch a browser marks Service-Worker: script, with a 403 nothing stores', async () => {
    const res = serviceWorkerRefusal(new Headers({ 'service-worker': 'script', 'sec-fetch-dest': 'serviceworker' }))!;
    expect(res.status).toBe(403);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toMatch(/Service workers cannot be installed/);
    expect(serviceWorkerRefusal(new Headers({ 'service-worker': ' Script ' }))?.status).toBe(403);
  });
  it('lets every other request through', () => {
    expect(serviceWorkerRefusal(new Headers())).toBeNull();
    expect(serviceWorkerRefusal(new Headers({ 'sec-fetch-dest': 'script' }))).toBeNull();
    expect(serviceWorkerRefusal(new Headers({ 'service-worker': 'navigation-preload' }))).toBeNull();
  });
});

describe('what a protected share refuses as foreign', () => {
  it.each([
    ['a <script src> from a sibling share', meta('same-site', 'no-cors', 'script')],
    ['a <link rel=stylesheet> from a sibling share', meta('same-site', 'no-cors', 'style')],
    ['an <img> from another site', meta('cross-site', 'no-cors', 'image')],
    ['a fetch() from a sibling share', meta('same-site', 'cors', 'empty')],
    ['an <iframe> on a sibling share', meta('same-site', 'navigate', 'iframe')],
    ['an <iframe> on another site', meta('cross-site', 'navigate', 'iframe')],
    ['an <object> or <embed>', meta('same-site', 'navigate', 'object')],
  ])('refuses %s', (_, headers) => {
    expect(isForeignRequest('GET', headers)).toBe(true);
  });
  it('refuses a cross-site form POST even as a top-level navigation (password guesses from someone else\'s page)', () => {
    expect(isForeignRequest('POST', meta('cross-site', 'navigate', 'document'))).toBe(true);
    expect(isForeignRequest('POST', meta('same-site', 'navigate', 'document'))).toBe(true);
  });
  it.each([
    ['its own page\'s requests', 'GET', meta('same-origin', 'no-cors', 'script')],
    ['its own password form', 'POST', meta('same-origin', 'navigate', 'document')],
    ['a typed or bookmarked URL', 'GET', meta('none', 'navigate', 'document')],
    ['a link clicked on another site (top-level navigation)', 'GET', meta('cross-site', 'navigate', 'document')],
    ['a link clicked on a sibling share', 'GET', meta('same-site', 'navigate', 'document')],
    ['a HEAD navigation', 'HEAD', meta('cross-site', 'navigate', 'document')],
    ['a browser or tool without Fetch Metadata (CORP covers browsers)', 'GET', meta(null, '', '')],
  ])('allows %s', (_, method, headers) => {
    expect(isForeignRequest(method, headers)).toBe(false);
  });
  it('answers a foreign request with a 403 that carries no bytes, is never stored, and is marked like every protected answer', async () => {
    const res = foreignRefusal();
    expect(res.status).toBe(403);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(res.headers.get('vary')).toBe(PROTECTED_VARY);
    expect(await res.text()).toMatch(/This share is protected/);
  });
});

describe('headers on every answer of a protected share', () => {
  it('adds CORP same-origin, Vary on the cookie and Fetch Metadata, and private revalidation', () => {
    const res = withProtectedHeaders(new Response('x', { headers: { 'Cache-Control': 'no-cache', Vary: 'Accept-Encoding' } }));
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(res.headers.get('vary')).toBe(`Accept-Encoding, ${PROTECTED_VARY}`);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
  });
  it('keeps no-store as it is, and marks answers that had no Cache-Control (redirects)', () => {
    expect(withProtectedHeaders(new Response('x', { headers: { 'Cache-Control': 'no-store' } })).headers.get('cache-control')).toBe('no-store');
    expect(withProtectedHeaders(new Response(null, { status: 301, headers: { Location: '/d/' } })).headers.get('cache-control')).toBe('private, no-cache');
  });
});

describe('ended shares', () => {
  it('clear the origin\'s storage (service workers included) and cache, never the whole domain\'s cookies', () => {
    const res = withClearSiteData(new Response('gone', { status: 410 }));
    expect(res.headers.get('clear-site-data')).toBe('"cache", "storage"');
    expect(ENDED_CLEAR_SITE_DATA).not.toMatch(/cookies|\*/);
  });
});
