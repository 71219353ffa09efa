/**
 * Where and what the feedback script tag goes into a share's HTML page (issue 16). Pure: bytes in,
 * bytes out, so the rules have unit tests (test/unit/inject.test.ts). Everything but the inserted
 * tag stays byte-identical: no re-encoding, no parsing beyond finding one insertion point.
 */

/** What the script does on a page: everything (`feedback`), or only reload on a new version (`live`). */
export type ScriptMode = 'feedback' | 'live';

/** How far into a page the insertion point is looked for: `<head>` sits near its start. */
const SCAN_BYTES = 64 * 1024;

/**
 * The tag added to a page. Same origin (`/__share/`), so a page CSP with `script-src 'self'`
 * allows it. Not `defer`: it must run before the page's own scripts and images, or the errors
 * and failed loads of the page's first moments (an inline script that throws, a missing image)
 * would happen before anyone listens. It is small and cached for a day under the URL naming its
 * build (`s`, the script's own hash), so only a viewer's first page waits for it. `v` is the
 * version the page was served from (the live poll reloads when the link's version differs).
 */
export function scriptTag(mode: ScriptMode, version: number, scriptHash: string): string {
  return `<script src="/__share/feedback.js?m=${mode}&amp;v=${version}&amp;s=${scriptHash}"></script>`;
}

/**
 * The byte offset the tag goes at, or null when the page must be left alone (UTF-16, whose BOM
 * says the ASCII tag would not be text in it). In order: right after the `<head …>` start tag;
 * else after `<html …>`; else after a `<!doctype …>` (before it, the tag would put the page in
 * quirks mode, HTML §13.2.6.4.1); else at the very start, after a UTF-8 BOM. Only the first
 * 64 KiB are looked at (as latin1, so a character is a byte and offsets are byte offsets).
 */
export function insertionPoint(bytes: Uint8Array): number | null {
  if (bytes.length >= 2 && ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe))) return null;
  const head = latin1(bytes.subarray(0, SCAN_BYTES));
  for (const tag of [/<head(?=[\s>/])[^>]*>/i, /<html(?=[\s>/])[^>]*>/i, /<!doctype(?=[\s>])[^>]*>/i]) {
    const m = tag.exec(head);
    if (m) return m.index + m[0].length;
  }
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/** The page with `tag` inserted at `at`: a new array, `bytes` untouched. */
export function insertAt(bytes: Uint8Array, at: number, tag: string): Uint8Array {
  const add = new TextEncoder().encode(tag);
  const out = new Uint8Array(bytes.length + add.length);
  out.set(bytes.subarray(0, at), 0);
  out.set(add, at);
  out.set(bytes.subarray(at), at + add.length);
  return out;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}
