import { raw } from 'hono/html';
import { FAVICON_SVG } from './assets.generated';
import { page, type Html } from './html';

/** The app's icon inline: a visitor page may load nothing (STATUS_PAGE_CSP), and must not make the browser ask the share for /favicon.ico. */
const ICON = `data:image/svg+xml,${encodeURIComponent(FAVICON_SVG)}`;

/**
 * What a visitor sees on a share's origin when there is nothing to show. Small, self-contained (one
 * inline stylesheet, no script, nothing fetched: the status CSP allows nothing else), in the app's
 * look, and with no internals: the same words for every share in that state.
 */
const PAGES = {
  not_found: { title: 'Not found', text: 'There is no page at this address. The link may be mistyped or incomplete.' },
  revoked: { title: 'This link was revoked', text: 'The person who shared it has taken it back, so the page is no longer available.' },
  expired: { title: 'This link has expired', text: 'It was shared for a limited time, and that time is over. Ask the person who sent it for a new link.' },
  taken_down: { title: 'This page is unavailable', text: 'It has been taken down by the operator of this service.' },
  error: { title: 'Something went wrong', text: 'The page could not be shown just now. Please try again in a moment.' },
  unavailable: { title: 'Temporarily unavailable', text: 'The service is busy or under maintenance. Please try again in a moment.' },
} as const;

export type StatusPageKind = keyof typeof PAGES;

/** Shared with web/app.css by eye: same font, colours, card and brand mark. */
export const VISITOR_PAGE_STYLE = 'body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f6f8fa;color:#1f2328;padding:1rem;box-sizing:border-box}main{max-width:28rem;width:100%;background:#fff;border:1px solid #d1d9e0;border-radius:10px;padding:2rem 1.5rem;text-align:center;box-sizing:border-box}.brand{font-weight:700;color:#59636e;margin:0 0 1rem;font-size:.95rem}.brand span{color:#0b57d0}h1{font-size:1.35rem;line-height:1.3;margin:0 0 .5rem}p{margin:0;color:#59636e}';

/**
 * The shell of every page on a share's origin (status and password pages alike): the brand mark,
 * one inline stylesheet (`extraStyle` adds to it), no script.
 */
export function visitorPage(title: string, body: Html, extraStyle = ''): Html {
  return page`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><link rel="icon" href="${ICON}"><title>${title}</title><style>${raw(VISITOR_PAGE_STYLE + extraStyle)}</style></head><body><main><p class="brand">share<span>.</span></p>${body}</main></body></html>`;
}

export function statusPageHtml(kind: StatusPageKind): Html {
  const { title, text } = PAGES[kind];
  return visitorPage(title, page`<h1>${title}</h1><p>${text}</p>`);
}
