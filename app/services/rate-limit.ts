import { eq, lt, sql } from 'drizzle-orm';
import { rateLimits } from '../db/schema';
import type { Deps } from '../deps';
import { hmacBase64url } from '../lib/crypto';
import { rateLimitSubject } from '../lib/ip-subject';
import { ApiError } from '../../core/errors';
import { serverSecret } from './secret';

export interface LimitResult {
  ok: boolean;
  count: number;
  /** Seconds until the window resets. */
  retryAfter: number;
}

/**
 * Counts one event against `limit` per fixed window, atomically in D1 (one upsert that returns
 * the new count), so the limit holds across every isolate and runs the same under wrangler dev
 * and on SQLite.
 */
export async function hit(deps: Deps, bucket: string, limit: number, windowMs: number): Promise<LimitResult> {
  const now = deps.clock.now();
  const start = Math.floor(now / windowMs) * windowMs;
  const resetAt = start + windowMs;
  const rows = await deps.db.orm.insert(rateLimits).values({ bucket: `${bucket}:${start}`, count: 1, resetAt })
    .onConflictDoUpdate({ target: rateLimits.bucket, set: { count: sql`${rateLimits.count} + 1` } })
    .returning({ count: rateLimits.count });
  const count = Number(rows[0]?.count ?? 1);
  return { ok: count <= limit, count, retryAfter: Math.max(1, Math.ceil((resetAt - now) / 1000)) };
}

/**
 * How many events `bucket` has counted in the current window, without counting one: lets a guard
 * refuse a client that is already over its limit before doing the work it limits (e.g. comparing
 * a guessed secret), while only failures are counted with `hit`.
 */
export async function counted(deps: Deps, bucket: string, windowMs: number): Promise<LimitResult> {
  const now = deps.clock.now();
  const start = Math.floor(now / windowMs) * windowMs;
  const rows = await deps.db.orm.select({ count: rateLimits.count }).from(rateLimits).where(eq(rateLimits.bucket, `${bucket}:${start}`)).limit(1);
  const count = Number(rows[0]?.count ?? 0);
  return { ok: true, count, retryAfter: Math.max(1, Math.ceil((start + windowMs - now) / 1000)) };
}

/**
 * A keyed hash of the client's rate-limit subject (its IPv4 address or IPv6 /64, never the IP
 * itself), or null when the platform reports no IP.
 */
export async function clientKey(deps: Deps, request: Request): Promise<string | null> {
  const ip = deps.clientIp(request);
  if (!ip) return null;
  return (await hmacBase64url(await serverSecret(deps), `ip:${rateLimitSubject(ip) ?? ip}`)).slice(0, 22);
}

export function rateLimited(what: string, retryAfter: number): ApiError {
  return new ApiError(429, 'rate_limited', `Too many ${what}; try again in ${retryAfter} seconds.`, { retryAfter }, { 'Retry-After': String(retryAfter) });
}

/** Refuses with 429 past the limit. Requests with no known client IP are not limited per IP. */
export async function enforcePerClient(deps: Deps, request: Request, scope: string, limit: number, what: string): Promise<void> {
  const key = await clientKey(deps, request);
  if (!key) return;
  const result = await hit(deps, `${scope}:${key}`, limit, deps.config.rateLimits.windowMs);
  if (!result.ok) throw rateLimited(what, result.retryAfter);
}

/** Drops counters whose window has passed. */
export async function pruneRateLimits(deps: Deps): Promise<number> {
  const rows = await deps.db.orm.delete(rateLimits).where(lt(rateLimits.resetAt, deps.clock.now())).returning({ bucket: rateLimits.bucket });
  return rows.length;
}
