import type { Context } from 'hono';
import { countView } from '../db/shares';
import { resolveFiles, type ServedRow } from '../db/versions';
import type { AppEnv } from '../deps';
import { CONTENT_SECURITY_HEADERS, etagMatches, ifRangeAllows, parseRange } from '../lib/headers';
import { SHARE_ID_PATTERN } from '../lib/ids';
import { acceptsCoding } from '../lib/negotiation';
import { precompressed } from '../../core/content-type';
import { candidatePaths } from '../../core/paths';
import { blobKey } from '../storage';
import { passwordGate } from './password-gate';
import { allowGate } from './allow-gate';
import { statusPage } from './status-page';
import { isBot, isPrefetch, referrerHost } from '../lib/view-filter';
import { viewsOf } from '../services/views';
import { linkPreview } from '../services/preview';
import { foreignRefusal, isForeignRequest, serviceWorkerRefusal, withClearSiteData, withProtectedHeaders } from '../lib/content-guards';
import { isPageRoute, resolveRequest, wantedPaths } from '../services/serve';
import { countMissing } from '../services/missing';
import { RESERVED_PREFIX } from '../../core/reserved-paths';
import { scriptModeOf, sendInjected } from './injected-page';
import { shareEndpoint } from './share-endpoints';
import { unservable } from './share-state';

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

/**
 * Counts a 404 for the link's missing-files feedback (every link, no script), per decoded path,
 * after the response (`deps.defer`). Only GETs by browsers on the link's own pages (or a
 * navigation from anywhere): bots, prefetches, HEAD and other sites' subresources are not
 * viewers' browsers asking for a file. `/favicon.ico` never gets here (it is answered 204).
 */
function recordMissing(c: Context<AppEnv>, shareId: string, rel: string): void {
  const deps = c.get('deps');
  const headers = c.req.raw.headers;
  if (c.req.method !== 'GET' || isBot(headers.get('user-agent')) || isPrefetch(headers)) return;
  // Another site's page (another share's <img> or fetch, same-site on one content domain) is no viewer of this link: it could fill the cap with paths of its choosing.
  if (isForeignRequest('GET', headers)) return;
  deps.defer(c.req.raw, countMissing(deps, { shareId, path: `/${rel}`, at: deps.clock.now() }));
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
  const url = new URL(c.req.url);
  // The reserved prefix is the service's own (feedback, live updates): never a user's file.
  if (url.pathname.startsWith(`/${RESERVED_PREFIX}`)) return shareEndpoint(c, id, url);
  const target = candidatePaths(url.pathname);
  if (!target) return statusPage('not_found', 404);
  const pageRoute = isPageRoute(method, target, c.req.header('accept'));
  const rows = await resolveFiles(deps.db, id, wantedPaths(target, pageRoute), target.isRoot ? 'always' : pageRoute ? 'spa' : 'never');
  const share = rows[0];
  const ended = unservable(share, deps.clock.now());
  if (ended) return ended;
  const noWorker = serviceWorkerRefusal(c.req.raw.headers);
  if (noWorker) return noWorker;
  // Unfurlers get a preview card, and anyone the generated card image; neither counts a view (services/preview.ts).
  const preview = await linkPreview(deps, c.req.raw, id, rows, () => {
    const found = resolveRequest(rows, target, false, '');
    return found.kind === 'file' ? found.row : undefined;
  });
  if (preview) return preview;
  const live = { rows, target, pageRoute, url };
  if (!share.passwordHash && !share.allowList) return serveLive(c, id, live);
  // A protected share's bytes reach only its own pages (app/lib/content-guards.ts).
  if (isForeignRequest(method, c.req.raw.headers)) return foreignRefusal();
  // An allowlist and a password on one link: both are required, the allowlist first.
  const gated = (share.allowList ? await allowGate(c, id, share) : null) ?? (share.passwordHash ? await passwordGate(c, id, share.passwordHash) : null);
  return withProtectedHeaders(gated ?? (await serveLive(c, id, live)));
}

