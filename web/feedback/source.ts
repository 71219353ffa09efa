/**
 * A URL as an error report names it: scheme, host and path, without the query or fragment, which
 * can carry what a viewer typed or a token (`<img src="/avatar?email=…">`, a signed CDN URL) and
 * are not what tells the sharer which file failed (missing files are counted by path too). A URL
 * of another scheme (`data:`, `blob:`) is named by its scheme alone, and a non-URL (a CSP
 * report's `inline` or `eval`) is kept as it is.
 */
export function bareUrl(url: string): string {
  let u: URL;
  try { u = new URL(url); } catch { return url; }
  return u.protocol === 'http:' || u.protocol === 'https:' ? `${u.origin}${u.pathname}` : u.protocol;
}
