import { addMissingStatements, type MissingCount } from '../db/feedback';
import type { Database } from '../db/client';
import type { Deps, MissingHit, MissingRecorder } from '../deps';
import { createBatcher } from '../lib/batch';
import type { Logger } from '../lib/log';
import { FEEDBACK_CAPS } from './feedback-limits';

export type { MissingHit, MissingRecorder };

/** A recorder that sums 404s per share and path and writes them in one batch (`delayMs` after the first, default 1 s). */
export function createMissingRecorder(opts: { db: Database; log: Logger; delayMs?: number }): MissingRecorder {
  const batcher = createBatcher<MissingHit>({
    write: (hits) => opts.db.commit(addMissingStatements(opts.db, sumHits(hits), FEEDBACK_CAPS.missingPaths)).then(() => undefined),
    log: opts.log, failure: 'missing_counts_failed', delayMs: opts.delayMs,
  });
  return { record: (hit) => batcher.add({ ...hit, path: hit.path.slice(0, FEEDBACK_CAPS.pathChars) }), flush: () => batcher.flush() };
}

const recorders = new WeakMap<Deps, MissingRecorder>();

function recorderOf(deps: Deps): MissingRecorder {
  if (deps.missing) return deps.missing;
  let recorder = recorders.get(deps);
  if (!recorder) recorders.set(deps, (recorder = createMissingRecorder({ db: deps.db, log: deps.log })));
  return recorder;
}

/**
 * Counts a 404 of a share per decoded path, off the serving path: hits are summed in memory and
 * written in one batch about a second later (lib/batch.ts, as view stats are), and the returned
 * promise goes to `deps.defer`. Capped per link (FEEDBACK_CAPS.missingPaths).
 */
export function countMissing(deps: Deps, hit: MissingHit): Promise<void> {
  return recorderOf(deps).record(hit);
}

/** Writes the 404 counts buffered now (tests, shutdown). */
export function flushMissing(deps: Deps): Promise<void> {
  return recorderOf(deps).flush();
}

function sumHits(hits: MissingHit[]): MissingCount[] {
  const byPath = new Map<string, MissingCount>();
  for (const h of hits) {
    const key = `${h.shareId}\0${h.path}`;
    const row = byPath.get(key) ?? { shareId: h.shareId, path: h.path, count: 0, first: h.at, last: h.at };
    row.count++;
    row.first = Math.min(row.first, h.at);
    row.last = Math.max(row.last, h.at);
    byPath.set(key, row);
  }
  return [...byPath.values()];
}
