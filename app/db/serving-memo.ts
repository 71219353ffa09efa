/**
 * A memo for the serving path's metadata read (`resolveFiles`), for a runtime where this process
 * is the database's only writer (the Node server). An answer is kept until the next write that
 * could change it — any insert, update or delete on `shares`, `versions` or `files`, from any
 * code path (revoke, update, finalize, rollback, takedown, settings, a counted view, cleanup) —
 * which calls `invalidate()` and drops every entry. Time-based expiry needs no invalidation: the
 * serving path compares the row's `expiresAt` with the clock on every request. The Worker has no
 * memo: its many isolates cannot see each other's writes.
 */
export interface ServingMemo {
  /** The remembered answer for `key`, else `load()`'s, remembered unless a write happened meanwhile. */
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** Forgets everything: a write that may change a served answer happened. */
  invalidate(): void;
  /** Entries held now (tests, memory figures). */
  readonly size: number;
}

export interface ServingMemoOptions {
  /** Most answers kept, least recently used out first (SERVE_CACHE_ENTRIES). */
  maxEntries: number;
  /**
   * Called before each lookup: returns a value that changes when someone else wrote the database
   * (SQLite's `PRAGMA data_version`), so a hand edit or a second process is never hidden.
   */
  outsideWrites?: () => unknown;
}

/** Builds a memo; see {@link ServingMemo}. With `maxEntries` 0 nothing is kept. */
export function servingMemo(opts: ServingMemoOptions): ServingMemo {
  const entries = new Map<string, unknown>();
  let generation = 0;
  let outside = opts.outsideWrites?.();
  const invalidate = () => {
    generation++;
    entries.clear();
  };
  return {
    async get<T>(key: string, load: () => Promise<T>): Promise<T> {
      if (opts.outsideWrites) {
        const now = opts.outsideWrites();
        if (now !== outside) { outside = now; invalidate(); }
      }
      if (entries.has(key)) {
        const value = entries.get(key) as T;
        entries.delete(key);
        entries.set(key, value); // most recently used last
        return value;
      }
      const before = generation;
      const value = await load();
      // A write between the start of the read and now may or may not be in `value`: not kept.
      if (before === generation && opts.maxEntries > 0) {
        entries.set(key, value);
        if (entries.size > opts.maxEntries) entries.delete(entries.keys().next().value as string);
      }
      return value;
    },
    invalidate,
    get size() { return entries.size; },
  };
}
