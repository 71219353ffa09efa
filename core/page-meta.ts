import { decodeText, extractTitle } from './title';

/** What a link preview shows of a page. */
export interface PageMeta {
  title: string | null;
  description: string | null;
  /** The page's own og:image (or twitter:image), made absolute against the page's URL; null when it has none. */
  image: string | null;
}

const META = /<meta\b[^>]*>/gi;
const ATTR = /([^\s"'=<>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;
const HIDDEN = /<(script|style|noscript|template|head|svg|title)\b[\s\S]*?<\/\1\s*>/gi;

/** `<meta>` tags as `property`/`name` → `content`, first one wins. */
function metaTags(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const tag of html.match(META) ?? []) {
    const attrs = new Map<string, string>();
    for (const a of tag.matchAll(ATTR)) attrs.set(a[1].toLowerCase(), a[2] ?? a[3] ?? a[4] ?? '');
    const key = (attrs.get('property') ?? attrs.get('name'))?.toLowerCase();
    const content = attrs.get('content');
    if (key && content !== undefined && !out.has(key)) out.set(key, decodeText(content));
  }
  return out;
}

/** The first ~200 characters a reader sees: the body's text without scripts, styles, comments and markup, cut at a word. */
export function firstText(html: string, max = 200): string | null {
  const text = decodeText(html.replace(/<!--[\s\S]*?-->/g, ' ').replace(HIDDEN, ' ').replace(/<[^>]*>/g, ' '));
  if (!text) return null;
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(' ') > max / 2 ? cut.lastIndexOf(' ') : max).trimEnd()}…`;
}

/**
 * A page's preview facts, as unfurlers read them (Open Graph, ogp.me; Twitter cards): its own
 * og:title / og:description / og:image when it has them, else its `<title>` and its first
 * meaningful text. `pageUrl` resolves a relative og:image; only http(s) images are kept.
 */
export function pageMeta(html: string, pageUrl: string): PageMeta {
  const meta = metaTags(html);
  const pick = (...keys: string[]) => keys.map((k) => meta.get(k)).find((v) => v) ?? null;
  const title = pick('og:title', 'twitter:title') ?? extractTitle(html);
  const description = pick('og:description', 'twitter:description', 'description') ?? firstText(html);
  let image: string | null = null;
  const raw = pick('og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image');
  if (raw) {
    try {
      const url = new URL(raw, pageUrl);
      if (url.protocol === 'https:' || url.protocol === 'http:') image = url.href;
    } catch { /* not a URL */ }
  }
  return { title: title?.slice(0, 200) ?? null, description: description?.slice(0, 300) ?? null, image };
}
