import type { Context } from 'hono';
import { countView } from '../db/shares';
import { resolveFiles, type ServedRow } from '../db/versions';
import type { AppEnv } from '../deps';
import { CONTENT_SECURITY_HEADERS, STATUS_PAGE_CSP, etagMatches, parseRange } from '../lib/headers';
import { SHARE_ID_PATTERN } from '../lib/ids';
import { candidatePaths } from '../../core/paths';
import { statusPageHtml, type StatusPageKind } from '../pages/status';
import { blobKey } from '../storage';
import { passwordGate } from './password-gate';
import { isBot, isPrefetch, referrerHost } from '../lib/view-filter';
import { viewsOf } from '../services/views';
import { foreignRefusal, isForeignRequest, serviceWorkerRefusal, withClearSiteData, withProtectedHeaders } from '../lib/content-guards';

/**
 * Counts a page view for the owner's stats without making the visitor wait: the recorder buffers
 * it and the write runs after the response, as the runtime defers work (`deps.defer`: `waitUntil`
 * on Workers). Bots and prefetches are not counted.
 */
function recordView(c: Context<AppEnv>, shareId: string): void {
  const deps = c.get('deps');
  const headers = c.req.raw.headers;
  const userAgent = headers.get('user-agent');
  if (isBot(userAgent) || isPrefetch(headers)) return;
  const host = referrerHost(headers.get('referer'));
  const pending = viewsOf(deps).record({
    shareId, at: deps.clock.now(), ip: deps.clientIp(c.req.raw), userAgent: userAgent!,
    referrerHost: host === new URL(c.req.url).hostname.toLowerCase() ? null : host,
  }).catch((err) => deps.log.error('view_stats_failed', { message: (err as Error).message }));
  deps.defer(c.req.raw, pending);
}

