import { UNLOCK_COOKIE, VIEWER_COOKIE } from './cookie';

/**
 * Expiring cookies that other shares planted for the whole content domain (cookie tossing and
 * cookie bombs). Any share's page can set `Domain=<content domain>` cookies that every other
 * share then receives, unless the domain is on the Public Suffix List. Share ignores all of them
 * when it answers (only its own unlock and viewer cookies are read, app/lib/cookie.ts), so they change no
 * response; what they can do is fill the `Cookie` header until servers refuse it. So when a
 * request's `Cookie` header is oversized, the answer expires every name in it for the parent
 * domain. Expiring with `Domain=<content domain>` removes only parent-domain cookies: a share's
 * own host-only cookies (its page's, and our unlock cookie) have another domain and stay.
 */

/**
 * Above this a `Cookie` header counts as oversized. 8 KiB is the largest header line Apache,
 * nginx and many load balancers accept by default, so no site that works elsewhere needs more;
 * a single browser cookie is at most 4 KiB (RFC 6265bis §5.6, Chromium and Firefox).
 */
export const OVERSIZED_COOKIE_BYTES = 8 * 1024;

/**
 * At most this many names are expired per answer: Chromium keeps at most 180 cookies per
 * registrable domain, so one answer can cover a full jar of short names.
 */
export const MAX_EXPIRED_NAMES = 180;

/**
 * At most this many bytes of `Set-Cookie` values per answer, so planted cookies with long names
 * cannot make the answer's head too large for what carries it: Cloudflare allows 128 KB of
 * response headers, and a reverse proxy must be told to buffer this much (docs/operations.md,
 * Security). A full jar of short names (~170 × 2 lines of ~65 bytes) fits; names that do not
 * fit are expired by later answers.
 */
export const MAX_EXPIRY_BYTES = 32 * 1024;

/** RFC 6265 cookie-name (an RFC 9110 token): only such names are written back in `Set-Cookie`. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The names in a `Cookie` header, in order, with repeats; a pair without `=` has the empty name. */
export function cookieNames(header: string): string[] {
  return header.split(';').filter((pair) => pair.trim() !== '').map((pair) => {
    const eq = pair.indexOf('=');
    return (eq === -1 ? '' : pair.slice(0, eq)).trim();
  });
}

/**
 * The `Set-Cookie` values that expire stray parent-domain cookies, given a request's `Cookie`
 * header (absent → none):
 * - an oversized header (over {@link OVERSIZED_COOKIE_BYTES}): every name in it, up to
 *   {@link MAX_EXPIRED_NAMES};
 * - any header with more than one value of the plain name of one of our cookies (`share_unlock`,
 *   the allowlist's `share_viewer`): that name (a decoy planted for the parent domain, which http
 *   cannot keep out with a `__Host-` prefix, and which on https still counts against the 8 values
 *   tried, so decoys sent first could hide the real cookie for good).
 * Each expiry is `<name>=; Domain=<contentDomain>; Path=/; Max-Age=0`, plus `Secure` and a second
 * `Partitioned` copy on https (a partitioned cookie of a sibling share is sent to this one too,
 * and only a partitioned expiry removes it: CHIPS). A nameless cookie (a value without `=`) is
 * expired by a nameless one. `__Host-` names are skipped: browsers refuse them with a `Domain`.
 * Names that are no RFC 6265 token are skipped rather than written into a header, and names
 * past {@link MAX_EXPIRY_BYTES} are left for a later answer.
 */
export function strayCookieExpiries(cookieHeader: string | null | undefined, contentDomain: string, secure: boolean): string[] {
  if (!cookieHeader) return [];
  const names = cookieNames(cookieHeader);
  const expire = new Set<string>();
  for (const ours of [UNLOCK_COOKIE, VIEWER_COOKIE]) if (names.filter((n) => n === ours).length > 1) expire.add(ours);
  if (cookieHeader.length > OVERSIZED_COOKIE_BYTES) {
    for (const name of names) {
      if (expire.size >= MAX_EXPIRED_NAMES) break;
      if (name.startsWith('__Host-') || (name !== '' && !TOKEN.test(name))) continue;
      expire.add(name);
    }
  }
  const attrs = `Domain=${contentDomain}; Path=/; Max-Age=0${secure ? '; Secure' : ''}`;
  const lines: string[] = [];
  let bytes = 0;
  for (const name of expire) {
    // A nameless cookie is replaced (and so expired) by another nameless one: `x` has name "".
    const line = `${name === '' ? 'x' : `${name}=`}; ${attrs}`;
    const pair = secure ? [line, `${line}; Partitioned`] : [line];
    const size = pair.reduce((n, l) => n + l.length, 0);
    if (bytes + size > MAX_EXPIRY_BYTES) continue;
    bytes += size;
    lines.push(...pair);
  }
  return lines;
}

/** Appends {@link strayCookieExpiries} to a content answer and returns it. */
export function expireStrayCookies(response: Response, cookieHeader: string | null | undefined, contentDomain: string, secure: boolean): Response {
  for (const line of strayCookieExpiries(cookieHeader, contentDomain, secure)) response.headers.append('Set-Cookie', line);
  return response;
}
