import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../app/config';
import { depsFromEnv, type Env } from '../../worker/index';
import { appWith } from './app-with';
import { publish } from './helpers';

/**
 * Issue 12, fault 8: wrong guesses from anyone must not lock every new visitor out of a protected
 * share, and guessing must stay bounded for a client rotating its addresses.
 */

const base = depsFromEnv(env as unknown as Env).config;
const withPassword = (password: Partial<Config['password']> = {}) => appWith({ password: { ...base.password, ...password } });

/** Posts the password form to a share's origin from `ip`; returns the status. */
function attempt(call: ReturnType<typeof appWith>, id: string, password: string, ip: string) {
  return call(`http://${id}.localhost:8787/`, { method: 'POST', ip, body: new URLSearchParams({ password }), headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
}

async function statuses(call: ReturnType<typeof appWith>, id: string, password: string, ips: string[]) {
  const out: number[] = [];
  for (const ip of ips) out.push((await attempt(call, id, password, ip)).status);
  return out;
}

describe('a protected share cannot be locked', () => {
  it('after 110 wrong guesses (PASSWORD_ATTEMPTS_PER_SHARE is 100), a clean visitor with the right password gets in; the attacker stays throttled', async () => {
    const { id } = await publish({ 'index.html': '<p>locked?</p>' }, { password: 'the right one' });
    const call = appWith();
    expect(base.password.attemptsPerShare).toBe(100);
    const attackers = Array.from({ length: 10 }, (_, i) => `203.0.113.${i + 1}`);
    for (const ip of attackers) expect(await statuses(call, id, 'wrong', Array(10).fill(ip))).toEqual(Array(10).fill(401));
    // Under attack now: each fresh address of the attacker's /24 has one guess, ten in all (PASSWORD_ATTEMPTS_PER_NETWORK).
    const fresh = Array.from({ length: 11 }, (_, i) => `203.0.113.${i + 11}`);
    expect(await statuses(call, id, 'wrong', fresh)).toEqual([...Array(10).fill(401), 429]);

    const clean = await attempt(call, id, 'the right one', '198.51.100.7');
    expect(clean.status).toBe(303);
    expect(clean.headers.get('set-cookie')).toMatch(/^share_unlock=/);
    expect((await attempt(call, id, 'the right one', '2001:db8:aa:1::7')).status).toBe(303);

    for (const ip of [attackers[0], fresh[0], fresh[10], '203.0.113.99']) {
      const refused = await attempt(call, id, 'the right one', ip);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.headers.get('set-cookie')).toBeNull();
    }
  }, 60_000);

  it('under attack, a client that has guessed wrong has no guesses left; clean clients still get in', async () => {
    const { id } = await publish({ 'index.html': '<p>typo</p>' }, { password: 'pw' });
    const call = withPassword({ attemptsPerShare: 4, attemptsPerIp: 3, attemptsPerNetwork: 2 });
    expect((await attempt(call, id, 'typo', '198.51.100.30')).status).toBe(401);
    expect(await statuses(call, id, 'x', ['203.0.113.40', '203.0.113.40', '203.0.113.41'])).toEqual([401, 401, 401]);
    // Four wrong guesses on the share: it is under attack now.
    expect((await attempt(call, id, 'x', '203.0.113.40')).status).toBe(429);
    expect((await attempt(call, id, 'pw', '198.51.100.30')).status).toBe(429);
    expect((await attempt(call, id, 'pw', '192.0.2.30')).status).toBe(303);
  });

  it('a client rotating addresses gets PASSWORD_ATTEMPTS_PER_NETWORK guesses per /24 or /48, not one per address', async () => {
    const { id } = await publish({ 'index.html': '<p>rotate</p>' }, { password: 'pw' });
    const call = withPassword({ attemptsPerShare: 2, attemptsPerIp: 5, attemptsPerNetwork: 3 });
    expect(await statuses(call, id, 'x', ['203.0.113.50', '203.0.113.50'])).toEqual([401, 401]);
    // Under attack: fresh IPv4 addresses of one /24, then fresh /64s of one IPv6 /48.
    expect(await statuses(call, id, 'x', ['203.0.113.51', '203.0.113.52', '203.0.113.53', '203.0.113.54', '203.0.113.55'])).toEqual([401, 401, 401, 429, 429]);
    expect(await statuses(call, id, 'x', ['2001:db8:51:1::1', '2001:db8:51:2::1', '2001:db8:51:3::1', '2001:db8:51:4::1', '2001:db8:51:5::1'])).toEqual([401, 401, 401, 429, 429]);
    // A used address has nothing left, even the right password.
    expect((await attempt(call, id, 'pw', '203.0.113.51')).status).toBe(429);
    // Other networks are untouched.
    expect((await attempt(call, id, 'pw', '203.0.114.9')).status).toBe(303);
    expect((await attempt(call, id, 'pw', '2001:db8:52:1::1')).status).toBe(303);
  });

  it('parallel guesses from one client cannot slip past PASSWORD_ATTEMPTS_PER_IP', async () => {
    const { id } = await publish({ 'index.html': '<p>burst</p>' }, { password: 'pw' });
    const call = withPassword({ attemptsPerIp: 3 });
    const burst = await Promise.all(Array.from({ length: 12 }, () => attempt(call, id, 'x', '203.0.113.60')));
    const counts = burst.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
    expect(counts).toEqual({ 401: 3, 429: 9 });
  });

  it('right passwords are not held against a client: unlocking again and again is never throttled', async () => {
    const { id } = await publish({ 'index.html': '<p>again</p>' }, { password: 'pw' });
    const call = withPassword({ attemptsPerIp: 2, attemptsPerShare: 3 });
    expect(await statuses(call, id, 'pw', Array(6).fill('198.51.100.80'))).toEqual(Array(6).fill(303));
    const rows = await env.DB.prepare('select bucket, count from rate_limits where bucket like ?').bind(`pw:${id}%`).all<{ bucket: string; count: number }>();
    expect(rows.results.every((r) => r.count === 0)).toBe(true);
    for (const r of rows.results) expect(r.bucket).not.toContain('198.51.100');
  });
});
