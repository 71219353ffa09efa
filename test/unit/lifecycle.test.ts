import { describe, expect, it } from 'vitest';
import { configFromVars } from '../../app/config';
import { hasValidUnlock, unlockSetCookie } from '../../app/lib/cookie';
import { ApiError } from '../../core/errors';
import { formatExpiry, parseExpiry, parseMaxViews, resolveExpiry, type ExpiryPolicy } from '../../core/expiry';
import { hashPassword, verifyPassword } from '../../app/lib/password';

const H = 3_600_000;
const D = 24 * H;
const policy: ExpiryPolicy = { default: 7 * D, maxMs: 30 * D, allowNever: 'keyed' };
const code = (fn: () => unknown) => { try { fn(); } catch (e) { return (e as ApiError).code; } return 'none'; };

describe('parseExpiry', () => {
  it('reads durations and never', () => {
    expect(parseExpiry('1h')).toBe(H);
    expect(parseExpiry('24h')).toBe(D);
    expect(parseExpiry(' 7D ')).toBe(7 * D);
    expect(parseExpiry('30d')).toBe(30 * D);
    expect(parseExpiry('90m')).toBe(90 * 60_000);
    expect(parseExpiry('2w')).toBe(14 * D);
    expect(parseExpiry('never')).toBe('never');
  });
  it.each(['', '0h', '1', 'h', '1y', '-1h', '1.5h', '1h30m', 'forever', '9999999d'])('refuses %j', (s) => {
    expect(parseExpiry(s)).toBeNull();
  });
  it('formats back', () => {
    expect([H, D, 7 * D, 14 * D, 90 * 60_000, 36 * H].map(formatExpiry)).toEqual(['1h', '24h', '7d', '14d', '90m', '36h']);
  });
});

describe('resolveExpiry', () => {
  it('uses the default, adds to now, allows never only when the policy allows', () => {
    expect(resolveExpiry(undefined, policy, false, 1000)).toBe(1000 + 7 * D);
    expect(resolveExpiry('1h', policy, false, 0)).toBe(H);
    expect(resolveExpiry('never', policy, true, 0)).toBeNull();
    expect(resolveExpiry('never', { ...policy, allowNever: 'true' }, false, 0)).toBeNull();
  });
  it('refuses each bad request with its own code', () => {
    expect(code(() => resolveExpiry('never', policy, false, 0))).toBe('expiry_not_allowed');
    expect(code(() => resolveExpiry('never', { ...policy, allowNever: 'false' }, true, 0))).toBe('expiry_not_allowed');
    expect(code(() => resolveExpiry('31d', policy, true, 0))).toBe('expiry_too_long');
    expect(code(() => resolveExpiry('soon', policy, false, 0))).toBe('invalid_expires');
    expect(code(() => resolveExpiry(5, policy, false, 0))).toBe('invalid_expires');
  });
});

describe('parseMaxViews', () => {
  it('accepts whole numbers and null', () => {
    expect(parseMaxViews(1)).toBe(1);
    expect(parseMaxViews('5')).toBe(5);
    expect(parseMaxViews(null)).toBeNull();
  });
  it.each([0, -1, 1.5, 'x', '', 2_000_000, true])('refuses %j', (v) => {
    expect(code(() => parseMaxViews(v))).toBe('invalid_max_views');
  });
});

describe('configFromVars lifecycle vars', () => {
  it('has safe defaults', () => {
    const c = configFromVars({});
    expect(c.expiry).toEqual({ default: 7 * D, maxMs: 30 * D, allowNever: 'keyed' });
    expect(c.maxVersions).toBe(10);
    expect(c.requireApiKey).toBe(false);
    expect(c.adminToken).toBeNull();
    expect(c.cookieSecret).toBeNull();
    // A generated secret in the database is for local development only, never a default.
    expect(c.allowGeneratedSecret).toBe(false);
    expect(c.rateLimits).toEqual({
      windowMs: 3600_000, publishes: 20, keyedPublishes: 1000, reports: 10, adminFailures: 10,
      updates: 60, keyedUpdates: 1000, passwordHashesPerIp: 20, passwordHashesPerShare: 10,
      feedbackPerIp: 600, feedbackPerShare: 5000, commentsPerIp: 30,
    });
    expect(c.maxPendingVersions).toBe(3);
    expect(c.password).toEqual({ cookieMs: 86_400_000, attemptsPerIp: 10, attemptsPerShare: 100, attemptsPerNetwork: 10, windowMs: 900_000 });
  });
  it.each([
    [{ MAX_EXPIRY: 'never' }], [{ DEFAULT_EXPIRY: '60d' }], [{ DEFAULT_EXPIRY: 'never' }], [{ ALLOW_NEVER_EXPIRY: 'maybe' }],
    [{ REQUIRE_API_KEY: 'yes' }], [{ MAX_VERSIONS: '0' }], [{ RATE_LIMIT_PUBLISHES: '-3' }], [{ ALLOW_GENERATED_SECRET: 'sure' }], [{ RATE_LIMIT_ADMIN_FAILURES: '0' }],
    [{ RATE_LIMIT_UPDATES: '0' }], [{ MAX_PENDING_VERSIONS: 'three' }], [{ PASSWORD_HASHES_PER_SHARE: '-1' }], [{ PASSWORD_ATTEMPTS_PER_NETWORK: '1.5' }],
  ])('refuses %j at start', (vars) => {
    expect(() => configFromVars(vars)).toThrow();
  });
  it('allows never as default only when everyone may use it', () => {
    expect(configFromVars({ DEFAULT_EXPIRY: 'never', ALLOW_NEVER_EXPIRY: 'true', REQUIRE_API_KEY: 'true' }).expiry.default).toBe('never');
  });
});

