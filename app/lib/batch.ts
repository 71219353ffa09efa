import type { Logger } from './log';

/**
 * Collects items in memory and writes them in one batch, so a request never waits on the write:
 * `add` returns the promise of the flush the item joined (hand it to `deps.defer`, never await it
 * before answering). The first item of a batch waits `delayMs` for others to join; `maxBatch`
 * items are written at once. A failed write is logged as `failure` and dropped, never retried into
 * the next request's path: what is batched here is best effort (stats, counts).
 */
export interface Batcher<T> {
  add(item: T): Promise<void>;
  /** Writes whatever is buffered now (shutdown, tests). */
  flush(): Promise<void>;
}

export interface BatcherOptions<T> {
  write: (items: T[]) => Promise<void>;
  log: Logger;
  /** The log event of a failed write, e.g. `view_stats_failed`. */
  failure: string;
  delayMs?: number;
  maxBatch?: number;
}

export function createBatcher<T>(opts: BatcherOptions<T>): Batcher<T> {
  const delayMs = opts.delayMs ?? 1000;
  const maxBatch = opts.maxBatch ?? 200;
  let buffer: T[] = [];
  // The batch being collected: everyone who joined it waits on `done`, which settles once its write has.
  let open: { done: Promise<void>; settle: () => void; timer: ReturnType<typeof setTimeout> } | null = null;

  const flush = async (): Promise<void> => {
    const batch = open;
    open = null;
    if (batch) clearTimeout(batch.timer);
    const items = buffer;
    buffer = [];
    try {
      if (items.length > 0) await opts.write(items);
    } catch (err) {
      opts.log.error(opts.failure, { events: items.length, message: (err as Error).message });
    } finally {
      batch?.settle();
    }
  };

  return {
    add(item) {
      buffer.push(item);
      if (!open) {
        let settle!: () => void;
        const done = new Promise<void>((resolve) => { settle = resolve; });
        open = { done, settle, timer: setTimeout(() => void flush(), delayMs) };
      }
      const { done } = open;
      if (buffer.length >= maxBatch) void flush();
      return done;
    },
    flush,
  };
}
