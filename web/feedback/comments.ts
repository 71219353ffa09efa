import { anchorOf, locate, pinPosition, type Anchor } from './anchor';
import { h, STYLE } from './ui';

interface Reply { text: string; name: string | null; byOwner: boolean; createdAt: string }
interface Comment { id: string; page: string; anchor: Anchor; text: string; name: string | null; resolved: boolean; replies: Reply[] }

/**
 * Comments pinned to elements: a discreet "Comment" control (which also says comments are on),
 * a picker for the element, a form (text and an optional name), and a pin for each open comment
 * of this page, for every viewer. Pins follow their element (`locate`); a pin whose element is
 * gone stays at its old position, grey, marked "outdated". Everything lives in a shadow root.
 */
export function startComments(): void {
  const host = h('div', { 'data-share-feedback': '' });
  const root = host.attachShadow({ mode: 'open' });
  const pins = h('div');
  const count = h('span', { class: 'count', text: 'Comments are on' });
  const toggle = h('button', { class: 'toggle', type: 'button', title: 'Pin a comment to part of this page', text: 'Comment' });
  root.append(h('style', { text: STYLE }), pins, h('div', { class: 'bar' }, count, toggle));
  document.documentElement.append(host);
  let comments: Comment[] = [];
  let open: HTMLElement | null = null;

  const close = () => { open?.remove(); open = null; };
  const place = (el: HTMLElement, at: { left: number; top: number }) => {
    el.style.left = `${Math.max(0, at.left)}px`;
    el.style.top = `${Math.max(0, at.top)}px`;
  };
  const post = async (path: string, body: unknown): Promise<boolean> => {
    const res = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => null);
    return !!res?.ok;
  };

  const draw = () => {
    pins.replaceChildren();
    comments.filter((c) => !c.resolved).forEach((c, i) => {
      const el = locate(c.anchor);
      const pin = h('button', { class: el ? 'pin' : 'pin outdated', type: 'button', title: el ? c.text.slice(0, 80) : 'outdated: the element this was written on is gone', text: String(i + 1), 'data-comment': c.id });
      place(pin, pinPosition(c.anchor, el));
      pin.addEventListener('click', () => show(c, el, pin));
      pins.append(pin);
    });
    const n = comments.filter((c) => !c.resolved).length;
    count.textContent = n ? `Comments are on · ${n}` : 'Comments are on';
  };

  const load = async () => {
    const res = await fetch(`/__share/comments?page=${encodeURIComponent(location.pathname)}`, { credentials: 'same-origin', cache: 'no-store' }).catch(() => null);
    if (!res?.ok) return;
    comments = ((await res.json()) as { comments: Comment[] }).comments;
    draw();
  };

  const form = (placeholder: string, withName: boolean, send: (text: string, name: string) => Promise<boolean>) => {
    const text = h('textarea', { maxlength: '2000', placeholder, 'aria-label': placeholder });
    const name = h('input', { maxlength: '80', placeholder: 'Your name (optional)', 'aria-label': 'Your name (optional)' });
    const problem = h('p', { class: 'error' });
    const submit = h('button', { class: 'primary send', type: 'button', text: 'Send' });
    submit.addEventListener('click', async () => {
      if (!text.value.trim()) return text.focus();
      submit.setAttribute('disabled', '');
      if (await send(text.value, name.value)) { close(); await load(); } else { problem.textContent = 'Could not send it; try again.'; submit.removeAttribute('disabled'); }
    });
    const cancel = h('button', { type: 'button', text: 'Cancel' });
    cancel.addEventListener('click', close);
    return h('div', { class: 'form' }, text, withName ? name : null, problem, h('div', { class: 'row' }, cancel, submit));
  };

  const show = (c: Comment, el: Element | null, pin: HTMLElement) => {
    close();
    const replies = c.replies.map((r) => h('div', { class: r.byOwner ? 'reply owner' : 'reply' }, h('p', { text: r.text }), h('span', { class: 'meta', text: r.byOwner ? 'the sharer' : (r.name ?? 'a viewer') })));
    open = h('div', { class: 'card' }, h('p', { class: 'text', text: c.text }), h('span', { class: 'meta', text: `${c.name ?? 'a viewer'}${el ? '' : ' · outdated: the element is gone'}` }), ...replies,
      form('Reply', true, (text, name) => post(`/__share/comments/${c.id}/replies`, { text, name })));
    place(open, { left: pin.offsetLeft + 28, top: pin.offsetTop });
    root.append(open);
  };

  const pick = () => {
    close();
    const outline = h('div', { class: 'outline' });
    const hint = h('div', { class: 'hint', text: 'Click the part of the page to comment on (Esc to cancel)' });
    root.append(outline, hint);
    const over = (e: MouseEvent) => {
      const t = e.target as Element;
      if (t === host) return;
      const r = t.getBoundingClientRect();
      Object.assign(outline.style, { left: `${r.left}px`, top: `${r.top}px`, width: `${r.width}px`, height: `${r.height}px` });
    };
    const done = () => {
      outline.remove(); hint.remove();
      removeEventListener('mouseover', over, true); removeEventListener('click', chosen, true); removeEventListener('keydown', key, true);
    };
    const chosen = (e: MouseEvent) => {
      const target = e.target as Element;
      if (target === host) return;
      e.preventDefault(); e.stopPropagation();
      done();
      const anchor = anchorOf(target);
      open = h('div', { class: 'card' }, form('Your comment', true, (text, name) => post('/__share/comments', { page: location.pathname, anchor, text, name })));
      place(open, pinPosition(anchor, target));
      root.append(open);
      open.querySelector('textarea')?.focus();
    };
    const key = (e: KeyboardEvent) => { if (e.key === 'Escape') done(); };
    addEventListener('mouseover', over, true);
    addEventListener('click', chosen, true);
    addEventListener('keydown', key, true);
  };

  toggle.addEventListener('click', pick);
  addEventListener('resize', draw);
  addEventListener('load', draw);
  void load();
}
