/**
 * What counts as a page view, decided from the request alone (pure, so each refusal has a unit
 * test): link previewers, crawlers, command-line fetchers and prefetches are not people reading.
 */
const BOT_PATTERN = /bot|crawler|spider|slurp|preview|facebookexternalhit|embedly|curl|wget|python-requests|httpclient|headless|lighthouse|pingdom|uptime|monitor|scrapy|go-http-client|okhttp|node-fetch|axios|undici/i;

export function isBot(userAgent: string | null | undefined): boolean {
  return !userAgent || BOT_PATTERN.test(userAgent);
}

/** Browsers mark speculative loads with `Sec-Purpose: prefetch` (or the older `Purpose` / `X-Moz`). */
export function isPrefetch(headers: Headers): boolean {
  const purpose = `${headers.get('sec-purpose') ?? ''} ${headers.get('purpose') ?? ''} ${headers.get('x-moz') ?? ''}`;
  return /prefetch|prerender/i.test(purpose);
}

/** The Referer's host only (lowercased), never its path or query; null when absent or unreadable. */
export function referrerHost(referer: string | null | undefined): string | null {
  if (!referer) return null;
  try {
    const url = new URL(referer);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.hostname.toLowerCase().slice(0, 253) || null;
  } catch {
    return null;
  }
}

/** `YYYY-MM-DD` in UTC: the day a view is counted in and the unit visitor hashes rotate on. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
