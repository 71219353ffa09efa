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
 * not expired. Every value is tried, not just the first: Hono's parser keeps only the first value
 * of a name, and a same-site sibling share can set a decoy `share_unlock` for the whole content
 * domain that browsers send ahead of ours (cookie tossing). Signatures are checked by Hono's
 * `parseSigned` (WebCrypto `verify`, constant time) one pair at a time.
 */
export async function hasValidUnlock(cookieHeader: string | null | undefined, secret: string, shareId: string, passwordHash: string, now: number): Promise<boolean> {
  if (!cookieHeader) return false;
  const names = [UNLOCK_COOKIE, `__Host-${UNLOCK_COOKIE}`];
  let tried = 0;
  for (const pair of cookieHeader.split(';')) {
    const name = pair.slice(0, pair.indexOf('=')).trim();
    if (!names.includes(name)) continue;
    if (++tried > MAX_TRIED) break;
    const exp = (await parseSigned(pair, unlockKey(secret, shareId, passwordHash), name))[name];
    if (typeof exp === 'string' && /^\d{1,12}$/.test(exp) && Number(exp) * 1000 > now) return true;
  }
  return false;
}
