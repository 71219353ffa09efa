import { badRequest } from './errors';

/** `never`, or a whole number of minutes, hours, days or weeks: `30m`, `1h`, `24h`, `7d`, `2w`. */
export type Expiry = number | 'never';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses an expiry like `7d` into milliseconds, `never` into 'never'; anything else is null. */
export function parseExpiry(raw: string): Expiry | null {
  const s = raw.trim().toLowerCase();
  if (s === 'never') return 'never';
  const m = s.match(/^(\d{1,6})([mhdw])$/);
  if (!m) return null;
  const ms = Number(m[1]) * UNITS[m[2]];
  return ms > 0 ? ms : null;
}

/**
 * An expiry as people write it and the docs show it (`1h`, `24h`, `7d`, `30d`): days from two days
 * up, else hours, else minutes. Parses back to the same value.
 */
export function formatExpiry(e: Expiry): string {
  if (e === 'never') return 'never';
  if (e % UNITS.d === 0 && e >= 2 * UNITS.d) return `${e / UNITS.d}d`;
  if (e % UNITS.h === 0) return `${e / UNITS.h}h`;
  return `${Math.round(e / UNITS.m)}m`;
}

export interface ExpiryPolicy {
  /** Used when a publish names no expiry. */
  default: Expiry;
  /** The longest finite expiry anyone may ask for. */
  maxMs: number;
  /** Who may ask for `never`: nobody, publishers with an API key, or everyone. */
  allowNever: 'false' | 'keyed' | 'true';
}

/**
 * Turns a requested expiry into an absolute time (null = never), or refuses it. Anonymous links
 * cannot live forever unless the operator allows it, so an open deployment does not become
 * permanent hosting.
 */
export function resolveExpiry(requested: unknown, policy: ExpiryPolicy, keyed: boolean, now: number): number | null {
  let e: Expiry | null;
  if (requested === undefined || requested === null) e = policy.default;
  else if (typeof requested === 'string') e = parseExpiry(requested);
  else e = null;
  if (e === null) throw badRequest('invalid_expires', `"expires" must be "never" or a duration like 1h, 24h, 7d or 30d; got ${JSON.stringify(requested)}.`);
  if (e === 'never') {
    if (policy.allowNever === 'true' || (policy.allowNever === 'keyed' && keyed)) return null;
    throw badRequest('expiry_not_allowed', `Links on this server cannot live forever${policy.allowNever === 'keyed' ? ' without an API key' : ''}; the longest is ${formatExpiry(policy.maxMs)}.`);
  }
  if (e > policy.maxMs) throw badRequest('expiry_too_long', `The longest expiry on this server is ${formatExpiry(policy.maxMs)}; got ${formatExpiry(e)}.`);
  return now + e;
}

/** The expiries the web app offers, shortest first, before the policy filters them. */
const CHOICES: readonly Expiry[] = [UNITS.h, 24 * UNITS.h, 7 * UNITS.d, 30 * UNITS.d, 'never'];

/**
 * What a publisher without an API key may ask for on this server, as `GET /api` lists it and the
 * web app offers it: the usual choices within `maxMs` (plus the default and the longest, when they
 * are not among them), and `never` only when everyone may ask for it. Shortest first.
 */
export function expiryChoices(policy: ExpiryPolicy): string[] {
  const finite = new Set<number>([...CHOICES.filter((e): e is number => e !== 'never' && e <= policy.maxMs), policy.maxMs]);
  if (policy.default !== 'never') finite.add(policy.default);
  const out = [...finite].sort((a, b) => a - b).map(formatExpiry);
  if (policy.allowNever === 'true') out.push('never');
  return out;
}

/** `maxViews`: a positive whole number, or null to remove the limit. */
export function parseMaxViews(raw: unknown): number | null {
  if (raw === null) return null;
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1 || n > 1_000_000) {
    throw badRequest('invalid_max_views', `"maxViews" must be a whole number from 1 to 1000000 (or null for no limit); got ${JSON.stringify(raw)}.`);
  }
  return n;
}
