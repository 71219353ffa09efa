import type { Context } from 'hono';
import type { AppEnv } from '../deps';
import { CONTENT_SECURITY_HEADERS } from '../lib/headers';
import { unlockSecret } from '../services/secret';
import { readBody } from './body';
import { statusPage } from './status-page';

/** A gate's page (password, email, code) may post its form to its own origin, and nothing else. */
export const GATE_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'";

/**
 * A gate page's answer (the password page, the allowlist's email and code pages): never stored
 * by a cache, under GATE_PAGE_CSP, with `Retry-After` (seconds) when throttled.
 */
export function gatePage(html: string, status: 401 | 429, retryAfter?: number): Response {
  const headers: Record<string, string> = {
    ...CONTENT_SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': GATE_PAGE_CSP,
  };
  if (retryAfter) headers['Retry-After'] = String(retryAfter);
  return new Response(html, { status, headers });
}

/**
 * A gate's posted form, read with a small bound (4 KiB): an oversized or unreadable body is an
 * empty form (a wrong answer), not a memory problem nor a 500.
 */
export async function readGateForm(c: Context<AppEnv>): Promise<URLSearchParams> {
  try {
    return new URLSearchParams(new TextDecoder().decode(await readBody(c, 4096, 'form_too_large')));
  } catch {
    return new URLSearchParams();
  }
}

/**
 * The secret a gate signs and checks its cookies with (services/secret.ts `unlockSecret`), or
 * the 503 page when the deployment has none: a protected link is refused, never weakened.
 */
export async function gateSecret(c: Context<AppEnv>, shareId: string): Promise<string | Response> {
  const deps = c.get('deps');
  const secret = await unlockSecret(deps).catch(() => null);
  if (secret !== null) return secret;
  deps.log.error('cookie_secret_missing', { shareId });
  return statusPage('unavailable', 503);
}
