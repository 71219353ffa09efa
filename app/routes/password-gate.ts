import type { Context } from 'hono';
import type { AppEnv } from '../deps';
import { hasValidUnlock, unlockSetCookie } from '../lib/cookie';
import { CONTENT_SECURITY_HEADERS } from '../lib/headers';
import { verifyPassword } from '../lib/password';
import { passwordPageHtml, type PasswordPageState } from '../pages/password';
import { admitPasswordAttempt, settlePasswordAttempt } from '../services/password-attempts';
import { candidatePaths, sameOriginLocation } from '../../core/paths';
import { gatePage, gateSecret, readGateForm } from './gate-form';

const passwordPage = (state: PasswordPageState, status: 401 | 429, retryAfter?: number) => gatePage(passwordPageHtml(state).toString(), status, retryAfter);

/**
 * Guards every path of a password-protected share (page and assets alike). A valid signed cookie
 * lets the request through (null); otherwise a POST is an unlock attempt, throttled per client,
 * and per share only for clients that guessed wrong (services/password-attempts.ts), and
 * anything else gets the password page.
 */
export async function passwordGate(c: Context<AppEnv>, shareId: string, passwordHash: string): Promise<Response | null> {
  const deps = c.get('deps');
  const secret = await gateSecret(c, shareId);
  if (secret instanceof Response) return secret;
  const now = deps.clock.now();
  if (await hasValidUnlock(c.req.header('cookie'), secret, shareId, passwordHash, now)) return null;
  if (c.req.method !== 'POST') return passwordPage('ask', 401);

  const { password: limits } = deps.config;
  const attempt = await admitPasswordAttempt(deps, shareId, deps.clientIp(c.req.raw));
  if (!attempt.ok) return passwordPage('throttled', 429, attempt.retryAfter);

  const right = await verifyPassword((await readGateForm(c)).get('password') ?? '', passwordHash);
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
