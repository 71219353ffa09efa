import { countHit, countOf, deleteRateLimitsBefore, uncountHit } from '../db/rate-limits';
import type { Deps } from '../deps';
import { hmacBase64url } from '../lib/crypto';
import { networkSubject, rateLimitSubject } from '../lib/ip-subject';
import { ApiError } from '../../core/errors';
import { serverSecret } from './secret';

export interface LimitResult {
  ok: boolean;
  count: number;
  /** Seconds until the window resets. */
  retryAfter: number;
  /** The stored counter (bucket and window), for `refund`. */
  key: string;
}

/**
 * Counts one event against `limit` per fixed window, atomically in the database (one upsert that
 * returns the new count), so the limit holds across every isolate and runs the same on D1 and
 * on SQLite.
 */
export async function hit(deps: Deps, bucket: string, limit: number, windowMs: number): Promise<LimitResult> {
  const now = deps.clock.now();
  const start = Math.floor(now / windowMs) * windowMs;
  const resetAt = start + windowMs;
  const key = `${bucket}:${start}`;
  const count = await countHit(deps.db, key, resetAt);
  return { ok: count <= limit, count, retryAfter: Math.max(1, Math.ceil((resetAt - now) / 1000)), key };
}

/**
 * How many events `bucket` has counted in the current window, without counting one: lets a guard
 * refuse a client that is already over its limit before doing the work it limits (e.g. comparing
 * a guessed secret), while only failures are counted with `hit`.
 */
export async function counted(deps: Deps, bucket: string, windowMs: number): Promise<LimitResult> {
  const now = deps.clock.now();
  const start = Math.floor(now / windowMs) * windowMs;
  const key = `${bucket}:${start}`;
  const count = await countOf(deps.db, key);
  return { ok: true, count, retryAfter: Math.max(1, Math.ceil((start + windowMs - now) / 1000)), key };
}

/**
 * Takes back one event `hit` counted, in the same window it was counted in: for limits that
 * count an attempt before its outcome is known (so parallel attempts cannot all slip under the
 * limit) and count only some outcomes (e.g. wrong passwords).
 */
export function refund(deps: Deps, counted: LimitResult): Promise<void> {
  return uncountHit(deps.db, counted.key);
}

/**
 * A keyed hash of the client's rate-limit subject (its IPv4 address or IPv6 /64, never the IP
 * itself), or null when the runtime reports no IP (`deps.clientIp`).
 */
export async function clientKey(deps: Deps, ip: string | null): Promise<string | null> {
  if (!ip) return null;
  return (await hmacBase64url(await serverSecret(deps), `ip:${rateLimitSubject(ip) ?? ip}`)).slice(0, 22);
}

/**
 * A keyed hash of the client's network (IPv4 /24, IPv6 /48: `networkSubject`), for limits that
 * must hold when one client rotates its addresses; null when the runtime reports no IP.
 */
export async function networkKey(deps: Deps, ip: string | null): Promise<string | null> {
  if (!ip) return null;
  return (await hmacBase64url(await serverSecret(deps), `net:${networkSubject(ip) ?? ip}`)).slice(0, 22);
}

export function rateLimited(what: string, retryAfter: number): ApiError {
  return new ApiError(429, 'rate_limited', `Too many ${what}; try again in ${retryAfter} seconds.`, { retryAfter }, { 'Retry-After': String(retryAfter) });
}

/** Refuses with 429 past the limit. Requests with no known client IP are not limited per IP. */
export async function enforcePerClient(deps: Deps, ip: string | null, scope: string, limit: number, what: string): Promise<void> {
  const key = await clientKey(deps, ip);
  if (!key) return;
  const result = await hit(deps, `${scope}:${key}`, limit, deps.config.rateLimits.windowMs);
  if (!result.ok) throw rateLimited(what, result.retryAfter);
}

/** Drops counters whose window has passed. */
export function pruneRateLimits(deps: Deps): Promise<number> {
  return deleteRateLimitsBefore(deps.db, deps.clock.now());
}
