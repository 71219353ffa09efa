import ipaddr from 'ipaddr.js';

/**
 * The subject a per-client limit counts against, from a client IP. An IPv4 address is itself; an
 * IPv6 address is its /64 prefix, because one subscriber is routinely handed a whole /64 (RFC 6177,
 * RFC 8273) and can pick a fresh address from it for every request. An IPv4-mapped IPv6 address
 * (`::ffff:192.0.2.1`, how a dual-stack socket reports IPv4) is the IPv4 address it maps.
 * Returns null for text that is not an IP address (never trust such a subject to be unique).
 * Parsing is ipaddr.js's (RFC 4291 text forms, zone ids, dotted IPv4 tails).
 */
export function rateLimitSubject(ip: string): string | null {
  const text = ip.trim().replace(/^\[(.*)\]$/, '$1');
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text).toString();
  if (!ipaddr.IPv6.isValid(text)) return null;
  const v6 = ipaddr.IPv6.parse(text);
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${v6.toNormalizedString()}/64`).toString()}/64`;
}
