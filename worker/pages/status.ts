/** What a visitor sees on a share's origin when there is nothing to show. Small, self-contained, no internals. */
const PAGES = {
  not_found: { title: 'Not found', text: 'There is nothing at this address. The link may be mistyped.' },
  revoked: { title: 'This link was revoked', text: 'The person who shared it has taken it back.' },
  expired: { title: 'This link has expired', text: 'It was shared for a limited time, and that time is over.' },
  taken_down: { title: 'Unavailable', text: 'This content has been taken down by the operator of this service.' },
  error: { title: 'Something went wrong', text: 'Please try again in a moment.' },
  unavailable: { title: 'Temporarily unavailable', text: 'The service is busy or under maintenance. Please try again in a moment.' },
} as const;

export type StatusPageKind = keyof typeof PAGES;

/** Shared by every visitor page (status and password) so they look alike. */
export const STATUS_STYLE = 'body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f6f7f9;color:#1f2328}main{max-width:28rem;padding:2rem;text-align:center}h1{font-size:1.4rem;margin:0 0 .5rem}p{margin:0;color:#57606a}';

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function statusPageHtml(kind: StatusPageKind): string {
  const { title, text } = PAGES[kind];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escape(title)}</title><style>${STATUS_STYLE}</style></head><body><main><h1>${escape(title)}</h1><p>${escape(text)}</p></main></body></html>`;
}