export function statusPage(kind: StatusPageKind, status: number): Response {
  return new Response(statusPageHtml(kind).toString(), {
    status,
    headers: { ...CONTENT_SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': STATUS_PAGE_CSP },
  });
}

function pick(rows: ServedRow[], wanted: string[], isRoot: boolean): ServedRow | undefined {
  if (isRoot) return rows.find((r) => r.path !== null && r.path === r.entry) ?? rows.find((r) => r.path === wanted[0]);
  for (const path of wanted) {
    const row = rows.find((r) => r.path === path);
    if (row) return row;
  }
  return undefined;
}

/**
 * Serves one request on a share's origin: one metadata query, then the blob. Revoked, expired and
 * taken-down shares answer from their tombstone on every request, so nothing ended stays reachable.
 */
export async function serveContent(c: Context<AppEnv>, id: string): Promise<Response> {
  const deps = c.get('deps');
  const method = c.req.method;
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') return new Response('Method Not Allowed', { status: 405, headers: { ...CONTENT_SECURITY_HEADERS, Allow: 'GET, HEAD' } });
  if (!SHARE_ID_PATTERN.test(id)) return statusPage('not_found', 404);
  const target = candidatePaths(new URL(c.req.url).pathname);
  if (!target) return statusPage('not_found', 404);
  const wanted = [...target.candidates, ...(target.dirIndex ? [target.dirIndex] : []), '404.html'];
  const rows = await resolveFiles(deps.db, id, wanted, target.isRoot);
  const share = rows[0];
  if (!share || share.state === 'pending' || (share.state === 'live' && share.currentVersion === null)) return statusPage('not_found', 404);
  // Ended shares answer everything (a service worker's update fetch too) with Clear-Site-Data.
  if (share.state === 'revoked') return withClearSiteData(statusPage('revoked', 410));
  if (share.state === 'expired' || (share.expiresAt !== null && share.expiresAt <= deps.clock.now())) return withClearSiteData(statusPage('expired', 410));
  if (share.state === 'taken_down') return withClearSiteData(statusPage('taken_down', 451));
  const noWorker = serviceWorkerRefusal(c.req.raw.headers);
  if (noWorker) return noWorker;
  if (!share.passwordHash) return serveLive(c, id, rows, target);
  // A protected share's bytes reach only its own pages (app/lib/content-guards.ts).
  if (isForeignRequest(method, c.req.raw.headers)) return foreignRefusal();
  return withProtectedHeaders((await passwordGate(c, id, share.passwordHash)) ?? (await serveLive(c, id, rows, target)));
}

/** A live share the request may see: the file, its folder redirect, or the share's 404. */
async function serveLive(c: Context<AppEnv>, id: string, rows: ServedRow[], target: NonNullable<ReturnType<typeof candidatePaths>>): Promise<Response> {
  const deps = c.get('deps');
  const method = c.req.method;
  const share = rows[0];
  if (method === 'POST') return new Response('Method Not Allowed', { status: 405, headers: { ...CONTENT_SECURITY_HEADERS, Allow: 'GET, HEAD' } });

  const url = new URL(c.req.url);
  // An entry page inside a folder is opened where it lives, so its relative links find its assets.
  if (target.isRoot && share.entry?.includes('/')) {
    const location = `/${share.entry.split('/').map(encodeURIComponent).join('/')}${url.search}`;
    return new Response(null, { status: 302, headers: { ...CONTENT_SECURITY_HEADERS, Location: location, 'Cache-Control': 'no-cache' } });
  }

  const file = pick(rows, target.candidates, target.isRoot);
  if (!file) {
    const dir = target.dirIndex ? rows.find((r) => r.path === target.dirIndex) : undefined;
    if (dir) return new Response(null, { status: 301, headers: { ...CONTENT_SECURITY_HEADERS, Location: `${url.pathname}/${url.search}` } });
    // A browser asks every page's origin for /favicon.ico: a share without one answers "no icon"
    // (204) rather than a 404 page, so visitors' consoles stay clean and the tab shows the default.
    if (url.pathname === '/favicon.ico') return new Response(null, { status: 204, headers: { ...CONTENT_SECURITY_HEADERS, 'Cache-Control': 'no-cache' } });
    const custom = rows.find((r) => r.path === '404.html');
    if (custom) return sendFile(c, custom, 404);
    return statusPage('not_found', 404);
  }
  // Only page views count against a view limit (assets and HEAD do not), and only shares with one pay for the write.
  const limitedPage = share.maxViews !== null && file.contentType!.startsWith('text/html');
  if (limitedPage && method === 'GET' && !(await countView(deps.db, id, deps.clock.now()))) {
    return withClearSiteData(statusPage('expired', 410));
  }
  // A counted view delivers the whole page: Range is ignored there (RFC 9110 §14.2 allows it), so
  // a view is never spent on six bytes, nor a page read in ranges without being counted.
  const response = await sendFile(c, file, 200, !limitedPage);
  if (response.status === 200 && method === 'GET' && file.contentType!.startsWith('text/html')) recordView(c, id);
  return response;
}

async function sendFile(c: Context<AppEnv>, file: ServedRow, status: 200 | 404, honourRange = true): Promise<Response> {
  const deps = c.get('deps');
  const size = file.size!;
  const etag = `"${file.sha256}"`;
  const headers: Record<string, string> = {
    ...CONTENT_SECURITY_HEADERS,
    'Content-Type': file.contentType!,
    ETag: etag,
    'Cache-Control': 'no-cache',
    'Accept-Ranges': honourRange ? 'bytes' : 'none',
  };
  if (status === 200 && etagMatches(c.req.header('if-none-match'), etag)) return new Response(null, { status: 304, headers });
  const range = status === 200 && honourRange ? parseRange(c.req.header('range'), size) : null;
  if (range === 'unsatisfiable') return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` } });
  const length = range ? range.length : size;
  headers['Content-Length'] = String(length);
  if (range) headers['Content-Range'] = `bytes ${range.offset}-${range.offset + range.length - 1}/${size}`;
  const code = range ? 206 : status;
  if (c.req.method === 'HEAD') return new Response(null, { status: code, headers });
  const object = await deps.blobs.get(blobKey(c.get('shareId')!, file.sha256!), range ?? undefined);
  if (!object) {
    deps.log.error('blob_missing', { shareId: c.get('shareId'), sha256: file.sha256 });
    return statusPage('error', 500);
  }
  return new Response(object.body, { status: code, headers });
}
