import { pageMeta, type PageMeta } from '../../core/page-meta';
import { resolveFiles, type ServedRow } from '../db/versions';
import type { Deps } from '../deps';
import { CONTENT_SECURITY_HEADERS, etagMatches } from '../lib/headers';
import { isUnfurler } from '../lib/unfurlers';
import { page } from '../pages/html';
import { blobKey } from '../storage';

/** Where a share's origin serves its generated preview image, unless the share has a file there. */
export const CARD_IMAGE_PATH = '/.well-known/share-card.svg';
const CARD_FILE = CARD_IMAGE_PATH.slice(1);
/** How much of a page is read to find its title and first text. */
const HEAD_BYTES = 64 * 1024;
const GENERIC: PageMeta = { title: 'A shared page', description: 'Open the link to see it.', image: null };

/**
 * Link previews on a share's origin (called by routes/content.ts for a live share, before any
 * password gate or view count). An unfurler (lib/unfurlers.ts) asking for a page gets a small card
 * (og:title, og:description, og:image, twitter:card) from the page's own tags, else its `<title>`
 * and first text; the image is the page's own og:image, else a generated SVG card at
 * `CARD_IMAGE_PATH`. A password-protected, allowlisted or view-limited share gets a generic card that reveals nothing,
 * counts no view and spends no max-view. Anyone else, and any non-page request: null (served as usual).
 * Cards depend only on the page's bytes, so their ETag is per version.
 */
export async function linkPreview(deps: Deps, request: Request, shareId: string, rows: ServedRow[], pageRow: () => ServedRow | undefined): Promise<Response | null> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const share = rows[0];
  const hidden = share.passwordHash !== null || share.allowList !== null || share.maxViews !== null;
  const url = new URL(request.url);
  if (url.pathname === CARD_IMAGE_PATH && !rows.some((r) => r.path === CARD_FILE)) {
    const entry = hidden ? undefined : (await resolveFiles(deps.db, shareId, [], 'always')).find((r) => r.path !== null && r.path === r.entry);
    const meta = entry ? await metaOf(deps, shareId, entry, url.origin + '/') : GENERIC;
    return respond(request, cardSvg(meta.title ?? GENERIC.title!), 'image/svg+xml', `card-${entry?.sha256 ?? 'generic'}`);
  }
  if (!isUnfurler(request.headers.get('user-agent'))) return null;
  if (hidden) return respond(request, cardHtml(GENERIC, url.href, `${url.origin}${CARD_IMAGE_PATH}`), 'text/html; charset=utf-8', 'preview-generic');
  const file = pageRow();
  if (!file?.contentType?.startsWith('text/html')) return null;
  const meta = await metaOf(deps, shareId, file, url.href);
  return respond(request, cardHtml(meta, url.href, meta.image ?? `${url.origin}${CARD_IMAGE_PATH}`), 'text/html; charset=utf-8', `preview-${file.sha256}`);
}

async function metaOf(deps: Deps, shareId: string, file: ServedRow, pageUrl: string): Promise<PageMeta> {
  if (file.size === 0) return pageMeta('', pageUrl);
  const object = await deps.blobs.get(blobKey(shareId, file.sha256!), { offset: 0, length: Math.min(file.size!, HEAD_BYTES) });
  if (!object) return GENERIC;
  return pageMeta(new TextDecoder().decode(await new Response(object.body).arrayBuffer()), pageUrl);
}

function respond(request: Request, body: string, type: string, tag: string): Response {
  const headers = {
    ...CONTENT_SECURITY_HEADERS, 'Content-Type': type, ETag: `"${tag}"`, 'Cache-Control': 'public, max-age=300',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'", Vary: 'User-Agent',
  };
  if (etagMatches(request.headers.get('if-none-match') ?? undefined, headers.ETag)) return new Response(null, { status: 304, headers });
  return new Response(request.method === 'HEAD' ? null : body, { headers });
}

/** The card unfurlers read (Open Graph, ogp.me; X cards): meta tags and the same words as text. */
function cardHtml(meta: PageMeta, pageUrl: string, image: string): string {
  const title = meta.title ?? GENERIC.title!;
  const description = meta.description ?? '';
  return page`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta property="og:type" content="website"><meta property="og:url" content="${pageUrl}">
<meta property="og:title" content="${title}"><meta property="og:description" content="${description}">
<meta property="og:image" content="${image}"><meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="${title}"><meta name="twitter:description" content="${description}"><meta name="twitter:image" content="${image}">
<meta name="description" content="${description}"></head>
<body><h1>${title}</h1><p>${description}</p></body></html>`.toString();
}

/** A 1200×630 card with the title in up to three lines, drawn without a browser. */
export function cardSvg(title: string): string {
  const lines: string[] = [];
  for (const word of title.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && (lines[last] + ' ' + word).length <= 30) lines[last] += ` ${word}`;
    else lines.push(word.length > 30 ? `${word.slice(0, 29)}…` : word);
  }
  if (lines.length > 3) lines.splice(2, lines.length, `${lines[2].slice(0, 29)}…`);
  const text = lines.map((l, i) => page`<tspan x="80" dy="${i === 0 ? 0 : 84}">${l}</tspan>`);
  return page`<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
<rect width="1200" height="630" fill="#0f172a"/><rect x="0" y="600" width="1200" height="30" fill="#38bdf8"/>
<text x="80" y="${330 - (lines.length - 1) * 42}" fill="#f8fafc" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="72" font-weight="700">${text}</text>
<text x="80" y="540" fill="#94a3b8" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="36">share</text>
</svg>`.toString();
}
