import { sameOriginLocation, type RequestTarget } from '../../core/paths';
import type { ServedRow } from '../db/versions';
import { acceptsHtml } from '../lib/negotiation';

/** What a request on a share's origin is answered with, once the share may be served. */
export type Resolution =
  | { kind: 'file'; row: ServedRow; status: 200 | 404 }
  | { kind: 'redirect'; status: 301 | 302; location: string }
  | { kind: 'missing' };

/** The single-page app page served for unknown page routes when the bundle has one (Surge's convention). */
export const SPA_PAGE = '200.html';
export const NOT_FOUND_PAGE = '404.html';

/**
 * A page route a single-page app may answer: a GET (or HEAD) for a path whose last segment has
 * no extension, from a client that accepts HTML. Asset-like paths (`/app.js`, `/logo.png`) never
 * are, so a missing asset stays a 404 instead of turning into a page.
 */
export function isPageRoute(method: string, target: RequestTarget, accept: string | undefined): boolean {
  return (method === 'GET' || method === 'HEAD') && target.extensionless && acceptsHtml(accept);
}

/** The bundle paths the serving path's one metadata read asks for. */
export function wantedPaths(target: RequestTarget, pageRoute: boolean): string[] {
  return [...target.candidates, ...target.dirIndex, ...(pageRoute ? [SPA_PAGE] : []), NOT_FOUND_PAGE];
}

/**
 * Chooses the answer from the rows the metadata read returned, in this order: the root's entry
 * page (or a redirect into the folder that holds it); the file the URL names; a redirect from
 * `/dir` to `/dir/` when the folder has an index page (the index rule: core/index-pages.ts);
 * for a page route, the bundle's `200.html`, else the entry page when the version is a
 * single-page app; the bundle's `404.html` (status 404); else nothing. Every `Location` is built
 * by `sameOriginLocation` from the decoded path, never from the raw request path.
 */
export function resolveRequest(rows: ServedRow[], target: RequestTarget, pageRoute: boolean, search: string): Resolution {
  const share = rows[0];
  const byPath = new Map<string, ServedRow>();
  for (const r of rows) if (r.path !== null && !byPath.has(r.path)) byPath.set(r.path, r);
  if (target.isRoot) {
    // An entry page inside a folder is opened where it lives, so its relative links find its assets.
    if (share.entry?.includes('/')) return { kind: 'redirect', status: 302, location: sameOriginLocation(share.entry, search) };
    const row = (share.entry ? byPath.get(share.entry) : undefined) ?? byPath.get('index.html');
    if (row) return { kind: 'file', row, status: 200 };
  } else {
    for (const path of target.candidates) {
      const row = byPath.get(path);
      if (row) return { kind: 'file', row, status: 200 };
    }
    if (target.dirIndex.some((p) => byPath.has(p))) return { kind: 'redirect', status: 301, location: sameOriginLocation(`${target.rel}/`, search) };
  }
  if (pageRoute) {
    const app = byPath.get(SPA_PAGE) ?? (share.spa && share.entry ? byPath.get(share.entry) : undefined);
    if (app) return { kind: 'file', row: app, status: 200 };
  }
  const custom = byPath.get(NOT_FOUND_PAGE);
  return custom ? { kind: 'file', row: custom, status: 404 } : { kind: 'missing' };
}
