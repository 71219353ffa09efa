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

/**
 * The network a client address belongs to, for limits that must hold against a client rotating
 * addresses: an IPv4 address's /24, an IPv6 address's /48 (the assignment to one site or customer,
 * RFC 6177; a subscriber with a /48 holds 65,536 /64s). IPv4-mapped addresses count as IPv4.
 * Returns null for text that is not an IP address.
 */
export function networkSubject(ip: string): string | null {
  const subject = rateLimitSubject(ip);
  if (subject === null) return null;
  if (!subject.includes(':')) return `${ipaddr.IPv4.networkAddressFromCIDR(`${subject}/24`)}/24`;
  return `${ipaddr.IPv6.networkAddressFromCIDR(subject.replace(/\/64$/, '/48'))}/48`;
}
