import { capAllowList, normaliseEntry } from '../core/allow';
import type { ViewerStatus } from '../core/api-types';
import { viewerWords } from '../core/expiry-words';
import { editAllow, linkStats } from './api';
import { h } from './dom';
import { Problem } from './problem';

/**
 * The allowlist field's text as entries: addresses and `*@domain`, separated by commas, spaces or
 * new lines, checked by the core's rules (core/allow.ts). Errors: an Error whose message says
 * which entry is wrong and what to write.
 */
export function allowFromText(text: string): string[] {
  const raw = text.split(/[\s,;]+/).filter(Boolean);
  try {
    return capAllowList([...new Set(raw.map(normaliseEntry))]);
  } catch (err) {
    throw new Error((err as Error).message.replace(/^"(.*)" is/, '“$1” is'));
  }
}

/** What a card needs: the link, its token, a way to say something, and to redraw with the new list. */
export interface AllowPanelLink {
  id: string;
  ownerToken: string;
  allow?: string[];
}

/**
 * "Who may open it" on a link's card: each person's status (from the link's stats), a Remove
 * button per entry, and a field to add people, all without a new version. Removing someone ends
 * their access at their next visit (and asks everyone else for a new code); adding logs nobody out.
 */
export function allowPanel(link: AllowPanelLink, say: (text: string) => void, changed: (allow: string[]) => void): HTMLDetailsElement {
  const rows = h('ul', { class: 'people' });
  const input = h('input', { type: 'text', 'aria-label': 'Email addresses to add', placeholder: 'bob@acme.com, *@partner.example', autocomplete: 'off', spellcheck: 'false' });
  const add = h('button', { type: 'button' }, 'Add');
  const entries = link.allow ?? [];
  const intro = entries.length
    ? 'Only these people can open the link, each with a one-time code sent by email.'
    : 'Anyone with the link can open it. Add email addresses (or *@domain) to let only those people in.';
  const summary = entries.length ? `Who can open it: ${entries.length === 1 ? entries[0] : `${entries.length} entries`}` : 'Who can open it: anyone with the link';
  const panel = h('details', { class: 'allow' }, h('summary', {}, summary), h('p', { class: 'hint' }, intro), rows, h('p', { class: 'row' }, input, ' ', add));

  const send = async (edit: { add?: string[]; remove?: string[] }, done: string) => {
    try {
      const list = await editAllow(link.id, link.ownerToken, edit);
      changed(list.allow);
      say(done);
    } catch (err) {
      say(err instanceof Problem ? err.message : 'That did not work. Please try again.');
    }
  };
  add.addEventListener('click', () => {
    let adding: string[];
    try {
      adding = allowFromText(input.value);
    } catch (err) {
      return say((err as Error).message);
    }
    if (adding.length > 0) void send({ add: adding }, `Added ${adding.join(', ')}.`);
  });

  const row = (v: ViewerStatus, first: boolean) => {
    const remove = first ? h('button', { type: 'button', class: 'small' }, 'Remove') : null;
    remove?.addEventListener('click', () => void send({ remove: [v.entry] }, `Removed ${v.entry}: they can no longer open the link.`));
    const who = v.address ?? `${v.entry} (nobody yet)`;
    const via = v.address && v.address !== v.entry ? ` via ${v.entry}` : '';
    return h('li', { 'data-entry': v.entry }, h('span', { class: 'who' }, who), ' ', h('span', { class: `status status-${v.status}` }, `${viewerWords(v)}${via}`), ' ', remove);
  };
  if (entries.length) {
    rows.replaceChildren(...entries.map((e) => h('li', {}, e)));
    void linkStats(link.id, link.ownerToken).then((stats) => {
      const seen = new Set<string>();
      rows.replaceChildren(...(stats.viewers ?? []).map((v) => {
        const first = !seen.has(v.entry);
        seen.add(v.entry);
        return row(v, first);
      }));
    }, () => { /* the entries stay listed without their status */ });
  }
  return panel;
}
