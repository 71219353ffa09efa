import { describe, expect, it } from 'vitest';
import { cookieNames, MAX_EXPIRED_NAMES, MAX_EXPIRY_BYTES, OVERSIZED_COOKIE_BYTES, strayCookieExpiries } from '../../app/lib/stray-cookies';

const bomb = (n: number, size = 3000) => Array.from({ length: n }, (_, i) => `junk${i}=${'x'.repeat(size)}`).join('; ');

describe('cookieNames', () => {
  it('lists names in order with repeats; a value without = has the empty name', () => {
    expect(cookieNames('a=1; share_unlock=x; b=; share_unlock=y')).toEqual(['a', 'share_unlock', 'b', 'share_unlock']);
    expect(cookieNames('lonely; a=1;')).toEqual(['', 'a']);
  });
});

describe('strayCookieExpiries', () => {
  it('leaves an ordinary Cookie header alone', () => {
    expect(strayCookieExpiries(undefined, 'usercontent.test', true)).toEqual([]);
    expect(strayCookieExpiries('a=1; share_unlock=1.sig; theme=dark', 'usercontent.test', true)).toEqual([]);
    expect(strayCookieExpiries(bomb(2), 'usercontent.test', false)).toEqual([]);
  });

  it('expires every name of an oversized header for the parent domain, once each, Secure and Partitioned on https', () => {
    const header = `${bomb(12)}; junk0=again; lonely`;
    expect(header.length).toBeGreaterThan(OVERSIZED_COOKIE_BYTES);
    const lines = strayCookieExpiries(header, 'usercontent.test', true);
    expect(lines).toContain('junk0=; Domain=usercontent.test; Path=/; Max-Age=0; Secure');
    expect(lines).toContain('junk0=; Domain=usercontent.test; Path=/; Max-Age=0; Secure; Partitioned');
    expect(lines).toContain('junk11=; Domain=usercontent.test; Path=/; Max-Age=0; Secure');
    // The nameless cookie ("lonely") is replaced by another nameless one, already expired.
    expect(lines).toContain('x; Domain=usercontent.test; Path=/; Max-Age=0; Secure');
    expect(lines.length).toBe(2 * 13);
  });

  it('on http writes one plain expiry per name', () => {
    const lines = strayCookieExpiries(bomb(4, 3000), 'usercontent.test', false);
    expect(lines).toEqual([0, 1, 2, 3].map((i) => `junk${i}=; Domain=usercontent.test; Path=/; Max-Age=0`));
  });

  it('skips __Host- names (browsers refuse them with a Domain) and names that are no token', () => {
    const lines = strayCookieExpiries(`__Host-share_unlock=1.sig; we ird=1; ${bomb(4)}`, 'usercontent.test', false);
    expect(lines.some((l) => l.startsWith('__Host-'))).toBe(false);
    expect(lines.some((l) => l.startsWith('we ird'))).toBe(false);
    expect(lines).toHaveLength(4);
  });

  it(`expires at most ${MAX_EXPIRED_NAMES} names per answer`, () => {
    expect(strayCookieExpiries(bomb(300, 100), 'usercontent.test', false)).toHaveLength(MAX_EXPIRED_NAMES);
  });

  it(`writes at most ${MAX_EXPIRY_BYTES} bytes of expiries: long planted names wait for a later answer, short ones still go`, () => {
    const long = Array.from({ length: 30 }, (_, i) => `${'n'.repeat(3990)}${i}=v`).join('; ');
    const lines = strayCookieExpiries(`${long}; short=${'x'.repeat(100)}`, 'usercontent.test', true);
    const total = lines.reduce((n, l) => n + l.length, 0);
    expect(total).toBeLessThanOrEqual(MAX_EXPIRY_BYTES);
    expect(lines.length).toBe(2 * 4 + 2);
    expect(lines.at(-1)).toBe('short=; Domain=usercontent.test; Path=/; Max-Age=0; Secure; Partitioned');
  });

  it('expires a decoy of our unlock cookie planted for the parent domain, whatever the size (cookie tossing on http)', () => {
    expect(strayCookieExpiries('share_unlock=decoy; share_unlock=1.sig', 'usercontent.test', false)).toEqual(['share_unlock=; Domain=usercontent.test; Path=/; Max-Age=0']);
    expect(strayCookieExpiries('share_unlock=1.sig', 'usercontent.test', false)).toEqual([]);
  });
});
