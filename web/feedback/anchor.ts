/** How a comment finds its element again: a CSS selector, the element's text, and its position as fractions of the page. */
export interface Anchor { selector: string; text: string; x: number; y: number }

const norm = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim().slice(0, 120);

/** A selector for `el`: `#id` when the id is unique, else `tag:nth-of-type(n)` steps from the nearest such ancestor (or `body`). */
export function selectorOf(el: Element): string {
  const steps: string[] = [];
  for (let node: Element | null = el; node && node !== document.documentElement; node = node.parentElement) {
    if (node.id && document.querySelectorAll(`#${CSS.escape(node.id)}`).length === 1) { steps.unshift(`#${CSS.escape(node.id)}`); break; }
    if (node === document.body) { steps.unshift('body'); break; }
    const tag = node.tagName.toLowerCase();
    const same = node.parentElement ? [...node.parentElement.children].filter((c) => c.tagName === node!.tagName) : [node];
    steps.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(node) + 1})` : tag);
  }
  return steps.join(' > ');
}

/** The page's size, for positions as fractions of it. */
const pageSize = () => ({ w: Math.max(document.documentElement.scrollWidth, 1), h: Math.max(document.documentElement.scrollHeight, 1) });

export function anchorOf(el: Element): Anchor {
  const r = el.getBoundingClientRect();
  const { w, h } = pageSize();
  const clamp = (n: number) => Math.min(1, Math.max(0, Math.round(n * 10000) / 10000));
  return { selector: selectorOf(el), text: norm(el.textContent), x: clamp((r.left + scrollX) / w), y: clamp((r.top + scrollY) / h) };
}

/**
 * The element an anchor names now, or null when it is gone ("outdated"): the selector's element
 * if its text is still the anchor's; else the element with that text nearest the old position;
 * else the selector's element even though its text changed (edited in place).
 */
export function locate(a: Anchor): Element | null {
  let bySelector: Element | null = null;
  try { bySelector = a.selector ? document.querySelector(a.selector) : null; } catch { /* a selector this browser cannot parse */ }
  if (bySelector && (!a.text || norm(bySelector.textContent) === a.text)) return bySelector;
  if (a.text) {
    const { w, h } = pageSize();
    let best: Element | null = null;
    let bestDistance = Infinity;
    for (const el of document.body.querySelectorAll('*')) {
      if (norm(el.textContent) !== a.text || [...el.children].some((c) => norm(c.textContent) === a.text)) continue;
      const r = el.getBoundingClientRect();
      const d = Math.hypot((r.left + scrollX) / w - a.x, (r.top + scrollY) / h - a.y);
      if (d < bestDistance) { best = el; bestDistance = d; }
    }
    if (best) return best;
  }
  return bySelector;
}

/** Where a pin goes on the page (document coordinates): its element's top-right corner, or the anchor's old position. */
export function pinPosition(a: Anchor, el: Element | null): { left: number; top: number } {
  if (el) {
    const r = el.getBoundingClientRect();
    return { left: r.right + scrollX - 10, top: r.top + scrollY - 10 };
  }
  const { w, h } = pageSize();
  return { left: a.x * w, top: a.y * h };
}
