import { badRequest } from './errors';

/**
 * The allowlist's rules (issue 19), once for the server and every client: which entries are
 * valid, how they are written, and which entry lets an address in. Pure, no runtime.
 *
 * An entry is an exact address (`alice@acme.com`) or a whole domain (`*@partner.example`).
 * Entries and addresses are compared without case: RFC 5321 §2.4 lets a server treat the local
 * part as case-sensitive, but nearly every mail provider does not, and a viewer typing
 * `Alice@Acme.com` is the person `alice@acme.com` names. So both are stored lowercased and trimmed.
 */

/** Most entries one link's allowlist holds. */
export const MAX_ALLOW_ENTRIES = 100;

/** RFC 5321 §4.5.3.1: a local part of at most 64 octets, a path of at most 256 (so an address of at most 254). */
const MAX_ADDRESS = 254;
const MAX_LOCAL = 64;

/**
 * The dot-atom local part of RFC 5322 §3.4.1, without `*` (so `*@domain` is always a domain entry
 * and `**@x` or `*x@x` are refused as typos) and without quoted strings: no provider hands those out.
 */
const LOCAL = /^[a-z0-9!#$%&'+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'+/=?^_`{|}~-]+)*$/;
/** A DNS name of two or more labels (RFC 1035 letters, digits, hyphens; IDNs in their `xn--` form), a top-level label of letters or `xn--`. */
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** The domain part if it is a valid mail domain, lowercased; else null. */
function validDomain(raw: string): string | null {
  const domain = raw.toLowerCase();
  return DOMAIN.test(domain) ? domain : null;
}

/**
 * An address as the allowlist keeps and compares it (trimmed, lowercased), or null when it is not
 * a plain `local@domain` address (RFC 5322 dot-atom, a DNS domain; no display names, comments or
 * quoted local parts).
 */
export function normaliseAddress(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const address = raw.trim().toLowerCase();
  if (address.length > MAX_ADDRESS) return null;
  const at = address.lastIndexOf('@');
  if (at < 1) return null;
  const local = address.slice(0, at);
  if (local.length > MAX_LOCAL || !LOCAL.test(local)) return null;
  return validDomain(address.slice(at + 1)) ? address : null;
}

/**
 * One allowlist entry as stored: an address (see {@link normaliseAddress}) or `*@domain` for every
 * address of that domain (not its subdomains). Errors: ApiError 400 `invalid_allow_entry` naming it.
 */
export function normaliseEntry(raw: unknown): string {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text.startsWith('*@')) {
    const domain = validDomain(text.slice(2));
    if (domain) return `*@${domain}`;
  } else {
    const address = normaliseAddress(text);
    if (address) return address;
  }
  const shown = typeof raw === 'string' ? JSON.stringify(raw.slice(0, 80)) : String(raw);
  throw badRequest('invalid_allow_entry', `${shown} is not an email address or a domain entry; write alice@example.com, or *@example.com for everyone at example.com.`);
}

/**
 * A whole allowlist as stored: each entry normalised, duplicates dropped, in the order given.
 * Errors: ApiError 400 `invalid_allow` (not a list), `invalid_allow_entry`, `too_many_allowed`
 * (more than {@link MAX_ALLOW_ENTRIES}).
 */
export function normaliseAllowList(raw: unknown, max = MAX_ALLOW_ENTRIES): string[] {
  if (!Array.isArray(raw)) throw badRequest('invalid_allow', '"allow" must be a list of email addresses and *@domain entries.');
  return capAllowList([...new Set(raw.map(normaliseEntry))], max);
}

/** The list itself when it holds at most `max` entries; else ApiError 400 `too_many_allowed`. */
export function capAllowList(entries: string[], max = MAX_ALLOW_ENTRIES): string[] {
  if (entries.length > max) throw badRequest('too_many_allowed', `An allowlist holds at most ${max} entries (this one would hold ${entries.length}); use a *@domain entry for a whole organisation.`, { limit: max });
  return entries;
}

/**
 * The entry that lets `address` (normalised) in, or null: the exact address first, else its
 * domain's `*@domain` entry. A domain entry covers that domain only, not its subdomains.
 */
export function matchingEntry(entries: readonly string[], address: string): string | null {
  if (entries.includes(address)) return address;
  const domainEntry = `*@${address.slice(address.lastIndexOf('@') + 1)}`;
  return entries.includes(domainEntry) ? domainEntry : null;
}

/** Splits `a@x.com,*@y.org` (the zip path's `?allow=`, a comma-separated form) into entries. */
export function splitAllowParam(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}
