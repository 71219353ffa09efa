import { FAVICON, SCRIPT, STYLESHEET } from './assets.generated';
import { page, type Html } from './html';

export interface LayoutOptions {
  title: string;
  /** Which page's script runs (`<body data-page>`), and which nav item is current. */
  page: 'home' | 'links' | 'missing' | 'manage';
  body: Html;
}

const nav = (href: string, label: string, current: boolean) => page`<a href="${href}" ${current ? page`aria-current="page"` : ''}>${label}</a>`;

/**
 * The app's page shell: one stylesheet and one module script, both from /assets with content
 * hashes, and no inline script or style anywhere, so the CSP can forbid both.
 */
export function layout({ title, page: name, body }: LayoutOptions): Html {
  return page`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title><meta name="robots" content="noindex"><link rel="icon" type="image/svg+xml" href="${FAVICON}">
<link rel="stylesheet" href="${STYLESHEET}"><script type="module" src="${SCRIPT}"></script></head>
<body data-page="${name}">
<header class="top"><a class="brand" href="/">share<span>.</span></a><nav aria-label="Main">${nav('/', 'New link', name === 'home')}${nav('/links', 'Your links', name === 'links')}</nav></header>
<main id="main">${body}</main>
<footer><a href="/report">Report a link</a> that breaks the rules.</footer>
</body></html>`;
}
