import { constantTimeEqual } from './crypto';
import { base64url } from './ids';

/** Name of the cookie that unlocks a password-protected share (host-only: it never leaves the share's origin). */
export const UNLOCK_COOKIE = 'share_unlock';

async function hmac(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return base64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message))));
}

export { hmac as hmacBase64url };

/**
 * The signed value `<expires>.<signature>`. The signature covers the share id and its stored
 * password hash, so a cookie for one share opens no other, and changing the password (a new
 * salted hash) invalidates every cookie issued before.
 */
export async function signUnlock(secret: string, shareId: string, passwordHash: string, expiresAt: number): Promise<string> {
  const exp = Math.floor(expiresAt / 1000);
  return `${exp}.${await hmac(secret, `unlock:${shareId}:${exp}:${passwordHash}`)}`;
}

export async function verifyUnlock(secret: string, shareId: string, passwordHash: string, value: string | undefined, now: number): Promise<boolean> {
  const m = value?.match(/^(\d{1,12})\.([A-Za-z0-9_-]{43})$/);
  if (!m) return false;
  if (Number(m[1]) * 1000 <= now) return false;
  return constantTimeEqual(await hmac(secret, `unlock:${shareId}:${m[1]}:${passwordHash}`), m[2]);
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Host-only (no Domain), HttpOnly, SameSite=Lax, Secure on https, expiring with the signature. */
export function unlockCookieHeader(value: string, expiresAt: number, secure: boolean): string {
  return `${UNLOCK_COOKIE}=${value}; Path=/; Expires=${new Date(expiresAt).toUTCString()}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
