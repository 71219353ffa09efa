/**
 * Which text files may be served with `; charset=utf-8`. An HTTP charset overrides what a file
 * says about itself (HTML §13.2.3.1 encoding sniffing, CSS Syntax §3.2, XML via RFC 7303 §3.2), so
 * claiming UTF-8 for a windows-1252 or Shift_JIS page turns it into mojibake. The rule: claim
 * UTF-8 only when the bytes are valid UTF-8 and the file declares no other encoding (a BOM, an
 * HTML `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">`, a CSS
 * `@charset`, an XML declaration); otherwise send the bare type and let the browser follow the
 * file's own declaration. Decided once per stored blob at publish (`encodingEvidence`), kept in
 * the database, and applied to each file row by its type (`withCharset`).
 */

/** Text families: each reads its own in-file declaration; `text` (JS, JSON, plain text…) has none but a BOM. */
export type TextFamily = 'html' | 'css' | 'xml' | 'text';

const UTF8_LABELS = new Set(['unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'utf-8', 'utf8', 'x-unicode20utf8']);
const LABEL = /^[a-z0-9][a-z0-9._:-]{0,39}$/;
/** How far into a page a `<meta>` declaration is looked for: the HTML prescan reads 1024 bytes, Chromium keeps looking through the head. */
const HTML_SCAN_BYTES = 64 * 1024;

const ascii = new TextDecoder('latin1');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The family whose declaration rules apply to a Content-Type, or null for types that never carry a charset. */
export function textFamily(contentType: string): TextFamily | null {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type === 'text/html') return 'html';
  if (type === 'text/css') return 'css';
  if (type === 'text/xml' || type === 'application/xml' || type.endsWith('+xml')) return 'xml';
  if (type.startsWith('text/') || type === 'application/json' || type.endsWith('+json') || type === 'application/javascript') return 'text';
  return null;
}

function label(raw: string | undefined): string | null {
  const value = raw?.trim().toLowerCase();
  return value && LABEL.test(value) ? value : null;
}

/** The charset an HTML page declares in a `<meta>` tag (either form), first one wins, comments skipped. */
export function htmlDeclaredCharset(head: string): string | null {
  const text = head.replace(/<!--[\s\S]*?(?:-->|$)/g, ' ');
  for (const m of text.matchAll(/<meta\b([^>]*)>/gi)) {
    const attrs = new Map<string, string>();
    for (const a of m[1].matchAll(/([^\s"'>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
      const name = a[1].toLowerCase();
      if (!attrs.has(name)) attrs.set(name, a[2] ?? a[3] ?? a[4] ?? '');
    }
    const direct = label(attrs.get('charset'));
    if (direct) return direct;
    if (attrs.get('http-equiv')?.trim().toLowerCase() === 'content-type') {
      const inContent = /charset\s*=\s*["']?([^"';\s]+)/i.exec(attrs.get('content') ?? '');
      const found = label(inContent?.[1]);
      if (found) return found;
    }
  }
  return null;
}

/**
 * What a file's bytes say about their encoding, as a short string stored with the blob: tokens
 * `bom=utf-8|utf-16le|utf-16be`, `utf8` (valid UTF-8), and `html=`, `css=`, `xml=` with the label
 * each syntax declares. `''` means examined: not UTF-8 and nothing declared.
 */
export function encodingEvidence(bytes: Uint8Array): string {
  const tokens: string[] = [];
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    tokens.push('bom=utf-8');
    body = bytes.subarray(3);
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) tokens.push('bom=utf-16le');
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) tokens.push('bom=utf-16be');
  try {
    strictUtf8.decode(body);
    tokens.push('utf8');
  } catch { /* not UTF-8 */ }
  const start = ascii.decode(body.subarray(0, HTML_SCAN_BYTES));
  const head = start.split(/<body[\s>]/i)[0];
  const html = htmlDeclaredCharset(head);
  if (html) tokens.push(`html=${html}`);
  const css = label(/^@charset "([^"]*)";/.exec(start)?.[1]);
  if (css) tokens.push(`css=${css}`);
  const xml = label(/^<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']*)["']/.exec(start)?.[1]);
  if (xml) tokens.push(`xml=${xml}`);
  return tokens.join(' ');
}

/**
 * The Content-Type to serve a file with: its essence plus `; charset=utf-8` when its family may
 * claim UTF-8 by the rule above, else the bare essence (so applying it twice changes nothing). `evidence` null means the bytes were never examined
 * (a blob stored before this rule): nothing is claimed.
 */
export function withCharset(type: string, evidence: string | null): string {
  const base = type.split(';')[0].trim();
  const family = textFamily(base);
  if (!family || evidence === null) return base;
  const tokens = evidence.split(' ');
  const bom = tokens.find((t) => t.startsWith('bom='))?.slice(4);
  if (bom) return bom === 'utf-8' ? `${base}; charset=utf-8` : base;
  if (!tokens.includes('utf8')) return base;
  let declared = family === 'text' ? undefined : tokens.find((t) => t.startsWith(`${family}=`))?.slice(family.length + 1);
  // HTML: a meta tag naming UTF-16 in a byte-oriented file means UTF-8 (HTML §13.2.3.2 prescan).
  if (family === 'html' && declared && /^utf-16(be|le)?$/.test(declared)) declared = 'utf-8';
  if (declared && !UTF8_LABELS.has(declared)) return base;
  return `${base}; charset=utf-8`;
}
