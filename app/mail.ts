/**
 * Sending email: one interface, one adapter per runtime and provider (development log, SMTP on
 * Node, an HTTP email API on Workers). The app composes messages; adapters only deliver them.
 */

/** One message, as the app composed it: plain text plus a simple HTML alternative. */
export interface MailMessage {
  /** One recipient address (RFC 5322 addr-spec), already validated by the caller. */
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Which adapter delivers mail: the development log mailer, SMTP (Node), or an HTTP email API. */
export type MailerKind = 'log' | 'smtp' | 'http';

/**
 * Delivers mail. `kind` names the adapter for `/healthz` and `share doctor`. `send` resolves once
 * the provider accepted the message and rejects with an Error whose message is safe to log (never
 * the provider's credentials) when it did not. `close`, where present, releases pooled
 * connections (the Node server calls it on a graceful stop).
 */
export interface Mailer {
  readonly kind: MailerKind;
  send(message: MailMessage): Promise<void>;
  close?(): void;
}

/**
 * The development mailer: prints each message to the server's log (stdout) instead of sending
 * it, whatever LOG_LEVEL says, so the quick start works with no mail account and a developer can
 * read a one-time code from the terminal. Never for production: a code in a log is readable by
 * whoever reads the log.
 */
export function logMailer(write: (line: string) => void = (line) => console.log(line)): Mailer {
  return {
    kind: 'log',
    async send(message) {
      write(JSON.stringify({ time: new Date().toISOString(), level: 'info', event: 'mail_logged', to: message.to, subject: message.subject, text: message.text }));
    },
  };
}
