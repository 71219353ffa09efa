// A Map, not an object literal: entity names come from the page, and `&constructor;` must not find Object.
const ENTITIES = new Map(Object.entries({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }));

/**
 * The text of a page's `<title>`, entities decoded and white space squeezed, at most 200
 * characters, or null. Every client sends it with the manifest; link lists show it.
 */
export function extractTitle(html: string): string | null {
  const m = html.match(/<title[^>]*>([\s\S]*?)<\/title\s*>/i);
  if (!m) return null;
  const text = decodeText(m[1]);
  return text ? text.slice(0, 200) : null;
}

/** HTML text as a person reads it: character references decoded (named: the common five and nbsp), white space squeezed, trimmed. */
export function decodeText(html: string): string {
  return html
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
      }
      return ENTITIES.get(e.toLowerCase()) ?? all;
    })
    .replace(/\s+/g, ' ')
    .trim();
}
