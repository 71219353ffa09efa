import { parseSigned, serializeSigned } from 'hono/utils/cookie';

/** Name of the cookie that unlocks a password-protected share. */
export const UNLOCK_COOKIE = 'share_unlock';

/**
 * The name on https carries the `__Host-` prefix: browsers accept such a cookie only when it is
 * Secure, `Path=/` and host-only (RFC 6265bis §4.1.3.2), so a sibling share on the same content
 * domain cannot plant one with `Domain=<content domain>`. Plain http (local dev) cannot use it.
 */
export const unlockCookieName = (secure: boolean) => (secure ? `__Host-${UNLOCK_COOKIE}` : UNLOCK_COOKIE);

/**
 * The HMAC key for one share's unlock cookies. It covers the share id and its stored password
 * hash, so a cookie for one share opens no other, and a new password (a new salted hash)
 * invalidates every cookie issued before.
 */
const unlockKey = (secret: string, shareId: string, passwordHash: string) => `${secret}\u0000unlock\u0000${shareId}\u0000${passwordHash}`;

/** How many of our cookies one request may make us verify: a hostile page can plant a few, not hundreds. */
const MAX_TRIED = 8;

/**
 * The `Set-Cookie` value for an unlocked share: Hono's signed cookie over the expiry (seconds),
 * host-only (no Domain), HttpOnly, SameSite=Lax, and Secure with the `__Host-` name on https.
 */
export function unlockSetCookie(secret: string, shareId: string, passwordHash: string, expiresAt: number, secure: boolean): Promise<string> {
  const exp = String(Math.floor(expiresAt / 1000));
  return serializeSigned(unlockCookieName(secure), exp, unlockKey(secret, shareId, passwordHash), {
    path: '/', expires: new Date(expiresAt), httpOnly: true, sameSite: 'Lax', secure,
  });
}

/**
 * True when any of our unlock cookies in a `Cookie` header is validly signed for this share and
 * not expired (see {@link firstValidSigned}).
 */
export async function hasValidUnlock(cookieHeader: string | null | undefined, secret: string, shareId: string, passwordHash: string, now: number): Promise<boolean> {
  const exp = await firstValidSigned(cookieHeader, UNLOCK_COOKIE, unlockKey(secret, shareId, passwordHash), (value) => (unexpired(value, now) ? value : null));
  return exp !== null;
}

const unexpired = (exp: string, now: number) => /^\d{1,12}$/.test(exp) && Number(exp) * 1000 > now;

/**
 * The first value `accept` takes among the cookies named `name` or `__Host-<name>` in a `Cookie`
 * header whose signature verifies under `key`, or null. Every value is tried, not just the first:
 * Hono's parser keeps only the first value of a name, and a same-site sibling share can set a decoy
 * for the whole content domain that browsers send ahead of ours (cookie tossing). Signatures are
 * checked by Hono's `parseSigned` (WebCrypto `verify`, constant time) one pair at a time, at most
 * {@link MAX_TRIED} of them.
 */
async function firstValidSigned<T>(cookieHeader: string | null | undefined, name: string, key: string, accept: (value: string) => T | null): Promise<T | null> {
  if (!cookieHeader) return null;
  const names = [name, `__Host-${name}`];
  let tried = 0;
  for (const pair of cookieHeader.split(';')) {
    const found = pair.slice(0, pair.indexOf('=')).trim();
    if (!names.includes(found)) continue;
    if (++tried > MAX_TRIED) break;
    const value = (await parseSigned(pair, key, found))[found];
    const taken = typeof value === 'string' ? accept(value) : null;
    if (taken !== null) return taken;
  }
  return null;
}

/** Name of the cookie that lets one allowlisted person in (issue 19). */
export const VIEWER_COOKIE = 'share_viewer';

/**
 * The HMAC key of one share's viewer cookies: the share id and its allowlist version, so a cookie
 * opens no other share, and removing an entry (which raises the version) ends every cookie issued before.
 */
const viewerKey = (secret: string, shareId: string, allowVersion: number) => `${secret}\u0000viewer\u0000${shareId}\u0000${allowVersion}`;

/**
 * The `Set-Cookie` value for a person who entered a right code: Hono's signed cookie over
 * `<expiry seconds>:<address>`, with the same attributes as the unlock cookie (host-only,
 * HttpOnly, SameSite=Lax; `__Host-` and Secure on https).
 */
export function viewerSetCookie(secret: string, shareId: string, allowVersion: number, address: string, expiresAt: number, secure: boolean): Promise<string> {
  const value = `${Math.floor(expiresAt / 1000)}:${address}`;
  return serializeSigned(secure ? `__Host-${VIEWER_COOKIE}` : VIEWER_COOKIE, value, viewerKey(secret, shareId, allowVersion), {
    path: '/', expires: new Date(expiresAt), httpOnly: true, sameSite: 'Lax', secure,
  });
}

/** The address of the first viewer cookie in a `Cookie` header validly signed for this share and version and not expired, or null. */
export function viewerOf(cookieHeader: string | null | undefined, secret: string, shareId: string, allowVersion: number, now: number): Promise<string | null> {
  return firstValidSigned(cookieHeader, VIEWER_COOKIE, viewerKey(secret, shareId, allowVersion), (value) => {
    const colon = value.indexOf(':');
    return colon > 0 && unexpired(value.slice(0, colon), now) ? value.slice(colon + 1) : null;
  });
}
