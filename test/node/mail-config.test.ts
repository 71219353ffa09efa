import { describe, expect, it } from 'vitest';
import { configFromVars } from '../../app/config';
import { ConfigError, nodeConfigFromEnv } from '../../server/config';
import { mailerSummary, nodeMailer } from '../../server/mailer';

/**
 * Which mailer each runtime picks from its variables, and the one-line refusals of a bad mail
 * setting at start. The Worker's choice is checked in workerd (test/workerd/mailer.test.ts).
 */

const FROM = 'share <no-reply@share.example>';
const PASSWORD = 'pa55:w/rd@secret';
const SMTP_URL = `smtp://share%40share.example:${encodeURIComponent(PASSWORD)}@smtp.share.example:587`;

describe('Node mail configuration', () => {
  it('reads SMTP_URL: host, port, STARTTLS or TLS, percent-decoded credentials, and MAIL_FROM', () => {
    expect(nodeConfigFromEnv({ SMTP_URL, MAIL_FROM: FROM }).smtp).toEqual({ host: 'smtp.share.example', port: 587, secure: false, auth: { user: 'share@share.example', pass: PASSWORD }, from: FROM });
    expect(nodeConfigFromEnv({ SMTP_URL: 'smtps://u:p@mail.example', MAIL_FROM: 'no-reply@share.example' }).smtp).toMatchObject({ port: 465, secure: true, from: 'no-reply@share.example' });
    expect(nodeConfigFromEnv({ SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: FROM }).smtp).toMatchObject({ host: '127.0.0.1', port: 2525, auth: null });
    expect(nodeConfigFromEnv({}).smtp).toBeNull();
  });

  it('reads EMAIL_API_URL, EMAIL_API_KEY and MAIL_FROM for the HTTP email API (the Worker\'s variables too)', () => {
    const vars = { EMAIL_API_URL: 'https://api.resend.com/emails', EMAIL_API_KEY: 're_123', MAIL_FROM: FROM };
    expect(configFromVars(vars).mailApi).toEqual({ url: 'https://api.resend.com/emails', apiKey: 're_123', from: FROM });
    expect(nodeConfigFromEnv(vars).app.mailApi).toEqual({ url: 'https://api.resend.com/emails', apiKey: 're_123', from: FROM });
    expect(configFromVars({ EMAIL_API_URL: 'http://127.0.0.1:8025/send', EMAIL_API_KEY: 'k', MAIL_FROM: FROM }).mailApi?.url).toBe('http://127.0.0.1:8025/send');
    expect(configFromVars({}).mailApi).toBeNull();
  });

  it('picks SMTP when SMTP_URL is set, else the HTTP email API, else the development log mailer', async () => {
    const api = { EMAIL_API_URL: 'https://api.resend.com/emails', EMAIL_API_KEY: 're_123', MAIL_FROM: FROM };
    const cases: [Record<string, string>, string, string][] = [
      [{ ...api, SMTP_URL }, 'smtp', 'mail via SMTP smtp.share.example:587'],
      [api, 'http', 'mail via the email API at api.resend.com'],
      [{}, 'log', 'mail printed in this log (development mailer)'],
    ];
    for (const [vars, kind, summary] of cases) {
      const config = nodeConfigFromEnv(vars);
      const mailer = await nodeMailer(config);
      expect(mailer.kind, kind).toBe(kind);
      expect(mailerSummary(config)).toBe(summary);
      mailer.close?.();
    }
  });

  const refusals: [string, Record<string, string>, RegExp][] = [
    ['an SMTP_URL of another scheme', { SMTP_URL: `https://u:${PASSWORD}@smtp.example`, MAIL_FROM: FROM }, /^SMTP_URL must be smtp:\/\/user:password@host:587/],
    ['an SMTP_URL that is not a URL', { SMTP_URL: `u:${PASSWORD}@smtp.example:587`, MAIL_FROM: FROM }, /^SMTP_URL must be/],
    ['an SMTP_URL with query options', { SMTP_URL: `smtp://u:${encodeURIComponent(PASSWORD)}@smtp.example?pool=false`, MAIL_FROM: FROM }, /^SMTP_URL must be .*; it takes no path or query options$/],
    ['SMTP_URL without MAIL_FROM', { SMTP_URL }, /^SMTP_URL is set but MAIL_FROM is not; set MAIL_FROM/],
    ['a MAIL_FROM that is not an address', { SMTP_URL, MAIL_FROM: 'share' }, /^MAIL_FROM must be an address or "Name <address>"/],
    ['a MAIL_FROM with a second header in it', { SMTP_URL, MAIL_FROM: 'share <a@b.example>\r\nBcc: x@y.example' }, /^MAIL_FROM must be/],
    ['EMAIL_API_URL without its key', { EMAIL_API_URL: 'https://api.resend.com/emails', MAIL_FROM: FROM }, /^EMAIL_API_URL is set but EMAIL_API_KEY is not; .*wrangler secret put EMAIL_API_KEY/],
    ['EMAIL_API_KEY without its URL', { EMAIL_API_KEY: PASSWORD }, /^EMAIL_API_KEY is set but EMAIL_API_URL is not/],
    ['an EMAIL_API_URL over plain http to another machine', { EMAIL_API_URL: 'http://api.resend.com/emails', EMAIL_API_KEY: PASSWORD, MAIL_FROM: FROM }, /^EMAIL_API_URL must be an https URL/],
    ['EMAIL_API_URL without MAIL_FROM', { EMAIL_API_URL: 'https://api.resend.com/emails', EMAIL_API_KEY: PASSWORD }, /^EMAIL_API_URL is set but MAIL_FROM is not/],
  ];
  for (const [label, vars, message] of refusals) {
    it(`refuses ${label} with one line naming the variable, without the password`, () => {
      let error: unknown;
      try { nodeConfigFromEnv(vars); } catch (err) { error = err; }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
      expect((error as Error).message).not.toContain(PASSWORD);
      expect((error as Error).message).not.toContain(encodeURIComponent(PASSWORD));
    });
  }
});
