import type { Context } from 'hono';
import type { AppEnv } from '../deps';
import type { ServedRow } from '../db/versions';
import { parseAllowList } from '../db/allow';
import { viewerOf, viewerSetCookie } from '../lib/cookie';
import { CONTENT_SECURITY_HEADERS } from '../lib/headers';
import { isHttps, shareOrigin } from '../lib/hosts';
import { allowPageHtml, type AllowPageState } from '../pages/allow';
import { noteVisit, requestCode, verifyCode } from '../services/allow-gate';
import { matchingEntry } from '../../core/allow';
import { candidatePaths, sameOriginLocation } from '../../core/paths';
import { gatePage, gateSecret, readGateForm } from './gate-form';

const allowPage = (state: AllowPageState, status: 401 | 429, retryAfter?: number) => gatePage(allowPageHtml(state).toString(), status, retryAfter);

/**
 * The address of the viewer this request's cookie lets in, or null: a viewer cookie signed for
 * this share and its allowlist version, whose address the current list still matches.
 */
export async function allowedViewer(c: Context<AppEnv>, secret: string, shareId: string, share: Pick<ServedRow, 'allowList' | 'allowVersion'>): Promise<string | null> {
  const address = await viewerOf(c.req.header('cookie'), secret, shareId, share.allowVersion, c.get('deps').clock.now());
  return address !== null && matchingEntry(parseAllowList(share.allowList!), address) !== null ? address : null;
}

/**
 * Guards every path of an allowlisted share (page and assets alike), before any password gate:
 * with both, a viewer needs both. A viewer cookie signed for this share and its allowlist version,
 * whose address the list still lets in, passes (null), and the visit is noted off the serving path;
 * that costs one HMAC check and an in-memory match, no read beyond the serving path's one.
 * Otherwise a POST with `email` asks for a code (the same answer for every address), a POST with
 * `email` and `code` enters one (a right code: 303 back to the page asked for, with the cookie),
 * and anything else gets the page that asks for an address.
 */
export async function allowGate(c: Context<AppEnv>, shareId: string, share: Pick<ServedRow, 'allowList' | 'allowVersion'>): Promise<Response | null> {
  const deps = c.get('deps');
  const secret = await gateSecret(c, shareId);
  if (secret instanceof Response) return secret;
  const now = deps.clock.now();
  const allowList = share.allowList!;
  const address = await allowedViewer(c, secret, shareId, share);
  if (address !== null) {
    noteVisit(deps, c.req.raw, shareId, address);
    return null;
  }
  if (c.req.method !== 'POST') return allowPage({ kind: 'ask' }, 401);
  const form = await readGateForm(c);
  const email = form.get('email') ?? '';
  const code = form.get('code');
  const gateShare = { id: shareId, allowList };
  const ip = deps.clientIp(c.req.raw);
  const url = new URL(c.req.url);
  if (code === null) {
    const host = deps.config.appHost ?? url.host.slice(shareId.length + 1);
    const asked = await requestCode(deps, secret, gateShare, email, ip, { shareUrl: `${shareOrigin(shareId, c.req.url, deps.config)}/`, host, request: c.req.raw });
    if (asked.ok) return allowPage({ kind: 'code', address: asked.address }, 401);
    return asked.reason === 'throttled' ? allowPage({ kind: 'throttled' }, 429, asked.retryAfter) : allowPage({ kind: 'invalid' }, 401);
  }
  const entered = await verifyCode(deps, secret, gateShare, email, code, ip);
  if (!entered.ok) {
    deps.log.info('allow_code_refused', { shareId });
    return entered.reason === 'throttled' ? allowPage({ kind: 'throttled' }, 429, entered.retryAfter) : allowPage({ kind: 'wrong', address: email.trim().toLowerCase().slice(0, 254) }, 401);
  }
  // Back to the page that asked, by its decoded path: a raw `//host` path would send the visitor to another site.
  const back = sameOriginLocation(candidatePaths(url.pathname)?.rel ?? '', url.search);
  return new Response(null, {
    status: 303,
    headers: {
      ...CONTENT_SECURITY_HEADERS, Location: back, 'Cache-Control': 'no-store',
      'Set-Cookie': await viewerSetCookie(secret, shareId, share.allowVersion, entered.address, now + deps.config.allow.cookieMs, isHttps(c.req.url, deps.config)),
    },
  });
}
