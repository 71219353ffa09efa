import type { Context } from 'hono';
import { ApiError } from '../../core/errors';
import { resolveFiles, type ServedRow } from '../db/versions';
import type { AppEnv } from '../deps';
import { hasValidUnlock } from '../lib/cookie';
import { foreignRefusal, isForeignRequest, isOwnOriginWrite, serviceWorkerRefusal, withProtectedHeaders } from '../lib/content-guards';
import { CONTENT_SECURITY_HEADERS, etagMatches } from '../lib/headers';
import { FEEDBACK_SCRIPT, FEEDBACK_SCRIPT_HASH } from '../pages/feedback-script.generated';
import { addComment, addReply, COMMENT_ID_PATTERN, listComments, pagePath } from '../services/comments';
import { storeErrorReport } from '../services/error-reports';
import { FEEDBACK_CAPS } from '../services/feedback-limits';
import { enforcePerClient, hit, rateLimited } from '../services/rate-limit';
import { unlockSecret } from '../services/secret';
import { readBody } from './body';
import { allowedViewer } from './allow-gate';
import { scriptModeOf } from './injected-page';
import { unservable } from './share-state';

/** JSON on a share's origin: never stored by a cache, readable by no other origin. */
function json(body: unknown, status: number, extra: Record<string, string> = {}): Response {
  return new Response(status === 204 || status === 304 ? null : JSON.stringify(body), {
    status, headers: { ...CONTENT_SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Cross-Origin-Resource-Policy': 'same-origin', ...extra },
  });
}
const refuse = (status: number, code: string, message: string, extra?: Record<string, string>) => json({ error: { code, message } }, status, extra);

/**
 * Answers the reserved `/__share/…` paths of a share's origin (issue 16), after the same checks
 * as its files: the share must be live (ended ones answer 410/451 with Clear-Site-Data), and a
 * password-protected or allowlisted one needs the cookies its pages need (401 `locked`; a
 * foreign request 403). One
 * metadata read, the serving path's own (`resolveFiles` with no paths). Then:
 * - `GET feedback.js`: the script, for feedback and live links;
 * - `GET live`: `{"version": n}` with ETag `"v<n>"` (If-None-Match → 304), for the live poll;
 * - `POST errors`, `GET|POST comments`, `POST comments/:id/replies`: feedback links only.
 * Writes must come from the share's own pages (`isOwnOriginWrite`, else 403 `foreign_origin`),
 * are rate-limited per client IP and per link (429) and bounded (413 past FEEDBACK_CAPS.bodyBytes).
 */
export async function shareEndpoint(c: Context<AppEnv>, id: string, url: URL): Promise<Response> {
  const deps = c.get('deps');
  const share = (await resolveFiles(deps.db, id, [], 'never'))[0];
  const stop = unservable(share, deps.clock.now());
  if (stop) return stop;
  // The script must not become a service worker of the share's origin (it would outlive a revoke).
  const noWorker = serviceWorkerRefusal(c.req.raw.headers);
  if (noWorker) return noWorker;
  const guarded = share.passwordHash !== null || share.allowList !== null;
  if (guarded) {
    if (isForeignRequest(c.req.method, c.req.raw.headers)) return foreignRefusal();
    const secret = await unlockSecret(deps).catch(() => null);
    // The same keys as the link's pages: the viewer cookie of a person the allowlist still names, and the password's unlock cookie.
    const named = secret !== null && (share.allowList === null || (await allowedViewer(c, secret, id, share)) !== null);
    if (!named) return withProtectedHeaders(refuse(401, 'locked', 'This link is only for the people it names: open it and enter the code sent to your email first.'));
    const open = secret !== null && (share.passwordHash === null || (await hasValidUnlock(c.req.header('cookie'), secret, id, share.passwordHash, deps.clock.now())));
    if (!open) return withProtectedHeaders(refuse(401, 'locked', 'This link is password-protected: open it and enter its password first.'));
  }
  let response: Response;
  try {
    response = await endpoint(c, id, share, url);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    response = refuse(err.status, err.code, err.message, err.headers);
  }
  return guarded ? withProtectedHeaders(response) : response;
}

async function endpoint(c: Context<AppEnv>, id: string, share: ServedRow, url: URL): Promise<Response> {
  const deps = c.get('deps');
  const path = url.pathname.slice('/__share/'.length);
  const method = c.req.method;
  const mode = scriptModeOf(share);
  const off = () => refuse(404, 'feedback_off', 'This link does not collect feedback.');
  if (path === 'feedback.js' || path === 'live') {
    if (method !== 'GET' && method !== 'HEAD') return refuse(405, 'method_not_allowed', 'Use GET.', { Allow: 'GET, HEAD' });
    if (!mode) return off();
    return path === 'live' ? liveVersion(c, share.currentVersion!) : script(c, url);
  }
  if (!share.feedback) return off();
  const replies = /^comments\/([^/]+)\/replies$/.exec(path);
  if (path === 'comments' && method === 'GET') return json({ comments: await listComments(deps, id, pagePath(url.searchParams.get('page') ?? '/')) }, 200);
  if (path !== 'errors' && path !== 'comments' && !replies) return refuse(404, 'not_found', 'No such feedback endpoint.');
  if (method !== 'POST') return refuse(405, 'method_not_allowed', 'Use POST.', { Allow: path === 'comments' ? 'GET, POST' : 'POST' });
  if (!isOwnOriginWrite(c.req.raw.headers, url.host)) return refuse(403, 'foreign_origin', 'Feedback for this link is accepted only from its own pages.');
  await admitWrite(c, id, path !== 'errors');
  const body = await readObject(c);
  if (path === 'errors') {
    await storeErrorReport(deps, id, body, c.req.header('user-agent') ?? null);
    return json(null, 204);
  }
  if (replies) {
    if (!COMMENT_ID_PATTERN.test(replies[1])) return refuse(404, 'not_found', 'No comment with that id on this link.');
    return json(await addReply(deps, id, replies[1], body, false), 201);
  }
  return json(await addComment(deps, id, share.currentVersion!, body), 201);
}

/** `GET /__share/live`: the version the link shows now. Tiny, ETag'd: a poll that finds no change costs a 304 with no body. */
function liveVersion(c: Context<AppEnv>, version: number): Response {
  const etag = `"v${version}"`;
  const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
  if (etagMatches(c.req.header('if-none-match'), etag)) return json(null, 304, headers);
  return json({ version }, 200, headers);
}

/** `GET /__share/feedback.js`: cached for a day under the URL naming this build (`s=`), revalidated otherwise. */
function script(c: Context<AppEnv>, url: URL): Response {
  const etag = `"${FEEDBACK_SCRIPT_HASH}"`;
  const headers: Record<string, string> = {
    ...CONTENT_SECURITY_HEADERS, 'Content-Type': 'text/javascript; charset=utf-8', ETag: etag,
    'Cache-Control': url.searchParams.get('s') === FEEDBACK_SCRIPT_HASH ? 'max-age=86400' : 'no-cache', 'Cross-Origin-Resource-Policy': 'same-origin',
  };
  if (etagMatches(c.req.header('if-none-match'), etag)) return new Response(null, { status: 304, headers });
  return new Response(c.req.method === 'HEAD' ? null : FEEDBACK_SCRIPT, { status: 200, headers });
}

/** Counts a write against the per-IP and per-link limits (and the per-IP comment limit for comments and replies): 429 past one. */
async function admitWrite(c: Context<AppEnv>, id: string, comment: boolean): Promise<void> {
  const deps = c.get('deps');
  const { rateLimits } = deps.config;
  const ip = deps.clientIp(c.req.raw);
  await enforcePerClient(deps, ip, 'feedback', rateLimits.feedbackPerIp, 'feedback posts from your address');
  if (comment) await enforcePerClient(deps, ip, 'comments', rateLimits.commentsPerIp, 'comments from your address');
  const perLink = await hit(deps, `feedback-share:${id}`, rateLimits.feedbackPerShare, rateLimits.windowMs);
  if (!perLink.ok) throw rateLimited('feedback posts on this link', perLink.retryAfter);
}

/** The posted JSON object, read within FEEDBACK_CAPS.bodyBytes. Errors: 413 `feedback_too_large`, 400 `invalid_feedback`. */
async function readObject(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const bytes = await readBody(c, FEEDBACK_CAPS.bodyBytes, 'feedback_too_large');
  let body: unknown;
  try { body = JSON.parse(new TextDecoder().decode(bytes)); } catch { body = null; }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'invalid_feedback', 'The body must be a JSON object.');
  return body as Record<string, unknown>;
}
