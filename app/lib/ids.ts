import { customAlphabet } from 'nanoid';

/**
 * Share ids are DNS labels, so only [0-9a-z]. 14 characters give 36^14 ≈ 6.1e21 ids: with 10
 * million live links and 10,000 guesses a second, finding any one takes ~19,000 years on average
 * (see README). nanoid draws from crypto.getRandomValues.
 */
export const SHARE_ID_LENGTH = 14;
export const SHARE_ID_PATTERN = /^[0-9a-z]{14}$/;
/** A generator of random ids of `length` characters from [0-9a-z] (nanoid over crypto.getRandomValues). */
export const lowerAlnumIds = (length: number) => customAlphabet('0123456789abcdefghijklmnopqrstuvwxyz', length);
export const newShareId = lowerAlnumIds(SHARE_ID_LENGTH);

export interface IdSource {
  shareId(): string;
  /** 32 random bytes, base64url: the owner token, shown once. */
  token(): string;
}

export const cryptoIds: IdSource = {
  shareId: newShareId,
  token: () => base64url(crypto.getRandomValues(new Uint8Array(32))),
};

export function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
