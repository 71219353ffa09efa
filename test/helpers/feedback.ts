import type { Page } from 'playwright-core';

/**
 * A viewer pins a comment on the element `selector` of the share page open in `page`, through
 * the share origin's own feedback endpoint, as the injected script does when a viewer picks an
 * element and writes a comment. The endpoint's path and body are the server side's (issue 16,
 * `/__share/…`): this is the one place the client-side tests depend on them — adjust here if the
 * server names them differently.
 */
export async function pinComment(page: Page, selector: string, text: string, name?: string): Promise<void> {
  const status = await page.evaluate(async ({ selector, text, name }) => {
    // Runs in the page; this file is compiled without the DOM library, hence the narrow shapes.
    type Box = { left: number; top: number; width: number; height: number };
    const { document, location } = globalThis as unknown as {
      document: { querySelector(s: string): { textContent: string | null; getBoundingClientRect(): Box }; documentElement: { scrollWidth: number; scrollHeight: number } };
      location: { pathname: string };
    };
    const el = document.querySelector(selector);
    const box = el.getBoundingClientRect();
    const anchor = { selector, text: (el.textContent ?? '').trim().slice(0, 200), x: (box.left + box.width / 2) / document.documentElement.scrollWidth, y: (box.top + box.height / 2) / document.documentElement.scrollHeight };
    const res = await fetch('/__share/comments', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ page: location.pathname, anchor, text, name: name ?? null }) });
    return res.status;
  }, { selector, text, name });
  if (status >= 300) throw new Error(`pinning a comment answered ${status}`);
}
