import { SCRIPT, STYLESHEET } from './assets.generated';

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export interface LayoutOptions {
  title: string;
  /** Which page's script runs (`<body data-page>`), and which nav item is current. */
  page: 'home' | 'links' | 'missing';
  body: string;
}

/**
 * The app's page shell: one stylesheet and one module script, both from /assets with content
 * hashes, and no inline script or style anywhere, so the CSP can forbid both.
 */
export function layout({ title, page, body }: LayoutOptions): string {
  const nav = (href: string, label: string, current: boolean) => `<a href="${href}"${current ? ' aria-current="page"' : ''}>${label}</a>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><meta name="robots" content="noindex">
<link rel="stylesheet" href="${STYLESHEET}"><script type="module" src="${SCRIPT}"></script></head>
<body data-page="${page}">
<header class="top"><a class="brand" href="/">share<span>.</span></a><nav aria-label="Main">${nav('/', 'New link', page === 'home')}${nav('/links', 'Your links', page === 'links')}</nav></header>
<main id="main">${body}</main>
<footer><a href="/report">Report a link</a> that breaks the rules.</footer>
</body></html>`;
}
