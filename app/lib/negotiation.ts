/**
 * Content negotiation on a share's origin: pure functions over request headers, one rule each.
 */

/** The `q` of each listed token (lower case) of an Accept-style header; a missing q is 1. */
function weights(header: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of header.split(',')) {
    const [token, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!token) continue;
    const q = params.find((p) => p.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    out.set(token, Number.isFinite(value) ? value : 0);
  }
  return out;
}

/**
 * Whether a client accepts a content coding (RFC 9110 §12.5.3): named with q > 0, or covered by
 * `*` with q > 0 when not named. No Accept-Encoding header at all means no preference, but a
 * pre-compressed file is still sent plain then: a client that sends nothing may not decode.
 */
export function acceptsCoding(header: string | undefined, coding: 'gzip' | 'br'): boolean {
  if (!header) return false;
  const w = weights(header);
  const named = w.get(coding) ?? (coding === 'gzip' ? w.get('x-gzip') : undefined);
  if (named !== undefined) return named > 0;
  const any = w.get('*');
  return any !== undefined && any > 0;
}

/** Whether a request's Accept header asks for an HTML document (a browser navigation does: `text/html,…`). */
export function acceptsHtml(header: string | undefined): boolean {
  if (!header) return false;
  const w = weights(header);
  return (w.get('text/html') ?? 0) > 0 || (w.get('application/xhtml+xml') ?? 0) > 0;
}
