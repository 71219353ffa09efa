import type { BlobStore } from '../storage';

export type DependencyPart = 'database' | 'storage';

/**
 * A failure of the database or the blob store rather than of our code or the request: answered
 * 503 (try again) instead of 500, and named in the log, so an outage reads as an outage.
 */
export class DependencyError extends Error {
  constructor(readonly part: DependencyPart, cause: unknown) {
    super(`${part} unavailable: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'DependencyError';
  }
}

/**
 * Finds an outage anywhere in an error's cause chain (drizzle wraps driver errors): a
 * DependencyError from a guarded binding, or a driver error the database adapter recognises as
 * an outage (`isOutage`, e.g. better-sqlite3's SQLITE_* codes other than constraints).
 */
export function dependencyFailure(err: unknown, isOutage: (e: unknown) => boolean = () => false): DependencyError | null {
  for (let e = err, depth = 0; e && depth < 5; e = (e as Error).cause, depth++) {
    if (e instanceof DependencyError) return e;
    if (isOutage(e)) return new DependencyError('database', e);
  }
  return null;
}

/** Constraint violations are answers about the data, not outages: they pass through untouched. */
export const isDataError = (err: unknown) => /constraint|UNIQUE|FOREIGN KEY|CHECK/i.test(String((err as Error)?.message ?? err));

export async function guard<T>(part: DependencyPart, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw isDataError(err) ? err : new DependencyError(part, err);
  }
}

export function guardStore(store: BlobStore): BlobStore {
  return {
    put: (key, bytes, type) => guard('storage', () => store.put(key, bytes, type)),
    get: (key, range) => guard('storage', () => store.get(key, range)),
    delete: (keys) => guard('storage', () => store.delete(keys)),
    ping: () => store.ping(),
  };
}