describe('unlock cookies', () => {
  const now = 1_800_000_000_000;
  const cookieOf = (setCookie: string) => setCookie.split(';')[0];
  const valueOf = (setCookie: string) => decodeURIComponent(cookieOf(setCookie).split('=').slice(1).join('='));
  it('verify what was signed, until it expires', async () => {
    const c = cookieOf(await unlockSetCookie('secret', 'abcdefghijklmn', 'hash1', now + H, false));
    expect(await hasValidUnlock(c, 'secret', 'abcdefghijklmn', 'hash1', now)).toBe(true);
    expect(await hasValidUnlock(c, 'secret', 'abcdefghijklmn', 'hash1', now + H)).toBe(false);
  });
  it('refuse another secret, share, password hash, a changed expiry or garbage', async () => {
    const set = await unlockSetCookie('secret', 'abcdefghijklmn', 'hash1', now + H, false);
    const c = cookieOf(set);
    expect(await hasValidUnlock(c, 'other', 'abcdefghijklmn', 'hash1', now)).toBe(false);
    expect(await hasValidUnlock(c, 'secret', 'abcdefghijklmo', 'hash1', now)).toBe(false);
    expect(await hasValidUnlock(c, 'secret', 'abcdefghijklmn', 'hash2', now)).toBe(false);
    const v = valueOf(set);
    const exp = v.slice(0, v.lastIndexOf('.'));
    const sig = v.slice(v.lastIndexOf('.') + 1);
    expect(await hasValidUnlock(`share_unlock=${encodeURIComponent(`${Number(exp) + 1}.${sig}`)}`, 'secret', 'abcdefghijklmn', 'hash1', now)).toBe(false);
    for (const junk of [undefined, '', 'x', 'share_unlock=', `share_unlock=${exp}.`, `share_unlock=.${sig}`, 'share_unlock'])
      expect(await hasValidUnlock(junk, 'secret', 'abcdefghijklmn', 'hash1', now)).toBe(false);
  });
  it('try every value of the name, so a decoy planted first by a sibling share does not hide ours', async () => {
    const c = cookieOf(await unlockSetCookie('secret', 'abcdefghijklmn', 'hash1', now + H, false));
    expect(await hasValidUnlock(`share_unlock=decoy; a=1; share_unlock=1.AAAA; ${c}`, 'secret', 'abcdefghijklmn', 'hash1', now)).toBe(true);
  });
  it('cookie is host-only, HttpOnly, Lax; on https Secure with the __Host- prefix', async () => {
    const plain = await unlockSetCookie('secret', 'abcdefghijklmn', 'hash1', now, false);
    expect(plain).toMatch(new RegExp(`^share_unlock=\\d+\\.[^;]+; Path=/; Expires=${new Date(now).toUTCString()}; HttpOnly; SameSite=Lax$`));
    const secure = await unlockSetCookie('secret', 'abcdefghijklmn', 'hash1', now, true);
    expect(secure).toMatch(/^__Host-share_unlock=[^;]+; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$/);
    expect(secure).not.toMatch(/domain/i);
    expect(await hasValidUnlock(cookieOf(await unlockSetCookie('secret', 'abcdefghijklmn', 'hash1', now + H, true)), 'secret', 'abcdefghijklmn', 'hash1', now)).toBe(true);
  });
});

describe('password hashes', () => {
  it('verify the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('pässword');
    const b = await hashPassword('pässword');
    expect(a).not.toBe(b);
    expect(await verifyPassword('pässword', a)).toBe(true);
    expect(await verifyPassword('password', a)).toBe(false);
    expect(await verifyPassword('pässword', 'plain')).toBe(false);
    expect(await verifyPassword('x', 'pbkdf2-sha256$999999999$AAAA$AAAA')).toBe(false);
  });
});

describe('extractPassword (CLI)', async () => {
  const { extractPassword } = await import('../../cli/prompt');
  const flags = new Set(['server', 'entry', 'expires', 'max-views', 'key']);
  it('reads --password=VALUE, --password VALUE before or after the path, and a bare --password', () => {
    expect(extractPassword(['./d', '--password=s3 cret'], flags)).toEqual({ argv: ['./d'], password: 's3 cret', prompt: false });
    expect(extractPassword(['--password', 'pw', './d'], flags)).toEqual({ argv: ['./d'], password: 'pw', prompt: false });
    expect(extractPassword(['./d', '--password', 'pw'], flags)).toEqual({ argv: ['./d'], password: 'pw', prompt: false });
    expect(extractPassword(['./d', '--password'], flags)).toEqual({ argv: ['./d'], prompt: true });
    expect(extractPassword(['--password', './d'], flags)).toEqual({ argv: ['./d'], prompt: true });
    expect(extractPassword(['--server', 'http://x', '--password', './d'], flags)).toEqual({ argv: ['--server', 'http://x', './d'], prompt: true });
    expect(extractPassword(['--password', '--json', './d'], flags)).toEqual({ argv: ['--json', './d'], prompt: true });
    expect(extractPassword(['./d'], flags)).toEqual({ argv: ['./d'], prompt: false });
  });
});
