import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { codeInText, nextCode, type ReadCode } from './mail-codes';

export interface ReceivedMail { from: string | undefined; to: string[]; user: string | undefined; mail: ParsedMail }

export interface SmtpInbox {
  port: number;
  /** `smtp://127.0.0.1:<port>`: what a server's SMTP_URL points at. */
  url: string;
  /** Every accepted message, parsed (mailparser), in arrival order. */
  received: ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server (the `smtp-server` package) in this process on 127.0.0.1:<free port>,
 * keeping every message it accepts. Plain connections with optional AUTH by default, as a local
 * relay runs; `options` override (TLS, AUTH handlers, recipient checks).
 */
export async function startSmtpInbox(options: SMTPServerOptions = {}): Promise<SmtpInbox> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then((mail) => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined, to: session.envelope.rcptTo.map((r) => r.address), user: session.user as string | undefined, mail });
        callback();
      }, callback);
    },
    ...options,
  });
  // A client that refuses the certificate hangs up mid-handshake; the server reports it as an error event.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Codes as a viewer reads them from their mailbox: the next unread code mail to that address. */
export function codeFromInbox(inbox: SmtpInbox, timeoutMs = 15_000): ReadCode {
  return nextCode((address) => inbox.received.filter((m) => m.to.includes(address)).map((m) => codeInText(m.mail.text ?? '')).filter((c): c is string => c !== null), timeoutMs);
}
