import type { Database, Statement } from '../db/client';
import { addViewsStatements, type ReferrerViews } from '../db/stats';
import { createBatcher } from '../lib/batch';
import { hmacBase64url } from '../lib/crypto';
import type { Deps, ViewEvent, ViewRecorder } from '../deps';
import type { Logger } from '../lib/log';
import { utcDay } from '../lib/view-filter';
import { serverSecret } from './secret';

export type { ViewEvent, ViewRecorder };

export interface RecorderOptions {
  db: Database;
  secret: () => Promise<string>;
  log: Logger;
  /** How long the first event of a batch waits for others to join it. */
  delayMs?: number;
  /** A batch this large is written at once. */
  maxBatch?: number;
}

export function createViewRecorder(opts: RecorderOptions): ViewRecorder {
  const batcher = createBatcher<ViewEvent>({
    write: async (events) => { await opts.db.commit(await statementsFor(opts, events)); },
    log: opts.log, failure: 'view_stats_failed', delayMs: opts.delayMs, maxBatch: opts.maxBatch,
  });
  return { record: (event) => batcher.add(event), flush: () => batcher.flush() };
}

/**
 * The batch for a set of events: views summed per share and UTC day (with the day's visitor
 * hashes) and per referrer host, then written by `addViewsStatements`.
 */
async function statementsFor(opts: RecorderOptions, events: ViewEvent[]): Promise<Statement[]> {
  const secret = await opts.secret();
  const days = new Map<string, { shareId: string; day: string; views: number; last: number; visitors: Set<string> }>();
  const referrers = new Map<string, ReferrerViews>();
  for (const e of events) {
    const day = utcDay(e.at);
    const key = `${e.shareId}/${day}`;
    const d = days.get(key) ?? { shareId: e.shareId, day, views: 0, last: 0, visitors: new Set<string>() };
    d.views++;
    d.last = Math.max(d.last, e.at);
    if (e.ip) d.visitors.add((await hmacBase64url(secret, `${day}\n${e.ip}\n${e.userAgent}`)).slice(0, 22));
    days.set(key, d);
    if (e.referrerHost) {
      const rk = `${e.shareId}/${e.referrerHost}`;
      const r = referrers.get(rk) ?? { shareId: e.shareId, host: e.referrerHost, views: 0 };
      r.views++;
      referrers.set(rk, r);
    }
  }
  return addViewsStatements(opts.db, [...days.values()].map((d) => ({ ...d, visitors: [...d.visitors] })), [...referrers.values()]);
}

const defaults = new WeakMap<Deps, ViewRecorder>();

/** The recorder a request uses: the one deps supplies, else one per deps built from its database. */
export function viewsOf(deps: Deps): ViewRecorder {
  if (deps.views) return deps.views;
  let recorder = defaults.get(deps);
  if (!recorder) {
    recorder = createViewRecorder({ db: deps.db, secret: () => serverSecret(deps), log: deps.log });
    defaults.set(deps, recorder);
  }
  return recorder;
}