/** A live share the request may see: the file, its folder redirect, the share's 404 or its single-page app's page. */
async function serveLive(c: Context<AppEnv>, id: string, { rows, target, pageRoute, url }: { rows: ServedRow[]; target: NonNullable<ReturnType<typeof candidatePaths>>; pageRoute: boolean; url: URL }): Promise<Response> {
  const deps = c.get('deps');
  const method = c.req.method;
  const share = rows[0];
  if (method === 'POST') return new Response('Method Not Allowed', { status: 405, headers: { ...CONTENT_SECURITY_HEADERS, Allow: 'GET, HEAD' } });

  const found = resolveRequest(rows, target, pageRoute, url.search);
  if (found.kind === 'redirect') {
    const headers: Record<string, string> = { ...CONTENT_SECURITY_HEADERS, Location: found.location };
    if (found.status === 302) headers['Cache-Control'] = 'no-cache';
    return new Response(null, { status: found.status, headers });
  }
  // A browser asks every page's origin for /favicon.ico: a share without one answers "no icon"
  // (204) rather than a 404 page, so visitors' consoles stay clean and the tab shows the default.
  if ((found.kind === 'missing' || found.status === 404) && url.pathname === '/favicon.ico') {
    return new Response(null, { status: 204, headers: { ...CONTENT_SECURITY_HEADERS, 'Cache-Control': 'no-cache' } });
  }
  if (found.kind === 'missing' || found.status === 404) recordMissing(c, id, target.rel);
  if (found.kind === 'missing') return statusPage('not_found', 404);
  if (found.status === 404) return sendFile(c, found.row, 404);
  const file = found.row;
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

/**
 * Sends one stored file. A pre-compressed file (`x.js.gz`, `x.wasm.br`: core/content-type.ts)
 * goes out as stored with its `Content-Encoding` to a client that accepts it, and decompressed
 * by the runtime (`deps.decompress`) to one that does not, as a separate representation (its own
 * ETag, no ranges); both vary on Accept-Encoding. A Range is honoured only as If-Range allows.
 */
async function sendFile(c: Context<AppEnv>, file: ServedRow, status: 200 | 404, honourRange = true): Promise<Response> {
  const deps = c.get('deps');
  const size = file.size!;
  const packed = precompressed(file.path!);
  // A feedback or live link's pages get the script (a pre-compressed page is sent as stored).
  const mode = scriptModeOf(file);
  if (mode && !packed && file.contentType!.startsWith('text/html')) return sendInjected(c, file, status, mode);
  const decode = packed !== null && !acceptsCoding(c.req.header('accept-encoding'), packed.coding);
  const etag = decode ? `"${file.sha256}-identity"` : `"${file.sha256}"`;
  const headers: Record<string, string> = {
    ...CONTENT_SECURITY_HEADERS,
    'Content-Type': file.contentType!,
    ETag: etag,
    'Cache-Control': 'no-cache',
    'Accept-Ranges': honourRange && !decode ? 'bytes' : 'none',
    'X-Request-Id': c.get('requestId'),
  };
  const tagged = { bodyBytes: null as number | null };
  c.set('responseTagged', tagged);
  if (packed) {
    headers.Vary = 'Accept-Encoding';
    if (!decode) headers['Content-Encoding'] = packed.coding;
  }
  if (status === 200 && etagMatches(c.req.header('if-none-match'), etag)) return new Response(null, { status: 304, headers });
  const ranged = status === 200 && honourRange && !decode && ifRangeAllows(c.req.header('if-range'), etag);
  const range = ranged ? parseRange(c.req.header('range'), size) : null;
  if (range === 'unsatisfiable') return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` } });
  if (!decode) headers['Content-Length'] = String(range ? range.length : size);
  if (!decode && c.req.method !== 'HEAD') tagged.bodyBytes = range ? range.length : size;
  if (range) headers['Content-Range'] = `bytes ${range.offset}-${range.offset + range.length - 1}/${size}`;
  const code = range ? 206 : status;
  if (c.req.method === 'HEAD') return new Response(null, { status: code, headers });
  const object = await deps.blobs.get(blobKey(c.get('shareId')!, file.sha256!), range ?? undefined);
  if (!object) {
    deps.log.error('blob_missing', { shareId: c.get('shareId'), sha256: file.sha256 });
    return statusPage('error', 500);
  }
  return new Response(decode ? deps.decompress(packed.coding, object.body) : (object.bytes ?? object.body), { status: code, headers });
}
