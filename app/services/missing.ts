import { addMissingStatements, type MissingCount } from '../db/feedback';
import type { Deps } from '../deps';
import { createBatcher, type Batcher } from '../lib/batch';
import { FEEDBACK_CAPS } from './feedback-limits';

/** One 404 a share answered: its decoded path (`/img/logo.png`), nothing about who asked. */
export interface MissingHit {
  shareId: string;
  path: string;
  at: number;
}

const recorders = new WeakMap<Deps, Batcher<MissingHit>>();

/**
 * Counts a 404 of a share per decoded path, off the serving path: hits are summed in memory and
 * written in one batch about a second later (lib/batch.ts, as view stats are), and the returned
 * promise goes to `deps.defer`. Capped per link (FEEDBACK_CAPS.missingPaths).
 */
export function countMissing(deps: Deps, hit: MissingHit): Promise<void> {
  let recorder = recorders.get(deps);
  if (!recorder) {
    recorder = createBatcher<MissingHit>({
      write: (hits) => deps.db.commit(addMissingStatements(deps.db, sumHits(hits), FEEDBACK_CAPS.missingPaths)).then(() => undefined),
      log: deps.log, failure: 'missing_counts_failed',
    });
    recorders.set(deps, recorder);
  }
  return recorder.add({ ...hit, path: hit.path.slice(0, FEEDBACK_CAPS.pathChars) });
}

/** Writes the 404 counts buffered now (tests, shutdown). */
export function flushMissing(deps: Deps): Promise<void> {
  return recorders.get(deps)?.flush() ?? Promise.resolve();
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
