import { logMailer, type Mailer } from '../app/mail';
import { httpMailer } from '../app/mail-http';
import type { NodeConfig } from './config';

/**
 * The Node server's mailer: SMTP when SMTP_URL is set, else the HTTP email API when
 * EMAIL_API_URL is, else the development log mailer (codes printed on stdout). nodemailer is
 * loaded only when SMTP is configured, so a server without it starts no slower.
 */
export async function nodeMailer(config: NodeConfig): Promise<Mailer> {
  if (config.smtp) {
    const { smtpMailer } = await import('./smtp-mailer');
    return smtpMailer(config.smtp);
  }
  if (config.app.mailApi) return httpMailer(config.app.mailApi);
  return logMailer();
}

/** Where mail goes, for the start line: `smtp smtp.example.com:587`, `http api.resend.com`, or the log. */
export function mailerSummary(config: NodeConfig): string {
  if (config.smtp) return `mail via SMTP ${config.smtp.host}:${config.smtp.port}`;
  if (config.app.mailApi) return `mail via the email API at ${new URL(config.app.mailApi.url).host}`;
  return 'mail printed in this log (development mailer)';
}
