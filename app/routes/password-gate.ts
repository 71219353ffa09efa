import type { Context } from 'hono';
import type { AppEnv } from '../deps';
import { hasValidUnlock, unlockSetCookie } from '../lib/cookie';
import { CONTENT_SECURITY_HEADERS } from '../lib/headers';
import { statusPage } from './status-page';
import { verifyPassword } from '../lib/password';
import { passwordPageHtml, type PasswordPageState } from '../pages/password';
import { admitPasswordAttempt, settlePasswordAttempt } from '../services/password-attempts';
import { unlockSecret } from '../services/secret';
import { candidatePaths, sameOriginLocation } from '../../core/paths';
import { readBody } from './body';

/** The password page may post its form to its own origin, and nothing else. */
export const PASSWORD_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'";

function passwordPage(state: PasswordPageState, status: 401 | 429, retryAfter?: number): Response {
  const headers: Record<string, string> = {
    ...CONTENT_SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': PASSWORD_PAGE_CSP,
  };
  if (retryAfter) headers['Retry-After'] = String(retryAfter);
  return new Response(passwordPageHtml(state).toString(), { status, headers });
}

/** The posted form, read with a small bound: an oversized body is a wrong password, not a memory problem. */
async function readPassword(c: Context<AppEnv>): Promise<string> {
  try {
    return new URLSearchParams(new TextDecoder().decode(await readBody(c, 4096, 'form_too_large'))).get('password') ?? '';
  } catch {
    return '';
  }
}

/**
 * Guards every path of a password-protected share (page and assets alike). A valid signed cookie
 * lets the request through (null); otherwise a POST is an unlock attempt, throttled per client,
 * and per share only for clients that guessed wrong (services/password-attempts.ts), and
 * anything else gets the password page.
 */
export async function passwordGate(c: Context<AppEnv>, shareId: string, passwordHash: string): Promise<Response | null> {
  const deps = c.get('deps');
  const secret = await unlockSecret(deps).catch(() => null);
  if (secret === null) {
    deps.log.error('cookie_secret_missing', { shareId });
    return statusPage('unavailable', 503);
  }
  const now = deps.clock.now();
  if (await hasValidUnlock(c.req.header('cookie'), secret, shareId, passwordHash, now)) return null;
  if (c.req.method !== 'POST') return passwordPage('ask', 401);

  const { password: limits } = deps.config;
  const attempt = await admitPasswordAttempt(deps, shareId, deps.clientIp(c.req.raw));
  if (!attempt.ok) return passwordPage('throttled', 429, attempt.retryAfter);

  const right = await verifyPassword(await readPassword(c), passwordHash);
  await settlePasswordAttempt(deps, attempt, right);
  if (!right) {
    deps.log.info('password_refused', { shareId });
    return passwordPage('wrong', 401);
  }
  const url = new URL(c.req.url);
  // Back to the page that asked, by its decoded path: a raw `//host` path would send the visitor to another site.
  const back = sameOriginLocation(candidatePaths(url.pathname)?.rel ?? '', url.search);
  const expiresAt = now + limits.cookieMs;
  const secure = url.protocol === 'https:' || deps.config.publicScheme === 'https';
  return new Response(null, {
    status: 303,
    headers: {
      ...CONTENT_SECURITY_HEADERS, Location: back, 'Cache-Control': 'no-store',
      'Set-Cookie': await unlockSetCookie(secret, shareId, passwordHash, expiresAt, secure),
    },
  });
}
