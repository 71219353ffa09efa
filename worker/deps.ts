import type { Config } from './config';
import type { Database } from './db/client';
import type { IdSource } from './lib/ids';
import type { Logger } from './lib/log';
import type { BlobStore } from './storage/types';
import type { ViewRecorder } from './services/views';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * Everything a route may touch. Routes never read `c.env` or Node APIs: the Worker entry and the
 * Node server each build these from their own platform, and tests inject fakes where a real part
 * is not the point.
 */
export interface Deps {
  db: Database;
  blobs: BlobStore;
  clock: Clock;
  ids: IdSource;
  config: Config;
  log: Logger;
  /**
   * The client's IP for rate limits and password throttling. Defaults to Cloudflare's
   * `CF-Connecting-IP`; a runtime where clients could forge that header supplies its own.
   */
  clientIp?: (request: Request) => string | null;
  /** Where page views go; defaults to a batching recorder over `db` (services/views.ts). */
  views?: ViewRecorder;
}

export type HostKind = 'app' | 'content';

/** Hono environment shared by every sub-app. */
export type AppEnv = {
  Variables: { deps: Deps; hostKind: HostKind; shareId?: string; requestId: string };
};
