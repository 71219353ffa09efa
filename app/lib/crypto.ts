import { base64url } from './ids';

/**
 * Compares two strings in time that depends only on their length, so a caller probing tokens
 * learns nothing from how fast a wrong one is refused. Both sides are hashes of equal length.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const len = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < len; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

/** Base64url HMAC-SHA256 of `message` under `secret` (WebCrypto): keys IP and visitor hashes. */
export async function hmacBase64url(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return base64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message))));
}
