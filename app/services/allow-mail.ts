import type { MailMessage } from '../mail';
import { page } from '../pages/html';

/**
 * The one email an allowlisted link sends: a one-time code (issue 19). Pure, so each rule has its
 * own unit test (test/unit/allow-mail.test.ts):
 * - it names the link's title and the service's host, so the reader knows what it is about;
 * - it holds no link but the share's own URL (a title cannot smuggle one in: {@link safeTitle});
 * - plain text plus a simple HTML alternative, every value escaped (hono/html);
 * - a subject that reads like what it is, with nothing a phisher's mail says: no "verify your
 *   account", no "urgent", no "act now"; the code in it, so a notification shows it at once.
 */

export interface CodeMailInput {
  to: string;
  /** The link's title (its entry page's `<title>`), or null. */
  title: string | null;
  /** The service's host as people see it (APP_HOST, e.g. `share.example.com`). */
  host: string;
  /** The share's own URL, the one link the mail may hold. */
  shareUrl: string;
  /** Six digits. */
  code: string;
  /** How long the code works, in minutes. */
  minutes: number;
}

/** Longest title a mail shows; the rest is cut with an ellipsis. */
export const MAX_MAIL_TITLE = 80;

/**
 * A link title as a mail may show it: control characters and runs of spaces collapsed, anything a
 * mail client could turn into a link (`scheme://…`, `www.…`) replaced by `[link removed]`, at most
 * {@link MAX_MAIL_TITLE} characters. The title is the publisher's text, so without this a
 * publisher could put "reset your password at evil.example" in front of an allowlisted person.
 */
export function safeTitle(title: string | null): string | null {
  if (title === null) return null;
  let text = title.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, ' ');
  text = text.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S*/gi, '[link removed]').replace(/\bwww\.\S*/gi, '[link removed]');
  text = text.replace(/\s+/g, ' ').trim();
  if (text.length > MAX_MAIL_TITLE) text = `${text.slice(0, MAX_MAIL_TITLE - 1).trimEnd()}…`;
  return text.length > 0 ? text : null;
}

/** What the mail calls the link: its title in quotes, or "a shared page". */
const named = (title: string | null) => (title === null ? 'a shared page' : `"${title}"`);

/** The code mail for one person. */
export function codeMail(input: CodeMailInput): MailMessage {
  const title = safeTitle(input.title);
  const what = named(title);
  const subject = `Your code for ${what} on ${input.host}: ${input.code}`;
  const text = [
    `Someone shared ${what} with you on ${input.host}, and this address asked to open it.`,
    '',
    `Your code: ${input.code}`,
    '',
    `Type it on the page where you asked for it. It works once, for ${input.minutes} minutes.`,
    '',
    `The page: ${input.shareUrl}`,
    '',
    'If you did not ask for a code, you can ignore this email: nobody can open the page with your address without it.',
    '',
  ].join('\n');
  const html = page`<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1f2328">
<p>Someone shared ${what} with you on ${input.host}, and this address asked to open it.</p>
<p>Your code: <strong style="font-size:1.4em;letter-spacing:.15em">${input.code}</strong></p>
<p>Type it on the page where you asked for it. It works once, for ${input.minutes} minutes.</p>
<p>The page: <a href="${input.shareUrl}">${input.shareUrl}</a></p>
<p style="color:#59636e">If you did not ask for a code, you can ignore this email: nobody can open the page with your address without it.</p>
</body></html>`.toString();
  return { to: input.to, subject, text, html };
}
