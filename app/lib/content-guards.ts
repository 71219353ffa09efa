import { CONTENT_SECURITY_HEADERS } from './headers';

/**
 * What keeps shares on one content domain apart when browsers count them as one *site* (every
 * `<id>.<content domain>` is same-site unless that domain is on the Public Suffix List; see
 * docs/operations.md "Security"). Pure: a request's headers in, a refusal or extra headers out,
 * so each rule has its own unit test (test/unit/content-guards.test.ts).
 */

/** Refusals are never stored, so no cache can answer a later, rightful request with one. */
const REFUSAL_HEADERS: Record<string, string> = {
  ...CONTENT_SECURITY_HEADERS,
  'Content-Type': 'text/plain; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};

/**
 * What a protected share's answer depends on besides the URL: the unlock cookie and the Fetch
 * Metadata of the request. Caches key on them (RFC 9110 §12.5.5), so an answer for one kind of
 * request is never reused for another.
 */
export const PROTECTED_VARY = 'Cookie, Sec-Fetch-Site, Sec-Fetch-Mode, Sec-Fetch-Dest';

/**
 * Refuses the fetch of a service worker's script, which browsers mark `Service-Worker: script`
 * (Service Workers, "Update" algorithm). A worker installed on a share's origin would answer for
 * it from the browser after the share is revoked or taken down, so no content origin lets one
 * install: the registration fails because its script fetch is not a 2xx.
 * @returns a 403 refusal, or null when the request is no service-worker script fetch.
 */
export function serviceWorkerRefusal(headers: Headers): Response | null {
  if (headers.get('service-worker')?.trim().toLowerCase() !== 'script') return null;
  return new Response('Service workers cannot be installed on shared pages.\n', { status: 403, headers: REFUSAL_HEADERS });
}

/**
 * True when a request to a password-protected share comes from another origin's page in a way
 * that could hand the bytes to that page: a subresource (`<script src>`, `<link rel=stylesheet>`,
 * `<img>`, fetch) or a frame. Decided from Fetch Metadata (W3C Fetch Metadata Request Headers):
 * `Sec-Fetch-Site` absent (an older browser or a tool, covered by CORP instead), `same-origin` or
 * `none` (typed, bookmarked) is ours; a top-level GET/HEAD navigation from anywhere (a link
 * clicked in a chat or in the app) is allowed too, because the page that started it cannot read
 * what opens. Everything else (`same-site`, `cross-site`) is foreign.
 */
export function isForeignRequest(method: string, headers: Headers): boolean {
  const site = headers.get('sec-fetch-site');
  if (site === null || site === 'same-origin' || site === 'none') return false;
  const topLevel = headers.get('sec-fetch-mode') === 'navigate' && headers.get('sec-fetch-dest') === 'document';
  return !(topLevel && (method === 'GET' || method === 'HEAD'));
}

/** The answer to a foreign request for a protected share: no bytes, no password page, nothing stored. */
export function foreignRefusal(): Response {
  const response = new Response('This share is protected: its files open only on its own pages.\n', { status: 403, headers: REFUSAL_HEADERS });
  return withProtectedHeaders(response);
}

/**
 * Marks every answer of a password-protected share (page, assets, password page, redirects, 304s,
 * 404s): `Cross-Origin-Resource-Policy: same-origin` so browsers hand the bytes to no other
 * origin's page even where Fetch Metadata is missing (Fetch §"cross-origin resource policy
 * check"), the `Vary` above, and `private` caching so no shared cache keeps protected bytes.
 * An answer already marked `no-store` stays so. Returns the same response, its headers changed.
 */
export function withProtectedHeaders(response: Response): Response {
  const h = response.headers;
  h.set('Cross-Origin-Resource-Policy', 'same-origin');
  h.set('Vary', h.has('Vary') ? `${h.get('Vary')}, ${PROTECTED_VARY}` : PROTECTED_VARY);
  if (!/no-store/.test(h.get('Cache-Control') ?? '')) h.set('Cache-Control', 'private, no-cache');
  return response;
}

/**
 * `Clear-Site-Data` for the pages of an ended share (410 revoked or expired, 451 taken down):
 * `"storage"` unregisters any service worker of the share's origin and empties its storage, and
 * `"cache"` drops its cached responses, so nothing the share left in a browser outlives it.
 * Chromium honours it on any response of the origin, also the update fetch of a service worker's
 * script (test/e2e/service-worker.test.ts). Not `"cookies"`: browsers clear those for the whole
 * registrable domain, i.e. every share's cookies, unlock cookies included, so one ended share
 * would lock its visitor out of every other protected share.
 */
export const ENDED_CLEAR_SITE_DATA = '"cache", "storage"';

/** Adds {@link ENDED_CLEAR_SITE_DATA} to an ended share's page and returns it. */
export function withClearSiteData(response: Response): Response {
  response.headers.set('Clear-Site-Data', ENDED_CLEAR_SITE_DATA);
  return response;
}

/**
 * True when a write to a share's `/__share/` endpoints comes from a page of that same share: its
 * `Origin` names the request's own host (browsers send Origin on every POST, Fetch §3.1), and
 * Fetch Metadata, when sent, says `same-origin`. Another share's page is same-*site* in
 * production (one content domain) and is refused by both checks; a request with no Origin at all
 * (not a browser page) is refused too. The scheme is not compared: behind a TLS-terminating
 * proxy the request's own URL may say http while the page's origin says https.
 */
export function isOwnOriginWrite(headers: Headers, requestHost: string): boolean {
  const site = headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin') return false;
  const origin = headers.get('origin');
  if (!origin || origin === 'null') return false;
  try {
    return new URL(origin).host.toLowerCase() === requestHost.toLowerCase();
  } catch {
    return false;
  }
}
