import { sql } from 'drizzle-orm';
import type { Database, Statement } from '../db/client';
import { viewDays, viewReferrers, viewVisitors } from '../db/schema';
import { hmacBase64url } from '../lib/crypto';
import type { Deps, ViewEvent, ViewRecorder } from '../deps';

export type { ViewEvent, ViewRecorder };
import type { Logger } from '../lib/log';
import { serverSecret } from './secret';
import { utcDay } from '../lib/view-filter';

export interface RecorderOptions {
  db: Database;
  secret: () => Promise<string>;
  log: Logger;
  /** How long the first event of a batch waits for others to join it. */
  delayMs?: number;
  /** A batch this large is written at once. */
  maxBatch?: number;
}

/** D1 binds at most 100 parameters per statement: 3 per visitor row. */
const VISITORS_PER_INSERT = 33;

export function createViewRecorder(opts: RecorderOptions): ViewRecorder {
  const delayMs = opts.delayMs ?? 1000;
  const maxBatch = opts.maxBatch ?? 200;
  let buffer: ViewEvent[] = [];
  // The batch being collected: everyone who joined it waits on `done`, which settles once its write has.
  let open: { done: Promise<void>; settle: () => void; timer: ReturnType<typeof setTimeout> } | null = null;

  const flush = async (): Promise<void> => {
    const batch = open;
    open = null;
    if (batch) clearTimeout(batch.timer);
    const events = buffer;
    buffer = [];
    try {
      if (events.length > 0) await opts.db.commit(await statementsFor(opts, events));
    } catch (err) {
      // Stats are best effort: a failed batch is logged, never retried into the next page's path.
      opts.log.error('view_stats_failed', { events: events.length, message: (err as Error).message });
    } finally {
      batch?.settle();
    }
  };

  return {
    record(event) {
      buffer.push(event);
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

/** The batch for a set of events: per share and day one upsert, then the new visitor hashes and their count; per referrer one upsert. */
async function statementsFor(opts: RecorderOptions, events: ViewEvent[]): Promise<Statement[]> {
  const { orm } = opts.db;
  const secret = await opts.secret();
  const days = new Map<string, { shareId: string; day: string; views: number; last: number; visitors: Set<string> }>();
  const referrers = new Map<string, { shareId: string; host: string; views: number }>();
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
  const statements: Statement[] = [];
  for (const d of days.values()) {
    statements.push(orm.insert(viewDays).values({ shareId: d.shareId, day: d.day, views: d.views, uniqueVisitors: 0, lastViewedAt: d.last })
      .onConflictDoUpdate({ target: [viewDays.shareId, viewDays.day], set: { views: sql`${viewDays.views} + excluded.views`, lastViewedAt: sql`max(${viewDays.lastViewedAt}, excluded.last_viewed_at)` } }));
    const visitors = [...d.visitors];
    for (let i = 0; i < visitors.length; i += VISITORS_PER_INSERT) {
      statements.push(orm.insert(viewVisitors).values(visitors.slice(i, i + VISITORS_PER_INSERT).map((visitor) => ({ shareId: d.shareId, day: d.day, visitor }))).onConflictDoNothing());
      // changes() is the number of hashes the insert just above added (new visitors today): the
      // batch runs in order on one connection, so this costs one row, not a recount of the day.
      statements.push(orm.update(viewDays).set({ uniqueVisitors: sql`${viewDays.uniqueVisitors} + changes()` })
        .where(sql`${viewDays.shareId} = ${d.shareId} and ${viewDays.day} = ${d.day}`));
    }
  }
  for (const r of referrers.values()) {
    statements.push(orm.insert(viewReferrers).values(r)
      .onConflictDoUpdate({ target: [viewReferrers.shareId, viewReferrers.host], set: { views: sql`${viewReferrers.views} + excluded.views` } }));
  }
  return statements;
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
