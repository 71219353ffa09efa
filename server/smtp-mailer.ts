import { createTransport } from 'nodemailer';
import type { Mailer } from '../app/mail';

/** An SMTP submission server, as server/config.ts reads it from SMTP_URL and MAIL_FROM. */
export interface SmtpOptions {
  host: string;
  port: number;
  /** true for `smtps://` (TLS from the first byte, usually port 465); false for `smtp://` (STARTTLS when offered). */
  secure: boolean;
  /** AUTH credentials from the URL's userinfo, percent-decoded; null when the URL has none. */
  auth: { user: string; pass: string } | null;
  /** The sender, e.g. `share <no-reply@example.com>`. */
  from: string;
  /** Milliseconds; defaults in SMTP_TIMEOUTS. */
  timeouts?: Partial<SmtpTimeouts>;
}

export interface SmtpTimeouts {
  /** Opening the TCP (or TLS) connection. */
  connectMs: number;
  /** From connecting to the server's 220 greeting. */
  greetingMs: number;
  /** Silence on an open connection (a reply that never comes) before it is dropped. */
  idleMs: number;
}

/**
 * A slow or silent server fails the send within these, rather than holding the viewer's request
 * (nodemailer's own defaults are 2 minutes, 30 s and 10 minutes).
 */
export const SMTP_TIMEOUTS: SmtpTimeouts = { connectMs: 10_000, greetingMs: 10_000, idleMs: 20_000 };

/** Forms the password may take on the wire or in a reply: as is, base64 (AUTH LOGIN), and AUTH PLAIN's base64 of `\0user\0pass`. */
function secretForms(auth: SmtpOptions['auth']): string[] {
  if (!auth?.pass) return [];
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  return [auth.pass, encodeURIComponent(auth.pass), b64(auth.pass), b64(`\0${auth.user}\0${auth.pass}`)];
}

/** An error message safe to log: nodemailer's own words (with the server's reply), minus any form of the password, on one line. */
function safeMessage(err: unknown, secrets: string[]): string {
  let text = String((err as Error)?.message ?? err);
  for (const secret of secrets) text = text.split(secret).join('[redacted]');
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * Sends through one SMTP server with nodemailer: a small pool of reused connections (SMTP
 * submission, RFC 6409), STARTTLS on `smtp://` whenever the server offers it and TLS from the
 * start on `smtps://` (certificates verified against the system's CAs; add a private CA with
 * NODE_EXTRA_CA_CERTS), AUTH with the URL's credentials. Each message is plain text plus an HTML
 * alternative (multipart/alternative). Errors: `SMTP <host>:<port>: <reason>` with nodemailer's
 * reason (a refused login, a rejected recipient, a timeout), never the password.
 */
export function smtpMailer(options: SmtpOptions): Mailer {
  const t = { ...SMTP_TIMEOUTS, ...options.timeouts };
  const transport = createTransport({
    pool: true,
    maxConnections: 2,
    host: options.host,
    port: options.port,
    secure: options.secure,
    auth: options.auth ?? undefined,
    connectionTimeout: t.connectMs,
    greetingTimeout: t.greetingMs,
    socketTimeout: t.idleMs,
    // nodemailer would otherwise log protocol lines; the app logs the outcome itself.
    logger: false,
    debug: false,
  });
  const secrets = secretForms(options.auth);
  const where = `SMTP ${options.host}:${options.port}`;
  return {
    kind: 'smtp',
    async send(message) {
      try {
        await transport.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
      } catch (err) {
        throw new Error(`${where}: ${safeMessage(err, secrets)}`);
      }
    },
    close() {
      transport.close();
    },
  };
}
