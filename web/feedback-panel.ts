import type { FeedbackComment, FeedbackError, ShareFeedback } from '../core/api-types';
import { feedbackOf, replyToComment, resolveComment } from './api';
import { formatDate, h } from './dom';
import { Problem } from './problem';

/**
 * A link card's viewer feedback (issue 16): counts of errors, missing files and open comments,
 * and a panel with the details, where comments are answered and resolved. Everything viewers
 * sent is put in the page as text (h() sets textContent, never HTML).
 */

/** The last answer per link id, kept across redraws of the cards; a link whose server has no feedback API is left out. */
const known = new Map<string, ShareFeedback>();
/** Cards whose details are open, so a redraw keeps them open. */
const expanded = new Set<string>();

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Reads the feedback of each live link (owner token) into the cache. A server without the
 * feedback API (404 for the route) or a link that ended is simply left without the row.
 */
export async function loadFeedback(links: { id: string; ownerToken: string; state: string }[]): Promise<void> {
  await Promise.all(links.filter((l) => l.state === 'live').map(async (l) => {
    try {
      known.set(l.id, await feedbackOf(l.id, l.ownerToken));
    } catch (err) {
      if (err instanceof Problem) known.delete(l.id);
    }
  }));
}

const KIND: Record<FeedbackError['kind'], string> = {
  error: 'Uncaught error', rejection: 'Unhandled rejection', resource: 'Failed to load', csp: 'Blocked by the Content Security Policy',
};

function errorItem(e: FeedbackError): HTMLLIElement {
  const seen = e.firstSeen === e.lastSeen ? formatDate(e.lastSeen) : `first ${formatDate(e.firstSeen)}, last ${formatDate(e.lastSeen)}`;
  const meta = [KIND[e.kind] ?? e.kind, e.source, `on ${e.page}`, seen, e.browsers.join(', ')].filter(Boolean).join(' · ');
  return h('li', {}, h('span', { class: 'count' }, `${e.count}×`), ' ', h('span', { class: 'message' }, e.message), h('br'), h('span', { class: 'muted' }, meta));
}

/** One comment with its replies; open ones get a reply box and a Resolve button. */
function commentItem(link: { id: string; ownerToken: string }, c: FeedbackComment, after: (message: string) => void): HTMLLIElement {
  const where = `on ${c.page}${c.anchor.text ? ` at “${c.anchor.text.slice(0, 80)}”` : ''} · ${formatDate(c.createdAt)} · version ${c.version}`;
  const li = h('li', { class: `comment${c.resolved ? ' resolved' : ''}`, 'data-comment-id': c.id },
    h('p', { class: 'muted' }, where),
    h('p', {}, h('strong', {}, c.name ?? 'A viewer'), ': ', c.text),
    c.replies.length > 0 && h('ul', { class: 'replies' }, ...c.replies.map((r) => h('li', {}, h('strong', {}, r.byOwner ? 'You' : r.name ?? 'A viewer'), ': ', r.text))));
  const act = async (button: HTMLButtonElement, work: () => Promise<FeedbackComment>, done: string) => {
    button.disabled = true;
    try {
      const updated = await work();
      const f = known.get(link.id);
      if (f) known.set(link.id, { ...f, comments: f.comments.map((x) => (x.id === updated.id ? updated : x)) });
      after(done);
    } catch (err) {
      button.disabled = false;
      after(err instanceof Problem && err.status !== 0 ? err.message : 'Could not reach the service; try again.');
    }
  };
  if (c.resolved) {
    const reopen = h('button', { type: 'button' }, 'Reopen');
    reopen.addEventListener('click', () => void act(reopen, () => resolveComment(link.id, link.ownerToken, c.id, false), 'Comment reopened.'));
    li.append(h('p', {}, h('span', { class: 'muted' }, `Resolved${c.resolvedAt ? ` ${formatDate(c.resolvedAt)}` : ''}. `), reopen));
    return li;
  }
  const text = h('textarea', { rows: '2', maxlength: '2000', 'aria-label': `Reply to the comment “${c.text.slice(0, 40)}”` });
  const reply = h('button', { type: 'button' }, 'Reply');
  const resolve = h('button', { type: 'button' }, 'Resolve');
  reply.addEventListener('click', () => {
    const value = text.value.trim();
    if (!value) return void text.focus();
    void act(reply, () => replyToComment(link.id, link.ownerToken, c.id, value), 'Reply sent: viewers see it under the comment.');
  });
  resolve.addEventListener('click', () => void act(resolve, () => resolveComment(link.id, link.ownerToken, c.id), 'Comment resolved.'));
  li.append(h('div', { class: 'reply' }, text, h('p', { class: 'row' }, reply, ' ', resolve)));
  return li;
}

/**
 * The feedback row of a card, or null when there is nothing to show: no answer (not live, or a
 * server without the feedback API), or feedback off and nothing counted. `after(message)` redraws the card after a reply or resolve
 * and shows the message in it.
 */
export function feedbackSection(link: { id: string; ownerToken: string }, after: (message: string) => void): HTMLElement | null {
  const f = known.get(link.id);
  // A link without feedback that no viewer's browser asked a missing file of has nothing to show.
  if (!f || (!f.feedback && f.errors.length + f.missing.length + f.comments.length === 0)) return null;
  const open = f.comments.filter((c) => !c.resolved);
  const resolved = f.comments.filter((c) => c.resolved);
  const toggle = h('button', { type: 'button', 'aria-expanded': String(expanded.has(link.id)) }, 'Feedback details');
  const counts = h('p', { class: 'counts' },
    h('span', { 'data-count': 'errors' }, plural(f.errors.length, 'error')), ' · ',
    h('span', { 'data-count': 'missing' }, plural(f.missing.length, 'missing file')), ' · ',
    h('span', { 'data-count': 'comments' }, plural(open.length, 'open comment')), ' ', toggle);
  const details = h('div', { class: 'feedback-details', hidden: !expanded.has(link.id) },
    !f.feedback && h('p', { class: 'muted' }, 'Viewer feedback is off for this link: only missing files are counted. Share it again with “Collect viewer feedback” for errors and comments.'),
    f.errors.length > 0 && h('h3', {}, 'Errors'), f.errors.length > 0 && h('ul', { class: 'errors' }, ...f.errors.map(errorItem)),
    f.missing.length > 0 && h('h3', {}, 'Missing files'),
    f.missing.length > 0 && h('ul', { class: 'missing' }, ...f.missing.map((m) => h('li', {}, `Viewers' browsers asked for ${m.path} ${plural(m.count, 'time')}; it is not in this link.`))),
    open.length > 0 && h('h3', {}, 'Open comments'), open.length > 0 && h('ul', { class: 'comments' }, ...open.map((c) => commentItem(link, c, after))),
    resolved.length > 0 && h('details', {}, h('summary', {}, plural(resolved.length, 'resolved comment')), h('ul', { class: 'comments' }, ...resolved.map((c) => commentItem(link, c, after)))),
    ...f.capped.map((c) => h('p', { class: 'muted' }, `Capped: ${c}`)),
    f.errors.length + f.missing.length + f.comments.length === 0 && h('p', { class: 'muted' }, 'Nothing yet.'));
  toggle.addEventListener('click', () => {
    details.hidden = !details.hidden;
    if (details.hidden) expanded.delete(link.id);
    else expanded.add(link.id);
    toggle.setAttribute('aria-expanded', String(!details.hidden));
  });
  return h('div', { class: 'feedback', 'aria-label': 'Viewer feedback' }, counts, details);
}
