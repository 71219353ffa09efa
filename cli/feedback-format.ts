import type { FeedbackComment, FeedbackError, MissingFile, ShareFeedback } from '../core/api-types';
import { say } from './words';

/**
 * `share feedback` in words. Everything here comes from anonymous viewers, so it is printed as
 * plain text: control characters (ANSI escapes that could recolour or rewrite the terminal, a
 * carriage return that could hide a line) and bidirectional overrides (text shown in another
 * order than it reads, "Trojan Source", CVE-2021-42574) are replaced before anything is shown.
 */
export function plain(text: string, max = 500): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\ufffd');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** One line, for a message or an anchor's text. */
const line = (text: string, max = 200) => plain(text, max).replace(/\s*\n\s*/g, ' ');

/** `2026-11-30 08:45 UTC` from an ISO time. */
export const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

const times = (n: number) => `${n} time${n === 1 ? '' : 's'}`;
const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

const KIND: Record<FeedbackError['kind'], string> = {
  error: 'uncaught error', rejection: 'unhandled rejection', resource: 'failed to load', csp: 'blocked by the Content Security Policy',
};

function errorLines(e: FeedbackError): string[] {
  const where = [KIND[e.kind] ?? line(e.kind), e.source ? line(e.source) : null, `on ${line(e.page)}`].filter(Boolean).join(' · ');
  const seen = e.firstSeen === e.lastSeen ? when(e.lastSeen) : `first ${when(e.firstSeen)}, last ${when(e.lastSeen)}`;
  const browsers = e.browsers.length ? ` · ${e.browsers.map((b) => line(b, 60)).join(', ')}` : '';
  return [`  ${`${e.count}×`.padStart(5)}  ${line(e.message)}`, `         ${where}`, `         ${seen}${browsers}`];
}

/** The sentence the issue asks for: "viewers' browsers asked for /img/logo.png 12 times; it is not in this link". */
export const missingLine = (m: MissingFile) => `  viewers' browsers asked for ${line(m.path)} ${times(m.count)}; it is not in this link (last ${when(m.lastSeen)})`;

function commentLines(c: FeedbackComment): string[] {
  const anchor = [c.anchor.text ? `"${line(c.anchor.text, 60)}"` : null, c.anchor.selector ? `(${line(c.anchor.selector, 80)})` : null].filter(Boolean).join(' ');
  const head = `  ${line(c.id, 40)} · on ${line(c.page)}${anchor ? ` at ${anchor}` : ''} · ${when(c.createdAt)}, version ${c.version}${c.resolved ? ` · resolved${c.resolvedAt ? ` ${when(c.resolvedAt)}` : ''}` : ''}`;
  const body = (who: string, text: string) => plain(text, 2000).split('\n').map((l, i) => `${i === 0 ? `${who}: ` : ' '.repeat(who.length + 2)}${l}`);
  const out = [head, ...body(c.name ? line(c.name, 60) : 'a viewer', c.text).map((l) => `     ${l}`)];
  for (const r of c.replies) out.push(...body(r.byOwner ? 'you' : r.name ? line(r.name, 60) : 'a viewer', r.text).map((l) => `     ↳ ${l}`));
  return out;
}

/**
 * The human listing of a link's feedback: errors (grouped, counts, first/last seen, browsers),
 * missing files, open comments (and resolved ones with `all`), caps reached, and how to reply
 * and resolve. `link` is how the person named the link, reused in the commands it suggests.
 */
export function formatFeedback(f: ShareFeedback, link: string, all = false): string {
  const open = f.comments.filter((c) => !c.resolved);
  const resolved = all ? f.comments.filter((c) => c.resolved) : [];
  const lines: string[] = [f.feedback
    ? 'viewer feedback is on: errors, missing files and comments are collected'
    : `viewer feedback is off: only missing files are counted (to collect errors and comments too, ${say('feedbackOn')})`];
  if (f.errors.length === 0 && f.missing.length === 0 && open.length === 0 && resolved.length === 0) {
    lines.push('', f.feedback ? 'nothing yet: no errors, no missing files, no open comments' : 'nothing yet: no missing files');
  }
  if (f.errors.length > 0) {
    lines.push('', count(f.errors.length, 'error'));
    for (const e of f.errors) lines.push(...errorLines(e));
  }
  if (f.missing.length > 0) {
    lines.push('', count(f.missing.length, 'missing file'));
    for (const m of f.missing) lines.push(missingLine(m));
  }
  if (open.length > 0) {
    lines.push('', count(open.length, 'open comment'));
    for (const c of open) lines.push(...commentLines(c));
  }
  if (resolved.length > 0) {
    lines.push('', count(resolved.length, 'resolved comment'));
    for (const c of resolved) lines.push(...commentLines(c));
  }
  if (f.capped.length > 0) lines.push('', ...f.capped.map((c) => `capped: ${line(c)}`));
  if (!all && f.comments.length > open.length) lines.push('', `${count(f.comments.length - open.length, 'resolved comment')} not shown (--all shows them)`);
  if (open.length > 0) lines.push('', `to reply: ${say('feedbackReply', link)}; to resolve: ${say('feedbackResolve', link)}`);
  return lines.join('\n');
}

/** The `--json` answer: the server's, with resolved comments left out unless `all`. */
export const feedbackJson = (f: ShareFeedback, all = false): ShareFeedback => (all ? f : { ...f, comments: f.comments.filter((c) => !c.resolved) });
