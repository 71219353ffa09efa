import type { BlobStore } from '../storage/types';

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
 * DependencyError from a guarded binding, or better-sqlite3's SQLITE_* codes other than constraints.
 */
export function dependencyFailure(err: unknown): DependencyError | null {
  for (let e = err, depth = 0; e && depth < 5; e = (e as Error).cause, depth++) {
    if (e instanceof DependencyError) return e;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_') && !code.startsWith('SQLITE_CONSTRAINT')) return new DependencyError('database', e);
  }
  return null;
}

/** Constraint violations are answers about the data, not outages: they pass through untouched. */
const isDataError = (err: unknown) => /constraint|UNIQUE|FOREIGN KEY|CHECK/i.test(String((err as Error)?.message ?? err));

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

/** Wraps a D1 binding so every statement, batch and exec reports failures as DependencyError. */
export function guardD1(binding: D1Database): D1Database {
  const wrapStatement = (stmt: D1PreparedStatement): D1PreparedStatement => new Proxy(stmt, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop === 'bind') return (...args: unknown[]) => wrapStatement(value.apply(target, args));
      if (prop === 'all' || prop === 'run' || prop === 'first' || prop === 'raw') {
        return (...args: unknown[]) => guard('database', () => value.apply(target, args));
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return new Proxy(binding, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop === 'prepare') {
        return (query: string) => {
          try {
            return wrapStatement(target.prepare(query));
          } catch (err) {
            throw isDataError(err) ? err : new DependencyError('database', err);
          }
        };
      }
      if (prop === 'batch' || prop === 'exec') return (...args: unknown[]) => guard('database', () => value.apply(target, args));
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
