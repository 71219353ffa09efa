import { isIP } from 'node:net';

/**
 * The client address a chain of `hops` trusted reverse proxies reports in `X-Forwarded-For`: the
 * entry `hops` places from the right. Each proxy appends the address it received the request
 * from, so entries to the left of the trusted ones are whatever the client wrote and are never
 * believed (the leftmost entry is the client's own claim). Returns null when the header is missing,
 * shorter than the proxy chain, or that entry is not an IP address; the caller then falls back
 * to the socket's address.
 */
export function forwardedClientIp(header: string | null | undefined, hops: number): string | null {
  if (!header || hops < 1) return null;
  const entries = header.split(',').map((s) => s.trim());
  const entry = entries[entries.length - hops];
  if (!entry) return null;
  const bare = entry.replace(/^\[(.*)\]$/, '$1');
  return isIP(bare) ? bare : null;
}

/** `TRUST_PROXY`: `false`/empty (0 hops, use the socket), `true` (1 hop), or the number of proxies in front (1–10). */
export function parseTrustProxy(raw: string | undefined): number | null {
  const v = (raw ?? '').trim().toLowerCase();
  if (v === '' || v === 'false' || v === '0') return 0;
  if (v === 'true') return 1;
  return /^(10|[1-9])$/.test(v) ? Number(v) : null;
}
