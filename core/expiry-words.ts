/**
 * When a link stops working, in words, the same in every client that reports a publish: the CLI's
 * success output and `--json` (`expiry`), the MCP tools' results, and SKILL.md, which tells
 * Claude to repeat it. Pure (no clock of its own): `now` is milliseconds since the epoch.
 */

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
const pad = (n: number) => String(n).padStart(2, '0');

/** `Mon 7 Dec 2026 at 06:49 UTC`: a date anyone can read, in UTC so every reader (and Claude relaying it) sees the same. */
export function formatWhen(ms: number): string {
  const d = new Date(ms);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} at ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** A duration rounded to the unit a person would use: minutes below an hour, hours below two days, then days. */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return plural(Math.max(minutes, 1), 'minute');
  const hours = Math.round(ms / 3_600_000);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.round(ms / 86_400_000), 'day');
}

/**
 * `expires in 7 days, on Mon 7 Dec 2026 at 06:49 UTC`, `never expires`, or
 * `expired on Mon 7 Dec 2026 at 06:49 UTC`. `expiresAt` is the API's ISO time (ShareInfo.expiresAt).
 */
export function expiryWords(expiresAt: string | null, now: number): string {
  if (expiresAt === null) return 'never expires';
  const at = Date.parse(expiresAt);
  if (at <= now) return `expired on ${formatWhen(at)}`;
  return `expires in ${formatDuration(at - now)}, on ${formatWhen(at)}`;
}

/**
 * Everything that limits who sees a link and for how long, as one sentence fragment:
 * `expires in 7 days, on …; visitors need the password; 1 page view left`.
 */
export function accessWords(info: { expiresAt: string | null; maxViews?: number | null; views?: number; passwordProtected?: boolean; allow?: string[] }, now: number): string {
  const parts = [expiryWords(info.expiresAt, now)];
  if (info.allow && info.allow.length > 0) parts.push(`only ${allowWords(info.allow)} may open it (with a code sent by email)`);
  if (info.passwordProtected) parts.push('visitors need the password');
  if (typeof info.maxViews === 'number') {
    const left = Math.max(info.maxViews - (info.views ?? 0), 0);
    parts.push(left === 0 ? 'no page views left' : `${plural(left, 'page view')} left`);
  }
  return parts.join('; ');
}

/** An allowlist in a few words: `alice@acme.com`, `alice@acme.com and *@partner.example`, `alice@acme.com and 4 more`. */
export function allowWords(entries: string[]): string {
  if (entries.length <= 2) return entries.join(' and ');
  return `${entries[0]} and ${entries.length - 1} more`;
}

const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/**
 * One person's status on an allowlisted link in words, the same in the CLI and the web app:
 * `opened 2026-11-30 09:12 UTC, last 2026-11-30 10:40 UTC`, `code sent 2026-11-30 09:10 UTC, not
 * opened`, `not opened`; wrong codes after a semicolon.
 */
export function viewerWords(v: { status: string; codeSentAt: string | null; firstOpenedAt: string | null; lastOpenedAt: string | null; failedAttempts: number }): string {
  const status = v.status === 'opened' && v.firstOpenedAt
    ? `opened ${minute(v.firstOpenedAt)}${v.lastOpenedAt && minute(v.lastOpenedAt) !== minute(v.firstOpenedAt) ? `, last ${minute(v.lastOpenedAt)}` : ''}`
    : v.status === 'code_sent' && v.codeSentAt ? `code sent ${minute(v.codeSentAt)}, not opened` : 'not opened';
  return v.failedAttempts > 0 ? `${status}; ${plural(v.failedAttempts, 'wrong code')}` : status;
}
