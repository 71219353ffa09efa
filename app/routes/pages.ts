import { Hono } from 'hono';
import type { AppEnv } from '../deps';
import { ASSETS, FAVICON_SVG } from '../pages/assets.generated';
import { homePage } from '../pages/home';
import { linksPage } from '../pages/links';
import { managePage } from '../pages/manage';
import { appNotFoundPage } from '../pages/not-found';
import type { Html } from '../pages/html';

/** An app page; its security headers come from the app host's middleware (middleware/secure-headers.ts). Never cached stale. */
export function appPage(html: Html, status: 200 | 404 = 200): Response {
  return new Response(html.toString(), { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' } });
}

/** The web app on the app origin only: its pages and its content-hashed assets. */
export const pages = new Hono<AppEnv>();

pages.get('/', (c) => appPage(homePage(c.get('deps').config)));
pages.get('/links', (c) => appPage(linksPage(c.get('deps').config)));
pages.get('/manage', (c) => appPage(managePage(c.get('deps').config)));
// Pages name their icon; this answers what browsers ask for by default (a JSON answer opened in a tab, a bookmark).
pages.get('/favicon.ico', () => new Response(FAVICON_SVG, { headers: { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400', 'X-Content-Type-Options': 'nosniff' } }));
pages.get('/assets/:name', (c) => {
  const asset = Object.hasOwn(ASSETS, c.req.param('name')) ? ASSETS[c.req.param('name')] : undefined;
  if (!asset) return appPage(appNotFoundPage(), 404);
  // The name carries a content hash: a new build is a new URL, so this one never changes.
  return new Response(asset.body, { headers: { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=31536000, immutable', 'X-Content-Type-Options': 'nosniff' } });
});
