/**
 * Headers on everything served from a share's origin. Links are unlisted, so no indexing and no
 * referrer that would leak the link to third parties the page loads from.
 */
export const CONTENT_SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Robots-Tag': 'noindex, nofollow',
  'Referrer-Policy': 'no-referrer',
};

/** Our own status pages need no script at all. */
export const STATUS_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

export type RangeResult = { offset: number; length: number } | 'unsatisfiable' | null;

/** Parses a single `bytes=` range; multiple ranges are answered with the whole file, which RFC 9110 allows. */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (!header) return null;
  const m = header.match(/^bytes=(\d*)-(\d*)$/);
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    const length = Math.min(suffix, size);
    return { offset: size - length, length };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { offset: start, length: end - start + 1 };
}

/** True when an If-None-Match header names this ETag (or `*`). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const v = t.trim().replace(/^W\//, '');
    return v === etag || v === '*';
  });
}

/**
 * Whether a Range request may be answered with part of the current file (RFC 9110 §13.1.5):
 * without If-Range, yes; with it, only when it is a strong ETag equal to the current one. A weak
 * ETag, another ETag or a date (these files carry no Last-Modified) means the client holds some
 * other version, so it gets the whole file with 200 rather than a mix of two versions.
 */
export function ifRangeAllows(header: string | undefined, etag: string): boolean {
  if (header === undefined) return true;
  const value = header.trim();
  return !value.startsWith('W/') && value === etag;
}
