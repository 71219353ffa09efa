import type { HttpMailOptions } from './mail-http';

/** Worker vars or process.env (the shape app/config.ts calls Vars). */
type Vars = Record<string, string | undefined>;

/**
 * A sender as MAIL_FROM may give it: `Name <local@domain>` or `local@domain` (an RFC 5322
 * mailbox, simplified), on one line: a CR or LF would let it add headers of its own.
 */
const MAILBOX = /^(?:[^<>\r\n]*<[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)$/;

/** Hostnames where plain http stays on the machine, so a key may travel unencrypted. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * MAIL_FROM, checked, for the mailer named by `by` (the variable that turned a mailer on).
 * Errors: missing, or not a mailbox → Error naming MAIL_FROM.
 */
export function mailFromVar(vars: Vars, by: string): string {
  const from = (vars.MAIL_FROM ?? '').trim();
  if (!from) throw new Error(`${by} is set but MAIL_FROM is not; set MAIL_FROM to the sender, e.g. "share <no-reply@example.com>"`);
  if (!MAILBOX.test(from)) throw new Error(`MAIL_FROM must be an address or "Name <address>", e.g. "share <no-reply@example.com>", got ${JSON.stringify(from)}`);
  return from;
}

/**
 * The HTTP email API from EMAIL_API_URL, EMAIL_API_KEY and MAIL_FROM, or null when EMAIL_API_URL
 * is unset. The URL must be https (http only to loopback, for a local relay or a test): the key
 * travels in its Authorization header. Errors name the variable and never repeat the key or the
 * URL (which may hold a token of its own).
 */
export function mailApiFromVars(vars: Vars): HttpMailOptions | null {
  const raw = vars.EMAIL_API_URL;
  if (!raw) {
    if (vars.EMAIL_API_KEY) throw new Error('EMAIL_API_KEY is set but EMAIL_API_URL is not; set EMAIL_API_URL to the provider\'s send endpoint, e.g. https://api.resend.com/emails');
    return null;
  }
  let url: URL | undefined;
  try { url = new URL(raw); } catch { /* reported below */ }
  const ok = url && (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname)));
  if (!url || !ok) throw new Error('EMAIL_API_URL must be an https URL such as https://api.resend.com/emails (http only to localhost)');
  const apiKey = vars.EMAIL_API_KEY;
  if (!apiKey) throw new Error('EMAIL_API_URL is set but EMAIL_API_KEY is not; set the secret (`npx wrangler secret put EMAIL_API_KEY --env production`, or EMAIL_API_KEY on Node)');
  return { url: url.href, apiKey, from: mailFromVar(vars, 'EMAIL_API_URL') };
}
